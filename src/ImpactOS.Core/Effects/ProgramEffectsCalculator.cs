namespace ImpactOS.Core.Effects;

/// <summary>What a reader of the program-effects model should be warned about.</summary>
public enum EffectsWarningKind
{
    /// <summary>No company step ended in its milestone: there is nothing to fit.</summary>
    NoEvents,

    /// <summary>The proportional-hazards test of a term (or the global one) has p &lt; 0.05.</summary>
    ProportionalHazardsViolated,

    /// <summary>Fewer than <see cref="ProgramEffectsCalculator.FewEventsExposed"/> events happened with the term "on".</summary>
    FewEventsExposed,

    /// <summary>The coefficient is infinite, singular or did not converge: no number is shown.</summary>
    NotEstimable,
}

/// <summary>One warning; <see cref="Term"/> is null for the global proportional-hazards test and for "no events".</summary>
public sealed record EffectsWarning(EffectsWarningKind Kind, string? Term, double? P = null, int? Events = null);

/// <summary>A term of the fit with the number of events that happened while it was "on" (an
/// indicator at 1, or at least one meeting in the 90 days before).</summary>
public sealed record ProgramEffectTerm(CoxTerm Fit, Guid? ProgramId, int EventsExposed);

/// <summary>The program-effects model on one data set: the counts of the data, the Cox fit (null
/// when there is no event) and the warnings a report must show beside it.</summary>
public sealed record ProgramEffects(
    EffectsBy By,
    int Companies,
    int Steps,
    int Strata,
    int Intervals,
    int Events,
    int ZeroLengthStepsLeftOut,
    CoxFit? Fit,
    IReadOnlyList<ProgramEffectTerm> Terms,
    IReadOnlyList<EffectsWarning> Warnings);

/// <summary>
/// Fits <c>coxph(Surv(tstart, tstop, event) ~ enrolled (or one indicator per program) + meetings_90d
/// + strata(step) + cluster(company), ties = "efron")</c> to the counting-process data and says
/// what a reader must be warned of. The rules of those warnings live here, once.
/// </summary>
public static class ProgramEffectsCalculator
{
    /// <summary>Below this many events with a term "on", its estimate rests on too little.</summary>
    public const int FewEventsExposed = 10;

    /// <summary>The proportional-hazards test's level.</summary>
    public const double PhAlpha = 0.05;

    public const string MeetingsTerm = "meetings_90d";

    public const string EnrolledTerm = "enrolled";

    private const string ProgramPrefix = "program:";

    public static ProgramEffects Compute(CountingProcess data, EffectsBy by, CoxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var programs = by == EffectsBy.Program ? data.ProgramsInForce() : [];
        var cox = data.ToCoxData(by, programs);
        var events = 0;
        foreach (var e in cox.Events)
        {
            events += e ? 1 : 0;
        }

        if (events == 0)
        {
            return new ProgramEffects(by, data.Companies, data.Steps, data.Strata, data.Rows.Count, 0, data.ZeroLengthStepsLeftOut,
                null, [], [new EffectsWarning(EffectsWarningKind.NoEvents, null)]);
        }

        var fit = CoxFitter.Fit(cox, options);
        var exposed = EventsExposed(cox);
        var terms = new List<ProgramEffectTerm>(fit.Terms.Count);
        for (var j = 0; j < fit.Terms.Count; j++)
        {
            var term = fit.Terms[j];
            terms.Add(new ProgramEffectTerm(term, ProgramOf(term.Name), exposed[j]));
        }

        return new ProgramEffects(by, data.Companies, data.Steps, data.Strata, data.Rows.Count, events, data.ZeroLengthStepsLeftOut,
            fit, terms, Warnings(terms, fit));
    }

    /// <summary>The program id of a term named <c>program:{id}</c>, else null.</summary>
    public static Guid? ProgramOf(string term) =>
        term.StartsWith(ProgramPrefix, StringComparison.Ordinal) && Guid.TryParse(term.AsSpan(ProgramPrefix.Length), out var id) ? id : null;

    private static int[] EventsExposed(CoxData cox)
    {
        var counts = new int[cox.TermCount];
        var x = cox.X;
        for (var r = 0; r < cox.RowCount; r++)
        {
            if (cox.Events[r])
            {
                for (var e = x.RowStart[r]; e < x.RowStart[r + 1]; e++)
                {
                    counts[x.Columns[e]]++; // only non-zero values are kept
                }
            }
        }

        return counts;
    }

    private static List<EffectsWarning> Warnings(List<ProgramEffectTerm> terms, CoxFit fit)
    {
        var warnings = new List<EffectsWarning>();
        foreach (var term in terms)
        {
            if (!term.Fit.Estimable)
            {
                warnings.Add(new EffectsWarning(EffectsWarningKind.NotEstimable, term.Fit.Name));
            }
            else if (term.EventsExposed < FewEventsExposed)
            {
                warnings.Add(new EffectsWarning(EffectsWarningKind.FewEventsExposed, term.Fit.Name, Events: term.EventsExposed));
            }
        }

        if (fit.ProportionalHazards is { } ph)
        {
            foreach (var t in ph.Terms)
            {
                if (t.P < PhAlpha)
                {
                    warnings.Add(new EffectsWarning(EffectsWarningKind.ProportionalHazardsViolated, t.Term, P: t.P));
                }
            }

            if (ph.Global.P < PhAlpha)
            {
                warnings.Add(new EffectsWarning(EffectsWarningKind.ProportionalHazardsViolated, null, P: ph.Global.P));
            }
        }

        return warnings;
    }
}
