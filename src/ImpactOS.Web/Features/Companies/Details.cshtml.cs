using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Velocity;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Companies;

/// <summary>The company profile.</summary>
[Authorize(Policy = Auth.Policies.TenantMember)]
public sealed class DetailsModel(CompanyDirectory directory, FeatureFlags flags, MilestoneProgress progress, VelocityReports velocity, CurrentUser me, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public CompanyDto Company { get; private set; } = null!;
    public bool MilestonesOn { get; private set; }
    public CurrentUser Me => me;
    public RoadmapView? Roadmap { get; private set; }
    public CompanyVelocityDto? Velocity { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var company = await directory.GetAsync(Id, ct);
        if (company is null)
        {
            return NotFound();
        }

        Company = company;
        MilestonesOn = await flags.MilestonesEnabledAsync(ct);
        if (MilestonesOn)
        {
            var steps = await progress.RoadmapAsync(Id, ct);
            Roadmap = new RoadmapView(Id, steps.Value ?? [], me.IsStaff && company.ArchivedAt is null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            Velocity = (await velocity.ForCompanyAsync(Id, null, ct)).Value;
        }

        return Page();
    }
}
