using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace ImpactOS.Web.Features.Account;

/// <summary>Where a password-reset link leads: anyone holding the link sets the account's new
/// password (the token in the link is the proof).</summary>
[AllowAnonymous]
[EnableRateLimiting(LoginThrottle.AddressPolicy)]
public sealed class ResetPasswordModel(PasswordResets resets) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "tenant")]
    public Guid? TenantId { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    [BindProperty]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [BindProperty]
    [Display(Name = "New password again")]
    public string? ConfirmPassword { get; set; }

    public bool LinkIsComplete => TenantId is not null && UserId is not null && !string.IsNullOrEmpty(Token);

    public void OnGet()
    {
        if (!LinkIsComplete)
        {
            ModelState.AddModelError(string.Empty, PasswordResets.InvalidLink);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(NewPassword) && NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError("ConfirmPassword", "The two passwords differ.");
            return Page();
        }

        var reset = await resets.ResetAsync(new ResetPasswordRequest(TenantId, UserId, Token, NewPassword), ct);
        if (!reset.IsOk)
        {
            reset.CopyTo(ModelState);
            return Page();
        }

        TempData["Flash"] = "Your new password is set. Sign in with it.";
        return RedirectToPage("/Account/Login");
    }
}
