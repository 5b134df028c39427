using ImpactOS.Core.Timeline;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Features.Velocity;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Companies;

/// <summary>The company profile.</summary>
[Authorize(Policy = Auth.Policies.TenantMember)]
public sealed class DetailsModel(CompanyDirectory directory, FeatureFlags flags, MilestoneProgress progress, VelocityReports velocity, CompanyTimeline timeline, CurrentUser me, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string[] Kinds { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public TimelineView Timeline { get; private set; } = null!;

    public CompanyDto Company { get; private set; } = null!;
    public bool MilestonesOn { get; private set; }
    public CurrentUser Me => me;
    public RoadmapView? Roadmap { get; private set; }
    public CompanyVelocityDto? Velocity { get; private set; }

    /// <summary>Archiving and restoring are the admins' (checked in <see cref="CompanyDirectory"/>).</summary>
    public bool CanArchive => me.IsAdmin;

    public Task<IActionResult> OnPostArchiveAsync(CancellationToken ct) =>
        AfterAsync(directory.ArchiveAsync(Id, ct), c => $"{c.Name} is archived: it has left the lists; its history is kept and it can be restored here.");

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken ct) =>
        AfterAsync(directory.RestoreAsync(Id, ct), c => $"{c.Name} is restored and back in the lists.");

    private async Task<IActionResult> AfterAsync(Task<Outcome<CompanyDto>> change, Func<CompanyDto, string> message)
    {
        var outcome = await change;
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                TempData["Flash"] = message(outcome.Value!);
                return RedirectToPage(new { Id });
            case OutcomeKind.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

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
            var steps = await progress.RoadmapAsync(Id, company.MilestoneTrackId, ct);
            Roadmap = new RoadmapView(Id, steps, me.IsStaff && ArchivedCompany.MilestonesChangeable(company.ArchivedAt, company.Outcome), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            Velocity = await velocity.ForCompanyAsync(Id, company.MilestoneTrackId, null, ct);
        }

        var available = MilestonesOn ? TimelineKinds.All : TimelineKinds.All.Where(k => k != TimelineKind.Milestone).ToList();
        var kinds = Kinds.Select(name => TimelineKinds.TryParse(name, out var kind) ? kind : (TimelineKind?)null)
            .OfType<TimelineKind>().Where(available.Contains).ToHashSet();
        if (kinds.Count == 0)
        {
            kinds = [.. available];
        }

        var page = await timeline.ListAsync(Id, kinds, Cursor, 30, ct);
        if (!page.IsOk)
        {
            page = await timeline.ListAsync(Id, kinds, null, 30, ct);
        }

        Timeline = await TimelineView.BuildAsync(timeline, Id, page.Value!, kinds, available, ct);

        return Page();
    }
}
