using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Settings;

[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(OrganizationSettings settings, UserAdministration users, Companies.CompanyDirectory companies) : PageModel
{
    [BindProperty]
    public bool FeatureMilestones { get; set; }

    [BindProperty]
    public bool ContributeToNetwork { get; set; }

    public IReadOnlyList<NetworkContributionEntry> NetworkHistory { get; private set; } = [];

    [BindProperty]
    public NewUserForm NewUser { get; set; } = new();

    public IReadOnlyList<UserDto> Users { get; private set; } = [];
    public IReadOnlyList<SelectListItem> CompanyOptions { get; private set; } = [];

    public sealed class NewUserForm
    {
        [Display(Name = "Name")]
        public string? DisplayName { get; set; }

        [Display(Name = "Email")]
        public string? Email { get; set; }

        [Display(Name = "Initial password")]
        public string? Password { get; set; }

        public string Role { get; set; } = Roles.Coach;

        [Display(Name = "Company")]
        public Guid? CompanyId { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadSettingsAsync(ct);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostNetworkAsync(CancellationToken ct)
    {
        await settings.UpdateAsync(new UpdateSettingsRequest(null, ContributeToNetwork), ct);
        TempData["Flash"] = ContributeToNetwork
            ? "Your organization contributes to the network benchmark and sees it beside its own figures."
            : "Your organization no longer contributes to the network benchmark; its data has left it.";
        return RedirectToPage();
    }

    private async Task LoadSettingsAsync(CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        FeatureMilestones = current.FeatureMilestones;
        ContributeToNetwork = current.ContributeToNetwork;
        NetworkHistory = await settings.NetworkHistoryAsync(ct);
    }

    public async Task<IActionResult> OnPostFeaturesAsync(CancellationToken ct)
    {
        await settings.UpdateAsync(new UpdateSettingsRequest(FeatureMilestones), ct);
        TempData["Flash"] = FeatureMilestones ? "Milestones are on for your organization." : "Milestones are off. Nothing was deleted.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddUserAsync(CancellationToken ct)
    {
        var created = await users.CreateAsync(
            new CreateUserRequest(NewUser.Email, NewUser.Password, NewUser.DisplayName, NewUser.Role, NewUser.Role == Roles.Founder ? NewUser.CompanyId : null), ct);
        if (!created.IsOk)
        {
            created.CopyTo(ModelState, "NewUser.");
            await LoadSettingsAsync(ct);
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = $"{created.Value!.DisplayName} can now sign in as {created.Value.Role}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await users.ListAsync(ct);
        CompanyOptions = await companies.SelectListAsync(ct);
    }
}
