using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Tracks;

/// <summary>One track: its milestones in order; for its editors, add, rename, reorder (one
/// step at a time, saved as a complete order) and archive.</summary>
[Authorize(Policy = Policies.TenantMemberOrOperator)]
[RequireMilestonesFeature]
public sealed class DetailsModel(TrackCatalog catalog, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public TrackDto Track { get; private set; } = null!;
    public IReadOnlyList<TrackMilestoneDto> Archived { get; private set; } = [];
    public bool ShowCompanies => me.IsStaff;

    /// <summary>Which form came back with errors ("add", "track", or a milestone's id for its
    /// rename form): only that one shows them beside its fields, with what was typed.</summary>
    public string? FailedForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAddAsync(string? title, string? description, int? orderIndex, CancellationToken ct) =>
        AfterAsync(catalog.AddMilestoneAsync(Id, new MilestoneInput(title, description, orderIndex), ct), $"“{title?.Trim()}” is added.", ct, "add");

    public Task<IActionResult> OnPostRenameAsync(Guid milestoneId, string? title, string? description, CancellationToken ct) =>
        AfterAsync(catalog.UpdateMilestoneAsync(Id, milestoneId, new MilestoneInput(title, description), ct), $"“{title?.Trim()}” is updated.", ct, milestoneId.ToString());

    public Task<IActionResult> OnPostMoveAsync(Guid milestoneId, int by, CancellationToken ct) =>
        AfterAsync(catalog.MoveAsync(Id, milestoneId, Math.Sign(by), ct), "New order saved.", ct);

    public Task<IActionResult> OnPostArchiveAsync(Guid milestoneId, CancellationToken ct) =>
        AfterAsync(catalog.ArchiveMilestoneAsync(Id, milestoneId, ct), "Milestone archived; companies that reached it keep it in their history.", ct);

    public Task<IActionResult> OnPostRestoreAsync(Guid milestoneId, CancellationToken ct) =>
        AfterAsync(catalog.RestoreMilestoneAsync(Id, milestoneId, ct), "Milestone restored at the end of the track; move it where it belongs.", ct);

    public Task<IActionResult> OnPostRenameTrackAsync(string? title, string? description, CancellationToken ct) =>
        AfterAsync(catalog.UpdateAsync(Id, new TrackInput(title, description), ct), "The track is updated.", ct, "track");

    private async Task<IActionResult> AfterAsync(Task<Outcome<TrackDto>> change, string message, CancellationToken ct, string? form = null)
    {
        var outcome = await change;
        switch (outcome.Kind)
        {
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Forbidden:
                return Forbid();
            case OutcomeKind.Ok:
                TempData["Flash"] = message;
                return RedirectToPage(new { Id });
            default:
                FailedForm = form;
                outcome.CopyTo(ModelState);
                return await LoadAsync(ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var track = await catalog.GetAsync(Id, ct);
        if (!track.IsOk)
        {
            return false;
        }

        Track = track.Value!;
        if (Track.CanEdit)
        {
            Archived = await catalog.ArchivedMilestonesAsync(Id, ct);
        }

        return true;
    }
}
