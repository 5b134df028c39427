using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Companies;

[Authorize(Policy = Policies.Staff)]
public sealed class NewModel(CompanyDirectory directory, TrackOptions tracks, CoachOptions coaches, FeatureFlags flags, TimeProvider clock) : PageModel
{
    [BindProperty]
    public CompanyForm Input { get; set; } = new() { MilestoneTrackId = Company.DefaultTrackId };

    public CompanyFormView View { get; private set; } = null!;

    /// <summary>Set by the second button, after the warning about a company of the same name.</summary>
    [BindProperty]
    public bool CreateAnyway { get; set; }

    /// <summary>Companies that already have the name typed; names may repeat, so the form warns
    /// once and creates on "Create anyway" (the API never refuses a repeated name).</summary>
    public IReadOnlyList<CompanyDto> SameName { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CreateAnyway)
        {
            SameName = await directory.SameNameAsync(Input.Name, null, ct);
            if (SameName.Count > 0)
            {
                await LoadAsync(ct);
                return Page();
            }
        }

        var milestonesOn = await flags.MilestonesEnabledAsync(ct);
        var created = await directory.CreateAsync(Input.ToInput(milestonesOn), ct);
        if (!created.IsOk)
        {
            created.CopyTo(ModelState, "Input.");
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = $"{created.Value!.Name} was created.";
        return Redirect($"/companies/{created.Value.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var milestonesOn = await flags.MilestonesEnabledAsync(ct);
        var options = milestonesOn ? await tracks.SelectListAsync(Input.MilestoneTrackId ?? Company.DefaultTrackId, ct) : [];
        View = new CompanyFormView(Input, milestonesOn, options, await coaches.SelectListAsync(Input.CoachUserId, ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), Editing: false);
    }
}
