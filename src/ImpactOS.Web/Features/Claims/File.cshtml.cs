using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Claims;

/// <summary>A claim's proof file for the pages (cookie), always as an attachment, as milestone proof is.</summary>
[Authorize(Policy = Policies.TenantMember)]
[RequireMilestonesFeature]
public sealed class FileModel(MilestoneClaims claims) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await claims.OpenFileAsync(id, ct) is { } found
            ? File(found.Content, found.ContentType, found.FileName)
            : NotFound();
}
