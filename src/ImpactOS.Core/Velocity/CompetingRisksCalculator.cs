namespace ImpactOS.Core.Velocity;

/// <summary>
/// The competing risks of a track's steps: for each step, the cumulative incidence of each way it
/// ends — the milestone, a shutdown, an acquisition — by <see cref="AalenJohansen"/>, from the same
/// steps the Kaplan–Meier curves were fitted to.
/// </summary>
/// <remarks>
/// A completed step ends by its milestone; an open step ends by the company's closure when the
/// closure ended it (<see cref="CompanySteps.OpenEnd"/>), else it is censored. Out-of-order
/// achievements contribute nothing, as in Kaplan–Meier. So a step's observations are exactly its
/// Kaplan–Meier observations, with some censorings told apart as shutdowns or acquisitions.
/// </remarks>
public static class CompetingRisksCalculator
{
    /// <summary>One curve per step of <paramref name="track"/>, in track order.</summary>
    public static IReadOnlyList<CumulativeIncidenceCurve> Compute(TrackVelocity track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var steps = track.Steps.Count;
        var times = new List<double>[steps, 4];
        for (var s = 0; s < steps; s++)
        {
            for (var end = 0; end < 4; end++)
            {
                times[s, end] = [];
            }
        }

        foreach (var company in track.CompanySteps)
        {
            foreach (var step in company.Completed.AsSpan())
            {
                times[step.StepIndex, Slot(StepEnd.Milestone)].Add(step.DurationDays);
            }

            if (company.Open is { } open)
            {
                times[open.StepIndex, Slot(company.OpenEnd)].Add(open.DurationDays);
            }
        }

        var curves = new CumulativeIncidenceCurve[steps];
        for (var s = 0; s < steps; s++)
        {
            curves[s] = AalenJohansen.FitInPlace(
                times[s, Slot(StepEnd.Milestone)].ToArray(),
                times[s, Slot(StepEnd.ShutDown)].ToArray(),
                times[s, Slot(StepEnd.Acquired)].ToArray(),
                times[s, Slot(StepEnd.Censored)].ToArray());
        }

        return curves;
    }

    /// <summary>Where an end's times are gathered: the three ends first, censored last.</summary>
    private static int Slot(StepEnd end) => end == StepEnd.Censored ? 3 : (int)end - 1;
}
