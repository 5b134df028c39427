using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Programs;

[Authorize(Policy = Policies.Staff)]
public sealed class DetailsModel(ProgramDirectory programs, Reports.AttributionReports reports, Reports.ProgramEffectsReports effects, Settings.FeatureFlags flags, Companies.CompanyDirectory companies, TimeProvider clock, Tenancy.CurrentUser me) : PageModel
{
    public bool CanEdit => me.IsAdmin;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ProgramDetail Detail { get; private set; } = null!;
    public IReadOnlyList<SelectListItem> CompanyOptions { get; private set; } = [];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public Reports.ProgramAttributionDto? Attribution { get; private set; }
    public Reports.ProgramLiftDto? Lift { get; private set; }

    /// <summary>The program's term in the by-program effects model, when any company was enrolled in
    /// it during a wait for a milestone.</summary>
    public Reports.EffectTermDto? Effect { get; private set; }

    /// <summary>What to read the effect with care for (few milestones, a failed PH test).</summary>
    public IReadOnlyList<Reports.EffectsWarningDto> EffectWarnings { get; private set; } = [];

    /// <summary>The enrol form came back with errors: they stand in it, with the company chosen.</summary>
    public bool EnrolFailed { get; private set; }

    private Guid? _postedCompanyId;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEnrolAsync(Guid? companyId, DateOnly? enrolledOn, DateOnly? exitedOn, CancellationToken ct)
    {
        var enrolled = await programs.EnrollAsync(Id, new EnrollmentInput(companyId, enrolledOn, exitedOn), ct);
        (EnrolFailed, _postedCompanyId) = (!enrolled.IsOk, companyId);
        return await AfterAsync(enrolled, e => $"{e.CompanyName} is enrolled from {DisplayDate.Day(e.EnrolledOn)}.", ct);
    }

    public async Task<IActionResult> OnPostExitAsync(Guid enrollmentId, DateOnly? enrolledOn, DateOnly? exitedOn, int? version, CancellationToken ct)
    {
        var changed = await programs.UpdateEnrollmentAsync(Id, enrollmentId, new EnrollmentInput(null, enrolledOn, exitedOn, version), ct);
        return await AfterAsync(changed, e => e.ExitedOn is { } exit ? $"{e.CompanyName} leaves on {DisplayDate.Day(exit)}." : $"{e.CompanyName} is enrolled with no end date.", ct);
    }

    private async Task<IActionResult> AfterAsync(Outcome<EnrollmentDto> outcome, Func<EnrollmentDto, string> message, CancellationToken ct)
    {
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (!outcome.IsOk)
        {
            outcome.CopyTo(ModelState);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData["Flash"] = message(outcome.Value!);
        return RedirectToPage(new { Id });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var detail = await programs.GetAsync(Id, ct);
        if (!detail.IsOk)
        {
            return false;
        }

        Detail = detail.Value!;
        if (await flags.MilestonesEnabledAsync(ct))
        {
            var query = new Reports.ReportQuery(ProgramId: Id);
            Attribution = (await reports.AttributionAsync(query, ct)).Value?.ByProgram.FirstOrDefault();
            Lift = (await reports.ProgramLiftAsync(query, ct)).Value?.ByProgram.FirstOrDefault();
            var byProgram = (await effects.EffectsAsync(new Reports.EffectsQuery(By: "program"), ct)).Value;
            Effect = byProgram?.Terms.FirstOrDefault(t => t.ProgramId == Id);
            EffectWarnings = Effect is null ? [] : byProgram!.Warnings.Where(w => w.Term == Effect.Term && w.Kind != "not-estimable").ToList();
        }

        // The enrol form came back with errors: the company that was chosen stays chosen.
        CompanyOptions = (await companies.SelectListAsync(ct))
            .Select(c => new SelectListItem(c.Text, c.Value, selected: EnrolFailed && c.Value == _postedCompanyId?.ToString())).ToList();
        return true;
    }
}
