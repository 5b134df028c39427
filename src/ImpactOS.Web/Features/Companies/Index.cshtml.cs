using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace ImpactOS.Web.Features.Companies;

[Authorize(Policy = Auth.Policies.TenantMember)]
public sealed class IndexModel(CompanyDirectory directory, TrackOptions tracks, FeatureFlags flags, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? TrackId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    /// <summary>The "Archived companies" view: only archived ones, so an admin can find and restore one.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Archived { get; set; }

    public int Total { get; private set; }

    public Page<CompanyDto> Companies { get; private set; } = new([], null);
    public IReadOnlyList<SelectListItem> TrackOptions { get; private set; } = [];
    public bool MilestonesOn { get; private set; }
    public bool CanCreate => me.IsStaff;

    public string CurrentSort => Sort ?? "name";

    /// <summary>A link to this list with the same filters, in another order or from another cursor.</summary>
    public string ListUrl(string? sort = null, string? cursor = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Q,
            ["trackId"] = TrackId?.ToString(),
            ["archived"] = Archived ? "true" : null,
            ["sort"] = (sort ?? Sort) is "name" ? null : sort ?? Sort,
            ["cursor"] = cursor,
        };
        return ListOrder.Url("/companies", query);
    }

    /// <summary>The sortable headers' links and aria-sort.</summary>
    public ListOrder Order => new(CurrentSort, sort => ListUrl(sort: sort));

    public Pager Pages => new("Pages of companies", Cursor is null ? null : ListUrl(), Companies.NextCursor is null ? null : ListUrl(cursor: Companies.NextCursor));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsFounder && me.CompanyId is { } own)
        {
            return Redirect($"/companies/{own}");
        }

        MilestonesOn = await flags.MilestonesEnabledAsync(ct);
        if (Sort is not null && !CompanyDirectory.Sorts.Contains(Sort))
        {
            Sort = null;
        }

        var query = new CompanyQuery(MilestonesOn ? TrackId : null, null, Q, Cursor, ArchivedOnly: Archived, Sort: Sort);
        var page = await directory.ListAsync(query, ct);
        if (!page.IsOk)
        {
            page.CopyTo(ModelState);
            query = new CompanyQuery(ArchivedOnly: Archived);
            (Q, Cursor, TrackId, Sort) = (null, null, null, null);
            page = await directory.ListAsync(query, ct);
        }

        Companies = page.Value!;
        Total = await directory.CountAsync(query, ct);
        if (MilestonesOn)
        {
            TrackOptions = await tracks.SelectListAsync(TrackId, ct);
        }

        return Page();
    }
}
