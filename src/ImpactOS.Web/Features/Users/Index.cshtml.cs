using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Users;

/// <summary>The organization's people: role, status, and the quick actions.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(UserAdministration users) : PageModel
{
    public IReadOnlyList<UserDto> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Users = await users.ListAsync(ct);

    public Task<IActionResult> OnPostDeactivateAsync([FromForm] Guid userId, CancellationToken ct) => SetActiveAsync(userId, false, ct);

    public Task<IActionResult> OnPostReactivateAsync([FromForm] Guid userId, CancellationToken ct) => SetActiveAsync(userId, true, ct);

    private async Task<IActionResult> SetActiveAsync(Guid userId, bool active, CancellationToken ct)
    {
        var changed = await users.UpdateAsync(userId, new UpdateUserRequest(Active: active), ct);
        if (changed.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (!changed.IsOk)
        {
            changed.CopyTo(ModelState);
            Users = await users.ListAsync(ct);
            return Page();
        }

        TempData["Flash"] = active
            ? $"{changed.Value!.DisplayName} can sign in again."
            : $"{changed.Value!.DisplayName} is deactivated and signed out everywhere.";
        return RedirectToPage();
    }
}
