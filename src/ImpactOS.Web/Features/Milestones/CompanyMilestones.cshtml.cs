using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Milestones;

/// <summary>Company profile → Milestones: mark (with date, note, link, file), edit, undo, and the
/// history of every step. Founders read it.</summary>
[Authorize(Policy = Policies.TenantMember)]
[RequireMilestonesFeature]
[RequestSizeLimit(EvidenceTypes.MaxBytes + (1024 * 1024))]
public sealed class CompanyMilestonesModel(MilestoneProgress progress, Claims.MilestoneClaims claims, CurrentUser me, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public string CompanyName { get; private set; } = "";
    public string TrackTitle { get; private set; } = "";
    public IReadOnlyList<RoadmapStep> Steps { get; private set; } = [];
    public ILookup<Guid, HistoryEntry> History { get; private set; } = Array.Empty<HistoryEntry>().ToLookup(_ => Guid.Empty);
    /// <summary>An archived company is read-only until restored (<see cref="ArchivedCompany"/>).</summary>
    public bool Archived { get; private set; }
    public bool CanMark => me.IsStaff && !Archived && Closed is null;

    /// <summary>"Shut down 2025-03-01" or "Acquired …" when the company has closed: its milestones
    /// are read-only until the outcome is undone (<see cref="ArchivedCompany.RefuseMilestoneChanges"/>).</summary>
    public string? Closed { get; private set; }
    public bool IsFounder => me.IsFounder;

    /// <summary>Founders claim a milestone here; a coach approves or declines it (<see cref="Claims.MilestoneClaims"/>).</summary>
    public bool CanClaim => me.IsFounder && !Archived && Closed is null;

    /// <summary>Every claim of the company, newest first, by milestone.</summary>
    public ILookup<Guid, Claims.ClaimDto> ClaimsByStep { get; private set; } = Array.Empty<Claims.ClaimDto>().ToLookup(c => c.MilestoneId);

    public bool IsStaff => me.IsStaff;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public Guid? ErrorMilestoneId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>Marks or edits; a day in the past means 00:00 UTC that day, today means now (an
    /// achievement of today keeps its time: the use case's rule). With a file, the mark and the file
    /// are one change: a refused file leaves the step as it was.</summary>
    public async Task<IActionResult> OnPostMarkAsync(Guid milestoneId, DateOnly? achievedOn, string? note, string? link, IFormFile? file, int? version, bool returnToProfile, CancellationToken ct)
    {
        DateTime? achievedAt = achievedOn is { } day && day != Today ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null;
        var wasAchieved = (await progress.RoadmapAsync(Id, ct)).Value?.FirstOrDefault(s => s.MilestoneId == milestoneId) is { Status: "achieved" };
        var marked = await progress.MarkWithEvidenceAsync(Id, milestoneId, new MarkAchievedRequest("achieved", achievedAt, note, link, version), file, ct);
        if (marked.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (marked.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (!marked.IsOk)
        {
            ErrorMilestoneId = milestoneId; // that step's form shows the errors and what was typed
            marked.CopyTo(ModelState);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData["Flash"] = wasAchieved ? $"“{marked.Value!.Title}” is updated." : $"“{marked.Value!.Title}” is achieved.";
        return returnToProfile ? Redirect($"/companies/{Id}") : Redirect($"/companies/{Id}/milestones#step-{milestoneId}");
    }

    /// <summary>A founder's claim (date, note, link, file), for a coach to verify.</summary>
    public async Task<IActionResult> OnPostClaimAsync(Guid milestoneId, DateOnly? achievedOn, string? note, string? link, IFormFile? file, CancellationToken ct)
    {
        var claimed = await claims.ClaimAsync(Id, milestoneId, new Claims.ClaimRequest(achievedOn, note, link), file, ct);
        if (claimed.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (claimed.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (!claimed.IsOk)
        {
            ErrorMilestoneId = milestoneId;
            claimed.CopyTo(ModelState);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData["Flash"] = $"Your claim of “{claimed.Value!.MilestoneTitle}” is sent; a coach will verify it.";
        return Redirect($"/companies/{Id}/milestones#step-{milestoneId}");
    }

    public async Task<IActionResult> OnPostUndoAsync(Guid milestoneId, int? version, CancellationToken ct)
    {
        var before = (await progress.RoadmapAsync(Id, ct)).Value?.FirstOrDefault(s => s.MilestoneId == milestoneId);
        var undone = await progress.UndoAsync(Id, milestoneId, version, ct);
        if (undone.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (undone.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (!undone.IsOk)
        {
            undone.CopyTo(ModelState);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData["Flash"] = $"“{undone.Value!.Title}” is pending again. Its history is kept below.";
        if (before is { Status: "achieved", AchievedAt: { } at })
        {
            // The flash offers Redo: the same mark again, with the date, note and link it had.
            TempData["Redo"] = System.Text.Json.JsonSerializer.Serialize(new RedoMark(
                $"/companies/{Id}/milestones?handler=Mark", milestoneId, DateOnly.FromDateTime(at).ToString("yyyy-MM-dd"), before.EvidenceNote, before.EvidenceUrl));
        }

        return Redirect($"/companies/{Id}/milestones#step-{milestoneId}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var company = await progress.HeadingAsync(Id, ct);
        var roadmap = await progress.RoadmapAsync(Id, ct);
        if (company is null || !roadmap.IsOk)
        {
            return false;
        }

        CompanyName = company.Name;
        TrackTitle = company.TrackTitle;
        Archived = company.ArchivedAt is not null;
        Closed = company.Outcome == CompanyOutcome.Active ? null : CompanyOutcomes.Describe(company.Outcome, company.OutcomeOn);
        Steps = roadmap.Value!;
        History = await progress.CompanyHistoryAsync(Id, ct);
        ClaimsByStep = (await claims.OfCompanyAsync(Id, ct)).ToLookup(c => c.MilestoneId);
        return true;
    }
}

/// <summary>What the Redo button after an undo posts (read by the layout's flash).</summary>
public sealed record RedoMark(string Action, Guid MilestoneId, string AchievedOn, string? Note, string? Link);
