using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Account;

/// <summary>"Your account": who you are signed in as, your password, and signing out everywhere.
/// Open to everyone signed in (the fallback policy).</summary>
public sealed class YourAccountModel(AccountSecurity security, SignInManager<Auth.AppUser> signInManager) : PageModel
{
    [BindProperty]
    [Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [BindProperty]
    [Display(Name = "New password again")]
    public string? ConfirmPassword { get; set; }

    public string Email { get; private set; } = "";
    public string? Organization { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The password form came back with errors (they stand in it, not above the page).</summary>
    public bool PasswordFailed { get; private set; }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        PasswordFailed = true;
        if (!string.IsNullOrEmpty(NewPassword) && NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError("ConfirmPassword", "The two passwords differ.");
            await LoadAsync(ct);
            return Page();
        }

        var changed = await security.ChangePasswordAsync(new ChangePasswordRequest(CurrentPassword, NewPassword), ct);
        if (!changed.IsOk)
        {
            changed.CopyTo(ModelState);
            await LoadAsync(ct);
            return Page();
        }

        PasswordFailed = false;
        // The change ended every session of the account; this browser carries on as a new one.
        await security.SignInAgainHereAsync(HttpContext, changed.Value!);
        TempData["Flash"] = "Your password is changed. Every other browser and API token of your account is signed out.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken ct)
    {
        var ended = await security.SignOutEverywhereAsync();
        if (!ended.IsOk)
        {
            ended.CopyTo(ModelState);
            await LoadAsync(ct);
            return Page();
        }

        await signInManager.SignOutAsync();
        TempData["Flash"] = "You are signed out everywhere, here too.";
        return RedirectToPage("/Account/Login");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Email, Organization) = await security.SummaryAsync(ct);
    }
}
