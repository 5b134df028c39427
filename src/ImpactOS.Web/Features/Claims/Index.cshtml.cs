using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Claims;

/// <summary>The coaches' queue: open claims, oldest first, each approved (with the claimed day or a
/// corrected one) or declined with a reason. A company's milestones page posts here as well, and
/// gets sent back to it.</summary>
[Authorize(Policy = Policies.Staff)]
[RequireMilestonesFeature]
public sealed class IndexModel(MilestoneClaims claims, TimeProvider clock) : PageModel
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public IReadOnlyList<ClaimDto> Open { get; private set; } = [];

    /// <summary>The claim whose form failed: it shows the errors and what was typed.</summary>
    public Guid? ErrorClaimId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Open = (await claims.ListAsync("open", null, ct)).Value!;

    public async Task<IActionResult> OnPostApproveAsync(Guid claimId, DateOnly? achievedOn, Guid? returnToCompany, CancellationToken ct) =>
        await DecidedAsync(claimId, await claims.ApproveAsync(claimId, new ApproveClaimRequest(achievedOn), ct), "approved: the milestone is achieved", returnToCompany, ct);

    public async Task<IActionResult> OnPostDeclineAsync(Guid claimId, string? reason, Guid? returnToCompany, CancellationToken ct) =>
        await DecidedAsync(claimId, await claims.DeclineAsync(claimId, new DeclineClaimRequest(reason), ct), "declined; the founder sees your reason", returnToCompany, ct);

    private async Task<IActionResult> DecidedAsync(Guid claimId, Outcome<ClaimDto> outcome, string done, Guid? returnToCompany, CancellationToken ct)
    {
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (!outcome.IsOk)
        {
            ErrorClaimId = claimId;
            outcome.CopyTo(ModelState);
            await OnGetAsync(ct);
            return Page();
        }

        var claim = outcome.Value!;
        TempData["Flash"] = $"{claim.CompanyName}’s claim of “{claim.MilestoneTitle}” is {done}.";
        return returnToCompany is { } company ? Redirect($"/companies/{company}/milestones#step-{claim.MilestoneId}") : Redirect("/claims");
    }
}
