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

    public Page<CompanyDto> Companies { get; private set; } = new([], null);
    public IReadOnlyList<SelectListItem> TrackOptions { get; private set; } = [];
    public bool MilestonesOn { get; private set; }
    public bool CanCreate => me.IsStaff;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsFounder && me.CompanyId is { } own)
        {
            return Redirect($"/Companies/{own}");
        }

        MilestonesOn = await flags.MilestonesEnabledAsync(ct);
        var page = await directory.ListAsync(new CompanyQuery(MilestonesOn ? TrackId : null, null, Q, Cursor), ct);
        if (!page.IsOk)
        {
            page.CopyTo(ModelState);
            page = await directory.ListAsync(new CompanyQuery(), ct);
        }

        Companies = page.Value!;
        if (MilestonesOn)
        {
            TrackOptions = await tracks.SelectListAsync(TrackId, ct);
        }

        return Page();
    }
}
