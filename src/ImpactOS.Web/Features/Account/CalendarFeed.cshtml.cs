using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Calendar;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Account;

/// <summary>"Calendar feed", under Your account: make, rotate and revoke the secret address of the
/// user's .ics feed. A new address is shown once, on the page the post redirects to (only its hash
/// is kept): it travels in TempData, which is data-protected and read once.</summary>
[Authorize(Policy = Policies.TenantMember)]
public sealed class CalendarFeedModel(CalendarFeeds feeds) : PageModel
{
    public CalendarFeedDto Feed { get; private set; } = new(false, null, []);

    private const string IssuedUrl = "CalendarFeedUrl";

    /// <summary>The address just made, shown this once.</summary>
    public string? Issued { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Issued = TempData[IssuedUrl] as string;
        Feed = await feeds.GetAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var issued = await feeds.IssueAsync(ct);
        if (!issued.IsOk)
        {
            issued.CopyTo(ModelState);
            Feed = await feeds.GetAsync(ct);
            return Page();
        }

        TempData[IssuedUrl] = issued.Value!.Url;
        return RedirectToPage();
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
