using System.ComponentModel.DataAnnotations;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Companies;

[Authorize(Policy = Policies.Staff)]
public sealed class EditModel(CompanyDirectory directory, CompanyOutcomes outcomes, TrackOptions tracks, CoachOptions coaches, FeatureFlags flags, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public CompanyForm Input { get; set; } = new();

    /// <summary>The outcome form: "shut_down" or "acquired" with a day, or "active" (the undo).</summary>
    [BindProperty]
    public OutcomeForm Outcome { get; set; } = new();

    public string CompanyName { get; private set; } = "";
    public CompanyDto? Company { get; private set; }
    public IReadOnlyList<OutcomeHistoryEntry> OutcomeHistory { get; private set; } = [];
    public CompanyFormView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var company = await directory.GetAsync(Id, ct);
        if (company is null)
        {
            return NotFound();
        }

        Input = CompanyForm.From(company);
        Outcome = new OutcomeForm { On = company.OutcomeOn };
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

    /// <summary>Marks the company shut down or acquired, or (with "active") undoes that; post-redirect-get.</summary>
    public async Task<IActionResult> OnPostOutcomeAsync(CancellationToken ct)
    {
        var changed = await outcomes.SetAsync(Id, new OutcomeInput(Outcome.Code, Outcome.On), ct);
        switch (changed.Kind)
        {
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Forbidden:
                return Forbid();
            case OutcomeKind.Ok:
                var c = changed.Value!;
                TempData["Flash"] = c.Outcome == CompanyOutcome.Active
                    ? $"{c.Name} is active again; its milestones can be changed."
                    : $"{c.Name}: {CompanyOutcomes.Describe(c.Outcome, c.OutcomeOn)}. Its milestones are read-only; undo it on its edit page.";
                return Redirect($"/companies/{Id}");
        }

        changed.CopyTo(ModelState, "Outcome.");
        var company = await directory.GetAsync(Id, ct);
        if (company is null)
        {
            return NotFound();
        }

        Input = CompanyForm.From(company);
        CompanyName = company.Name;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Company = await directory.GetAsync(Id, ct);
        OutcomeHistory = (await outcomes.HistoryAsync(Id, ct)).Value ?? [];
        var milestonesOn = await flags.MilestonesEnabledAsync(ct);
        var options = milestonesOn ? await tracks.SelectListAsync(Input.MilestoneTrackId, ct) : [];
        View = new CompanyFormView(Input, milestonesOn, options, await coaches.SelectListAsync(Input.CoachUserId, ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), Editing: true);
    }
}

/// <summary>The outcome form of the edit page (<c>Code</c> as the API spells the outcome; the
/// use case's field "on" is this form's <c>On</c>).</summary>
public sealed class OutcomeForm
{
    public string? Code { get; set; }

    [DataType(DataType.Date)]
    public DateOnly? On { get; set; }
}
