using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Account;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Users;

/// <summary>One person: change their name, role or company, deactivate or reactivate them, or
/// make a password-reset link to hand over.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class DetailsModel(UserAdministration users, PasswordResets resets, Companies.CompanyDirectory companies) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    [Display(Name = "Name")]
    public string? DisplayName { get; set; }

    [BindProperty]
    [Display(Name = "Role")]
    public string? Role { get; set; }

    [BindProperty]
    [Display(Name = "Company")]
    public Guid? CompanyId { get; set; }

    public UserDto Account { get; private set; } = null!;

    /// <summary>Shown once, in the answer to the request that made it (never kept in a cookie).</summary>
    public PasswordResetLink? ResetLink { get; private set; }

    public IReadOnlyList<SelectListItem> CompanyOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        (DisplayName, Role, CompanyId) = (Account.DisplayName, Account.Role, Account.CompanyId);
        return Page();
    }

    /// <summary>The details form came back with errors (they stand in it, not above the page).</summary>
    public bool SaveFailed { get; private set; }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        SaveFailed = true;
        var saved = await users.UpdateAsync(Id, new UpdateUserRequest(Role ?? "", DisplayName ?? "", Role == Roles.Founder ? CompanyId : null), ct);
        return await AfterChangeAsync(saved, "details updated.", ct);
    }

    public async Task<IActionResult> OnPostDeactivateAsync(CancellationToken ct) =>
        await AfterChangeAsync(await users.UpdateAsync(Id, new UpdateUserRequest(Active: false), ct), "Deactivated and signed out everywhere.", ct, keepForm: false);

    public async Task<IActionResult> OnPostReactivateAsync(CancellationToken ct) =>
        await AfterChangeAsync(await users.UpdateAsync(Id, new UpdateUserRequest(Active: true), ct), "Reactivated: they can sign in again.", ct, keepForm: false);

    public async Task<IActionResult> OnPostResetLinkAsync(CancellationToken ct)
    {
        var link = await resets.IssueAsync(Id, ct);
        if (!link.IsOk || !await LoadAsync(ct))
        {
            return NotFound();
        }

        ResetLink = link.Value;
        (DisplayName, Role, CompanyId) = (Account.DisplayName, Account.Role, Account.CompanyId);
        return Page();
    }

    private async Task<IActionResult> AfterChangeAsync(Outcome<UserDto> outcome, string flash, CancellationToken ct, bool keepForm = true)
    {
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (!outcome.IsOk)
        {
            outcome.CopyTo(ModelState);
            if (!await LoadAsync(ct))
            {
                return NotFound();
            }

            if (!keepForm)
            {
                (DisplayName, Role, CompanyId) = (Account.DisplayName, Account.Role, Account.CompanyId);
            }

            return Page();
        }

        TempData["Flash"] = $"{outcome.Value!.DisplayName}: {flash}";
        return RedirectToPage(new { id = Id });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var account = await users.GetAsync(Id, ct);
        if (!account.IsOk)
        {
            return false;
        }

        Account = account.Value!;
        CompanyOptions = await companies.SelectListAsync(ct);
        return true;
    }
}
