using ImpactOS.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Account;

public sealed class LogoutModel(SignInManager<AppUser> signInManager, UserSessions sessions) : PageModel
{
    public void OnGet()
    {
    }

    /// <summary>Ends this browser's session on the server too, so a copy of its cookie is worthless.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await sessions.EndAsync(User, ct);
        await signInManager.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
