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
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Companies", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    /// <summary>A column header's link: the column's first order, or the other way round when it is already sorted by it.</summary>
    public string SortUrl(string column) => ListUrl(sort: CurrentSort == column ? "-" + column : column);

    /// <summary>The header's aria-sort: ascending, descending or none.</summary>
    public string AriaSort(string column) =>
        CurrentSort == column ? "ascending" : CurrentSort == "-" + column ? "descending" : "none";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsFounder && me.CompanyId is { } own)
        {
            return Redirect($"/Companies/{own}");
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
