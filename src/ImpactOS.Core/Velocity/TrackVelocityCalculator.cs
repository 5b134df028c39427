using System.Buffers;

namespace ImpactOS.Core.Velocity;

/// <summary>
/// Computes a track's velocity (one Kaplan–Meier curve per step) from its companies' histories.
/// </summary>
/// <remarks>
/// Steps come from <see cref="StepBuilder"/> (see its rules). Each step is fitted once: the
/// durations are gathered into two pooled arrays (events, censorings), each radix-sorted once.
/// Cost is O(companies × steps) plus the sorts; per company one <see cref="CompanySteps"/> object
/// is allocated, its steps living in arrays shared by the whole track.
/// </remarks>
public static class TrackVelocityCalculator
{
    /// <summary>Computes the velocity of <paramref name="track"/> for all <paramref name="companies"/> on it.</summary>
    /// <param name="track">The track's active milestones (any order; sorted by order index).</param>
    /// <param name="companies">All companies of the tenant on this track. Company ids must be unique.</param>
    /// <param name="asOf">The report instant (UTC).</param>
    /// <exception cref="ArgumentException">Duplicate company ids, an invalid track, or a Local-kind instant.</exception>
    public static TrackVelocity Compute(IReadOnlyList<TrackMilestone> track, IEnumerable<CompanyHistory> companies, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(companies);
        var layout = TrackLayout.Create(track);
        var asOfTicks = UtcTime.Ticks(asOf, nameof(asOf));
        var stepCount = layout.Count;

        var capacity = companies.TryGetNonEnumeratedCount(out var count) ? count : 16;
        var allSteps = new CompanySteps[capacity];
        var companyCount = 0;
        var companyIndex = new Dictionary<Guid, int>(capacity);
        var scratch = new long[stepCount];
        var buffer = new SliceBuffer<StepObservation>();
        var events = new int[stepCount];
        var censored = new int[stepCount];
        var outOfOrder = new int[stepCount];
        var started = 0;
        var totalOutOfOrder = 0;

        foreach (var company in companies)
        {
            var steps = StepBuilder.Build(layout, company, asOfTicks, scratch, buffer);
            if (!companyIndex.TryAdd(steps.CompanyId, companyCount))
            {
                throw new ArgumentException($"Company {steps.CompanyId} is listed more than once.", nameof(companies));
            }

            if (companyCount == allSteps.Length)
            {
                Array.Resize(ref allSteps, Math.Max(16, allSteps.Length * 2));
            }

            allSteps[companyCount++] = steps;
            if (!steps.HasStarted)
            {
                continue;
            }

            started++;
            foreach (var step in steps.Completed.AsSpan())
            {
                events[step.StepIndex]++;
            }

            if (steps.Open is { } open)
            {
                censored[open.StepIndex]++;
            }

            foreach (var skipped in steps.OutOfOrderArray)
            {
                outOfOrder[skipped.StepIndex]++;
                totalOutOfOrder++;
            }
        }

        var eventTimes = new double[stepCount][];
        var censoredTimes = new double[stepCount][];
        for (var s = 0; s < stepCount; s++)
        {
            // Scratch arrays only (the curve keeps its own points): rent them.
            eventTimes[s] = ArrayPool<double>.Shared.Rent(events[s]);
            censoredTimes[s] = ArrayPool<double>.Shared.Rent(censored[s]);
        }

        var eventFill = new int[stepCount];
        var censoredFill = new int[stepCount];
        if (companyCount != allSteps.Length)
        {
            Array.Resize(ref allSteps, companyCount);
        }

        foreach (var steps in allSteps)
        {
            foreach (var step in steps.Completed.AsSpan())
            {
                eventTimes[step.StepIndex][eventFill[step.StepIndex]++] = step.DurationDays;
            }

            if (steps.Open is { } open)
            {
                censoredTimes[open.StepIndex][censoredFill[open.StepIndex]++] = open.DurationDays;
            }
        }

        var statistics = new StepStatistics[stepCount];
        for (var s = 0; s < stepCount; s++)
        {
            var curve = KaplanMeier.FitInPlace(eventTimes[s], events[s], censoredTimes[s], censored[s]);
            ArrayPool<double>.Shared.Return(eventTimes[s]);
            ArrayPool<double>.Shared.Return(censoredTimes[s]);
            var reached = events[s] + outOfOrder[s];
            double? reachedPct = started == 0 ? null : 100.0 * reached / started;
            statistics[s] = new StepStatistics(
                s, layout.Milestones[s], events[s] + censored[s], events[s], censored[s], outOfOrder[s], reached, reachedPct, curve);
        }

        return new TrackVelocity(
            layout, UtcTime.FromTicks(asOfTicks), statistics, allSteps, companyIndex, started, totalOutOfOrder);
    }
}
