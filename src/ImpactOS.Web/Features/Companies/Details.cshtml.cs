using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Companies;

/// <summary>The company profile.</summary>
[Authorize(Policy = Auth.Policies.TenantMember)]
public sealed class DetailsModel(CompanyDirectory directory, FeatureFlags flags, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public CompanyDto Company { get; private set; } = null!;
    public bool MilestonesOn { get; private set; }
    public CurrentUser Me => me;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var company = await directory.GetAsync(Id, ct);
        if (company is null)
        {
            return NotFound();
        }

        Company = company;
        MilestonesOn = await flags.MilestonesEnabledAsync(ct);
        return Page();
    }
}
