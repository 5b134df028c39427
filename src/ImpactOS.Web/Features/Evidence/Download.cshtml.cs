using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Evidence;

/// <summary>Evidence download for the pages (cookie); the API has its own bearer route. Always an
/// attachment, never rendered in the app's origin.</summary>
[Authorize(Policy = Policies.TenantMember)]
[RequireMilestonesFeature]
public sealed class DownloadModel(MilestoneProgress progress) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await progress.OpenEvidenceAsync(id, ct) is { } found
            ? File(found.Content, found.ContentType, found.FileName)
            : NotFound();
}
