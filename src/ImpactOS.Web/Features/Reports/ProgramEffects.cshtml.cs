using ImpactOS.Core.Effects;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace ImpactOS.Web.Features.Reports;

/// <summary>Program effects: per program and for coaching, the hazard ratio of reaching the next
/// milestone at the same step and waiting time, as a forest plot, a table, plain words and warnings.</summary>
[Authorize(Policy = Policies.Staff)]
[RequireMilestonesFeature]
public sealed class ProgramEffectsModel(ProgramEffectsReports effects, TrackOptions tracks) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? TrackId { get; set; }

    /// <summary>Any program and coaching (meetings in the last 90 days).</summary>
    public ProgramEffectsDto Any { get; private set; } = null!;

    /// <summary>One term per program, and coaching.</summary>
    public ProgramEffectsDto ByProgram { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> TrackOptions { get; private set; } = [];

    public string ForestChart { get; private set; } = "{}";

    /// <summary>The rows of the forest plot and the table: any program, each program, coaching.</summary>
    public IReadOnlyList<EffectTermDto> Rows { get; private set; } = [];

    /// <summary>Every warning of the two fits, once each.</summary>
    public IReadOnlyList<EffectsWarningDto> Warnings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            TrackId = null;
            await LoadAsync(ct);
        }

        ForestChart = ChartConfig.ToJson(ForestPlot.Config(
            Rows.Select(t => new ForestRow(t.Name, t.HazardRatio, t.CiLow, t.CiHigh)),
            "Hazard ratio",
            "Pace of reaching the next milestone, with ÷ without (hazard ratio)"));
        return Page();
    }

    /// <summary>The counting-process rows, for re-fitting the model elsewhere.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await effects.RowsAsync(new EffectsQuery(TrackId: TrackId), ct);
        if (!rows.IsOk)
        {
            return BadRequest();
        }

        await CsvOutput.Streamed(ProgramEffectsReports.CsvRows(rows.Value!), "program-effects.csv", new CountingProcessCsvMap()).ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    /// <summary>The proportional-hazards p-value of a term, from the fit it came from.</summary>
    public double? PhP(EffectTermDto term) =>
        (term.ProgramId is null ? Any : ByProgram).PhTest?.Terms.FirstOrDefault(t => t.Term == term.Term)?.P;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var any = await effects.EffectsAsync(new EffectsQuery(TrackId: TrackId), ct);
        var byProgram = await effects.EffectsAsync(new EffectsQuery(TrackId: TrackId, By: "program"), ct);
        if (!any.IsOk || !byProgram.IsOk)
        {
            any.Errors?.ToList().ForEach(e => ModelState.AddModelError(e.Key, string.Join(" ", e.Value)));
            return false;
        }

        (Any, ByProgram) = (any.Value!, byProgram.Value!);
        var coaching = Any.Terms.Where(t => t.Term == ProgramEffectsCalculator.MeetingsTerm);
        Rows = Any.Terms.Where(t => t.Term == ProgramEffectsCalculator.EnrolledTerm)
            .Concat(ByProgram.Terms.Where(t => t.ProgramId is not null).OrderBy(t => t.Name, StringComparer.CurrentCulture))
            .Concat(coaching)
            .ToList();
        Warnings = Any.Warnings.Concat(ByProgram.Warnings.Where(w => w.Term != ProgramEffectsCalculator.MeetingsTerm && w.Term is not null))
            .DistinctBy(w => (w.Kind, w.Term)).ToList();
        TrackOptions = [new SelectListItem("All tracks", "", TrackId is null), .. await tracks.SelectListAsync(TrackId, ct)];
        return true;
    }
}
