using System.Globalization;
using CsvHelper.Configuration;
using ImpactOS.Core.Effects;
using ImpactOS.Web.Analytics;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Reports;

public sealed record EffectsQuery(DateTime? AsOf = null, Guid? TrackId = null, string? By = null);

public sealed record LogLikDto(double? Null, double? Final);

public sealed record ChiSquareDto(double? Chisq, int Df, double? P);

public sealed record EffectsTestsDto(ChiSquareDto LikelihoodRatio, ChiSquareDto Wald, ChiSquareDto? RobustScore);

/// <summary>One term; the numbers are null when it is not estimable (never a made-up number).</summary>
public sealed record EffectTermDto(
    string Term,
    Guid? ProgramId,
    string Name,
    double? Coef,
    double? HazardRatio,
    double? Se,
    double? RobustSe,
    double? Z,
    double? P,
    double? CiLow,
    double? CiHigh,
    int EventsExposed,
    bool Estimable);

public sealed record PhTermDto(string Term, double? Chisq, int Df, double? P);

public sealed record PhTestDto(IReadOnlyList<PhTermDto> Terms, PhTermDto Global);

/// <summary>A warning: <c>kind</c> is no-events, proportional-hazards, few-events or not-estimable.</summary>
public sealed record EffectsWarningDto(string Kind, string? Term, string Message);

public sealed record ProgramEffectsDto(
    DateTime AsOf,
    Guid? TrackId,
    string By,
    int Companies,
    int Steps,
    int Strata,
    int Intervals,
    int Events,
    int ZeroLengthStepsLeftOut,
    LogLikDto? LogLik,
    EffectsTestsDto? Tests,
    IReadOnlyList<EffectTermDto> Terms,
    PhTestDto? PhTest,
    IReadOnlyList<EffectsWarningDto> Warnings);

/// <summary>One counting-process row as the CSV export gives it, for re-fitting the model in R or lifelines.</summary>
public sealed record CountingProcessCsvRow(Guid CompanyId, Guid TrackId, Guid MilestoneId, double Tstart, double Tstop, int Event, int Enrolled, int Meetings90d, string ProgramIds);

/// <summary>The export's columns, named as the issue and the R script spell them (<c>meetings_90d</c>).</summary>
public sealed class CountingProcessCsvMap : ClassMap<CountingProcessCsvRow>
{
    public CountingProcessCsvMap()
    {
        Map(r => r.CompanyId).Name("company_id");
        Map(r => r.TrackId).Name("track_id");
        Map(r => r.MilestoneId).Name("milestone_id");
        Map(r => r.Tstart).Name("tstart");
        Map(r => r.Tstop).Name("tstop");
        Map(r => r.Event).Name("event");
        Map(r => r.Enrolled).Name("enrolled");
        Map(r => r.Meetings90d).Name("meetings_90d");
        Map(r => r.ProgramIds).Name("program_ids");
    }
}

/// <summary>Program effects: the Cox model of time to next milestone with enrolment and recent
/// coaching as time-varying covariates, stratified by step (see <see cref="ProgramEffectsCalculator"/>).</summary>
public sealed class ProgramEffectsReports(AppDbContext db, ReportClock clock, ProgramEffectsInputs inputs)
{
    public async Task<Outcome<ProgramEffectsDto>> EffectsAsync(EffectsQuery query, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(query, cancellationToken);
        if (!loaded.IsOk)
        {
            return new Failure(loaded.Kind, loaded.Errors, loaded.Message);
        }

        var (asOf, by, value) = loaded.Value!;
        return ToDto(value.Effects(asOf, query.TrackId, by), asOf, query.TrackId, value);
    }

    /// <summary>The rows the model is fitted to (any enrolment and each program's, meetings).</summary>
    public async Task<Outcome<CountingProcess>> RowsAsync(EffectsQuery query, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(query with { By = null }, cancellationToken);
        if (!loaded.IsOk)
        {
            return new Failure(loaded.Kind, loaded.Errors, loaded.Message);
        }

        var (asOf, _, value) = loaded.Value!;
        return value.Data(asOf, query.TrackId);
    }

    /// <summary>The rows as the CSV export spells them (program ids separated by ";").</summary>
    public static IEnumerable<CountingProcessCsvRow> CsvRows(CountingProcess data) =>
        data.Rows.Select(r => new CountingProcessCsvRow(
            r.CompanyId, r.TrackId, r.MilestoneId, r.TStart, r.TStop, r.Event ? 1 : 0, r.Enrolled ? 1 : 0, r.Meetings90d,
            string.Join(';', r.ProgramIds)));

    private sealed record Loaded(DateTime AsOf, EffectsBy By, EffectsInputs Inputs);

    private async Task<Outcome<Loaded>> LoadAsync(EffectsQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var asOf = clock.AsOf(query.AsOf);
        if (Instants.TooEarly(asOf))
        {
            errors.Add("asOf", Instants.TooFarInThePast);
        }

        EffectsBy by = EffectsBy.Any;
        switch (query.By)
        {
            case null or "" or "any":
                break;
            case "program":
                by = EffectsBy.Program;
                break;
            default:
                errors.Add("by", "Must be \"any\" (enrolled in any program) or \"program\" (one term per program).");
                break;
        }

        if (query.TrackId is { } trackId && !await db.MilestoneTracks.AnyAsync(t => t.Id == trackId, cancellationToken))
        {
            errors.Add("trackId", "Not a track of this organization.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        return new Loaded(asOf, by, await inputs.GetAsync(cancellationToken));
    }

    private static ProgramEffectsDto ToDto(ProgramEffects effects, DateTime asOf, Guid? trackId, EffectsInputs inputs)
    {
        var names = inputs.Programs.ToDictionary(p => p.ProgramId, p => p.Name);
        var terms = effects.Terms.Select(t => Term(t, names)).ToList();
        var fit = effects.Fit;
        return new ProgramEffectsDto(
            asOf, trackId, effects.By == EffectsBy.Program ? "program" : "any",
            effects.Companies, effects.Steps, effects.Strata, effects.Intervals, effects.Events, effects.ZeroLengthStepsLeftOut,
            fit is null ? null : new LogLikDto(Finite(fit.LogLikNull), Finite(fit.LogLikFinal)),
            fit is null ? null : new EffectsTestsDto(ChiSquare(fit.LikelihoodRatio), ChiSquare(fit.Wald), fit.RobustScore is { } rs ? ChiSquare(rs) : null),
            terms,
            fit?.ProportionalHazards is { } ph
                ? new PhTestDto(ph.Terms.Select(Ph).ToList(), Ph(ph.Global))
                : null,
            effects.Warnings.Select(w => new EffectsWarningDto(EffectsWords.Kind(w.Kind), w.Term, EffectsWords.Warning(w, terms))).ToList());
    }

    private static EffectTermDto Term(ProgramEffectTerm term, IReadOnlyDictionary<Guid, string> programNames)
    {
        var t = term.Fit;
        var name = EffectsWords.TermName(t.Name, term.ProgramId, programNames);
        if (!t.Estimable)
        {
            return new EffectTermDto(t.Name, term.ProgramId, name, null, null, null, null, null, null, null, null, term.EventsExposed, false);
        }

        return new EffectTermDto(t.Name, term.ProgramId, name, Finite(t.Coef), Finite(t.HazardRatio), Finite(t.Se), t.RobustSe is { } r ? Finite(r) : null,
            Finite(t.Z), Finite(t.P), Finite(t.CiLow), Finite(t.CiHigh), term.EventsExposed, true);
    }

    private static ChiSquareDto ChiSquare(ChiSquareTest test) => new(Finite(test.ChiSquare), test.Df, Finite(test.P));

    private static PhTermDto Ph(PhTerm term) => new(term.Term, Finite(term.ChiSquare), term.Df, Finite(term.P));

    /// <summary>JSON has no NaN or infinity: such a value is "no number".</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>The program-effects model in plain words: term names, verdicts and warnings.</summary>
public static class EffectsWords
{
    public const string Caveat = "This compares like with like on step and waiting time; it cannot rule out that the program selected faster companies.";

    public static string TermName(string term, Guid? programId, IReadOnlyDictionary<Guid, string> programNames) => term switch
    {
        ProgramEffectsCalculator.EnrolledTerm => "Any program",
        ProgramEffectsCalculator.MeetingsTerm => "Each meeting or call in the last 90 days",
        _ when programId is { } id => programNames.GetValueOrDefault(id) ?? "A program no longer listed",
        _ => term,
    };

    public static string Kind(EffectsWarningKind kind) => kind switch
    {
        EffectsWarningKind.NoEvents => "no-events",
        EffectsWarningKind.ProportionalHazardsViolated => "proportional-hazards",
        EffectsWarningKind.FewEventsExposed => "few-events",
        _ => "not-estimable",
    };

    public static string Warning(EffectsWarning warning, IReadOnlyList<EffectTermDto> terms)
    {
        var name = warning.Term is { } term ? terms.FirstOrDefault(t => t.Term == term)?.Name ?? term : null;
        return warning.Kind switch
        {
            EffectsWarningKind.NoEvents => "No company step has ended in its milestone yet, so there is nothing to compare.",
            EffectsWarningKind.NotEstimable => $"{name}: not estimable. The data cannot give it a finite number (for example, no milestone was ever reached with it, or always with it), so no figure is shown.",
            EffectsWarningKind.FewEventsExposed => $"{name}: only {warning.Events} milestone{(warning.Events == 1 ? "" : "s")} reached with it (fewer than {ProgramEffectsCalculator.FewEventsExposed}), so its estimate rests on very little.",
            _ when name is null => $"The model as a whole fails the proportional-hazards test (p = {P(warning.P)}): the effects change with waiting time, so each figure is an average over it.",
            _ => $"{name}: fails the proportional-hazards test (p = {P(warning.P)}): its effect changes with waiting time, so the figure is an average over it.",
        };
    }

    /// <summary>"While enrolled in Spring Cohort, companies reached their next milestone 1.6 times as
    /// fast as the same step outside it (95 % CI 1.1–2.3)." and what the interval says.</summary>
    public static string? Verdict(EffectTermDto term)
    {
        if (!term.Estimable || term.HazardRatio is not { } hr)
        {
            return null;
        }

        // A meeting's effect is per meeting, close to 1: it needs a second decimal to say anything.
        var decimals = term.Term == ProgramEffectsCalculator.MeetingsTerm ? 2 : 1;
        var ci = $"(95 % CI {Ratio(term.CiLow, decimals)}–{Ratio(term.CiHigh, decimals)})";
        var reading = term.CiLow > 1
            ? "The whole interval is above 1: faster."
            : term.CiHigh < 1 ? "The whole interval is below 1: slower." : "The interval includes 1, so the data cannot tell this from no effect.";
        if (term.Term == ProgramEffectsCalculator.MeetingsTerm)
        {
            return $"Each meeting or call in the 90 days before went with a pace {Ratio(hr, decimals)} times that of the same step without it {ci}. {reading}";
        }

        var where = term.Term == ProgramEffectsCalculator.EnrolledTerm ? "any program" : term.Name;
        var pace = hr >= 1 ? $"{Ratio(hr)} times as fast as at the same step outside it" : $"at {Ratio(hr)} times the pace of the same step outside it";
        return $"While enrolled in {where}, companies reached their next milestone {pace} {ci}. {reading}";
    }

    /// <summary>The page's "in short": any program, the programs whose interval clears 1 one by one,
    /// the others named together, then coaching; so ten programs are not ten sentences.</summary>
    public static IReadOnlyList<string> Summary(IReadOnlyList<EffectTermDto> rows)
    {
        var lines = new List<string>();
        var programs = rows.Where(r => r.ProgramId is not null).ToList();
        var clear = programs.Where(r => r.Estimable && (r.CiLow > 1 || r.CiHigh < 1)).ToList();
        var unclear = programs.Where(r => r.Estimable && !clear.Contains(r)).Select(r => r.Name).ToList();
        var none = programs.Where(r => !r.Estimable).Select(r => r.Name).ToList();
        lines.AddRange(rows.Where(r => r.Term == ProgramEffectsCalculator.EnrolledTerm).Select(r => Verdict(r) ?? "Any program: not estimable from these data."));
        lines.AddRange(clear.Select(r => Verdict(r)!));
        if (unclear.Count > 0)
        {
            lines.Add($"{(unclear.Count == 1 ? "For" : "For each of")} {List(unclear)}, the interval includes 1: the data cannot tell {(unclear.Count == 1 ? "its" : "their")} effect from none (the table has the numbers).");
        }

        if (none.Count > 0)
        {
            lines.Add($"{List(none)}: not estimable from these data (see the warnings).");
        }

        lines.AddRange(rows.Where(r => r.Term == ProgramEffectsCalculator.MeetingsTerm).Select(r => Verdict(r) ?? "Coaching: not estimable from these data."));
        return lines;
    }

    private static string List(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];

    public static string Ratio(double? value, int decimals = 1) =>
        value is { } v ? v.ToString(decimals == 1 ? "0.0" : "0.00", CultureInfo.InvariantCulture) : "—";

    public static string P(double? p) => p switch
    {
        null => "—",
        < 0.001 => "< 0.001",
        { } v => v.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
