using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Platform;

[Authorize(Policy = Policies.Operator)]
public sealed class IndexModel(TenantProvisioning provisioning) : PageModel
{
    [BindProperty]
    public TenantForm Input { get; set; } = new();

    public IReadOnlyList<TenantSummary> Tenants { get; private set; } = [];

    public sealed class TenantForm
    {
        [Display(Name = "Organization name")]
        public string? Name { get; set; }

        [Display(Name = "Admin's name")]
        public string? AdminDisplayName { get; set; }

        [Display(Name = "Admin's email")]
        public string? AdminEmail { get; set; }

        [Display(Name = "Admin's initial password")]
        public string? AdminPassword { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => Tenants = await provisioning.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await provisioning.CreateAsync(new CreateTenantRequest(Input.Name, Input.AdminEmail, Input.AdminPassword, Input.AdminDisplayName), ct);
        if (!created.IsOk)
        {
            created.CopyTo(ModelState, "Input.");
            Tenants = await provisioning.ListAsync(ct);
            return Page();
        }

        TempData["Flash"] = $"{created.Value!.Name} is ready; its admin can sign in.";
        return RedirectToPage();
    }
}
