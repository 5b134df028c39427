using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Companies;

[Authorize(Policy = Policies.Staff)]
public sealed class EditModel(CompanyDirectory directory, TrackOptions tracks, CoachOptions coaches, FeatureFlags flags, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public CompanyForm Input { get; set; } = new();

    public string CompanyName { get; private set; } = "";
    public CompanyFormView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var company = await directory.GetAsync(Id, ct);
        if (company is null)
        {
            return NotFound();
        }

        Input = CompanyForm.From(company);
        CompanyName = company.Name;
        if (company.ArchivedAt is not null)
        {
            ModelState.AddModelError(string.Empty, ArchivedCompany.RestoreFirst);
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var milestonesOn = await flags.MilestonesEnabledAsync(ct);
        var updated = await directory.UpdateAsync(Id, Input.ToInput(milestonesOn), ct);
        if (updated.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (!updated.IsOk)
        {
            updated.CopyTo(ModelState, "Input.");
            CompanyName = (await directory.GetAsync(Id, ct))?.Name ?? "";
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = $"{updated.Value!.Name} is updated.";
        return Redirect($"/companies/{Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var milestonesOn = await flags.MilestonesEnabledAsync(ct);
        var options = milestonesOn ? await tracks.SelectListAsync(Input.MilestoneTrackId, ct) : [];
        View = new CompanyFormView(Input, milestonesOn, options, await coaches.SelectListAsync(Input.CoachUserId, ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), Editing: true);
    }
}
