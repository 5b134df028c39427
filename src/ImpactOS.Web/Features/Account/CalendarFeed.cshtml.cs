using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Calendar;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Account;

/// <summary>"Calendar feed", under Your account: make, rotate and revoke the secret address of the
/// user's .ics feed. A new address is shown in the answer to the post that made it, once (only its
/// hash is kept), as a password-reset link is.</summary>
[Authorize(Policy = Policies.TenantMember)]
public sealed class CalendarFeedModel(CalendarFeeds feeds) : PageModel
{
    public CalendarFeedDto Feed { get; private set; } = new(false, null, []);

    /// <summary>The address just made, shown this once.</summary>
    public IssuedCalendarFeedDto? Issued { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Feed = await feeds.GetAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var issued = await feeds.IssueAsync(ct);
        if (!issued.IsOk)
        {
            issued.CopyTo(ModelState);
        }

        Issued = issued.Value;
        Feed = await feeds.GetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        var revoked = await feeds.RevokeAsync(ct);
        TempData["Flash"] = revoked.Value
            ? "Your calendar feed's address is revoked: calendars subscribed to it get nothing new from now on."
            : "There was no active address to revoke.";
        return RedirectToPage();
    }
}
