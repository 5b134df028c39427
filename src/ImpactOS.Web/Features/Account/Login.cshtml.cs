using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Features.Demo;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Features.Account;

[EnableRateLimiting(Auth.LoginThrottle.AddressPolicy)]
public sealed class LoginModel(AppSignIn signIn, IOptions<ImpactOsOptions> options) : PageModel
{
    [BindProperty]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [BindProperty]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [BindProperty]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<(string Email, string What)> DemoAccounts =>
        options.Value.SeedDemo ?? options.Value.Database.Provider == DatabaseProvider.Sqlite ? DemoSeeder.Accounts : [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var attempt = await signIn.SignInAsync(Email, Password, IdentityConstants.ApplicationScheme, RememberMe);
        switch (attempt.Kind)
        {
            case SignInResultKind.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case SignInResultKind.Throttled:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = ((int)Math.Ceiling(attempt.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                ModelState.AddModelError(string.Empty, "Too many failed attempts. Wait a minute and try again.");
                return Page();
            default:
                ModelState.AddModelError(string.Empty, "Invalid email or password.");
                return Page();
        }
    }
}
