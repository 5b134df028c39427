namespace ImpactOS.Core.Velocity;

/// <summary>
/// Computes a company's "time to next milestone" from an already computed <see cref="TrackVelocity"/>
/// without refitting any curve: O(steps × log n) per company.
/// </summary>
/// <remarks>
/// <para>Status of the open step (elapsed = days in step; a <c>null</c> quantile means "not reached"
/// and counts as infinity): <see cref="VelocityStatus.Complete"/> when the last milestone is
/// achieved; <see cref="VelocityStatus.ShutDown"/> or <see cref="VelocityStatus.Acquired"/> when the
/// company closed by <c>asOf</c> (before those: a closed company is not measured against the cohort);
/// <see cref="VelocityStatus.Inactive"/> when there is no open step otherwise;
/// <see cref="VelocityStatus.NotEnoughData"/> when the step's cohort has fewer than
/// <see cref="StepStatistics.MinimumEventsForStatus"/> events; <see cref="VelocityStatus.OnPace"/>
/// while elapsed ≤ median; <see cref="VelocityStatus.AtRisk"/> while median &lt; elapsed ≤ P75;
/// <see cref="VelocityStatus.Behind"/> once elapsed &gt; P75.</para>
/// <para>The company's own observations are part of the cohort it is compared with (the cohort is
/// all companies on the track).</para>
/// <para>The chance of the next milestone within 30 / 90 / 180 days comes from the open step's curve,
/// conditional on the days already waited (<see cref="KaplanMeierCurve.Forecast"/>): this is the one
/// place it is computed, so the API, the card and the portfolio column agree.</para>
/// </remarks>
public static class CompanyVelocityCalculator
{
    /// <summary>
    /// Velocity of <paramref name="company"/>. When the company was part of <paramref name="track"/>'s
    /// computation its stored steps are used; otherwise its steps are built now and compared with the
    /// cohort (which then does not include it).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="asOf"/> differs from <see cref="TrackVelocity.AsOf"/>.</exception>
    public static CompanyVelocity Compute(TrackVelocity track, CompanyHistory company, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(company);
        var asOfTicks = UtcTime.Ticks(asOf, nameof(asOf));
        if (asOfTicks != track.AsOf.Ticks)
        {
            throw new ArgumentException(
                $"The track velocity was computed as of {track.AsOf:O}, not {asOf:O}.", nameof(asOf));
        }

        if (!track.TryGetCompanySteps(company.CompanyId, out var steps))
        {
            steps = StepBuilder.Build(track.Layout, company, asOfTicks, new long[track.Layout.Count], buffer: null);
        }

        return Compute(track, steps);
    }

    /// <summary>Velocity of a company that was part of <paramref name="track"/>'s computation.</summary>
    /// <exception cref="ArgumentException">The company was not part of the computation.</exception>
    public static CompanyVelocity Compute(TrackVelocity track, Guid companyId)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (!track.TryGetCompanySteps(companyId, out var steps))
        {
            throw new ArgumentException($"Company {companyId} is not part of this track velocity.", nameof(companyId));
        }

        return Compute(track, steps);
    }

    /// <summary>Velocity of a company that was part of <paramref name="track"/>'s computation, its
    /// open step compared with <paramref name="openStepCohort"/> (another cohort of the same
    /// milestone: the network's) instead of the track's; achieved steps keep the track's cohort.</summary>
    /// <exception cref="ArgumentException">The company was not part of the computation.</exception>
    public static CompanyVelocity Compute(TrackVelocity track, Guid companyId, StepStatistics openStepCohort)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(openStepCohort);
        if (!track.TryGetCompanySteps(companyId, out var steps))
        {
            throw new ArgumentException($"Company {companyId} is not part of this track velocity.", nameof(companyId));
        }

        return Compute(track, steps, cohorts: null, buffer: null, openStepCohort);
    }

    /// <summary>Velocity of every company of <paramref name="track"/>, in the order they were passed.</summary>
    public static IReadOnlyList<CompanyVelocity> ComputeAll(TrackVelocity track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var cohorts = CreateCohorts(track);
        var buffer = new SliceBuffer<AchievedStepVelocity>();
        var all = track.CompanySteps;
        var result = new CompanyVelocity[all.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Compute(track, all[i], cohorts, buffer);
        }

        return result;
    }

    /// <summary>Velocity of a company from its <paramref name="steps"/> (built as of <see cref="TrackVelocity.AsOf"/>).</summary>
    public static CompanyVelocity Compute(TrackVelocity track, CompanySteps steps)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(steps);
        return Compute(track, steps, cohorts: null, buffer: null);
    }

    private static StepStatistics StepOf(StepStatistics[] statistics, StepObservation step)
    {
        var index = step.StepIndex;
        if ((uint)index >= (uint)statistics.Length || statistics[index].MilestoneId != step.MilestoneId)
        {
            throw new ArgumentException("The company's steps were built for another track.", "steps");
        }

        return statistics[index];
    }

    private static StepCohort[] CreateCohorts(TrackVelocity track)
    {
        var cohorts = new StepCohort[track.Steps.Count];
        for (var s = 0; s < cohorts.Length; s++)
        {
            cohorts[s] = CreateCohort(track.Steps[s]);
        }

        return cohorts;
    }

    private static StepCohort CreateCohort(StepStatistics step) =>
        new(step.MilestoneId, step.Entered, step.Events, step.P25Days, step.MedianDays, step.P75Days);

    private static CompanyVelocity Compute(
        TrackVelocity track, CompanySteps steps, StepCohort[]? cohorts, SliceBuffer<AchievedStepVelocity>? buffer, StepStatistics? openStepCohort = null)
    {
        var statistics = track.StepArray;
        var completed = steps.Completed.AsSpan();
        ReadOnlySlice<AchievedStepVelocity> achievedSlice;
        Span<AchievedStepVelocity> achieved;
        if (buffer is not null)
        {
            achievedSlice = buffer.Reserve(completed.Length, out achieved);
        }
        else
        {
            var array = new AchievedStepVelocity[completed.Length];
            achievedSlice = new ReadOnlySlice<AchievedStepVelocity>(array);
            achieved = array;
        }

        for (var i = 0; i < achieved.Length; i++)
        {
            var step = completed[i];
            var curve = StepOf(statistics, step).Curve;
            var duration = step.DurationDays;
            achieved[i] = new AchievedStepVelocity(
                step.MilestoneId,
                step.StepIndex,
                step.EndedAt,
                duration,
                curve.Median,
                100.0 * curve.Survival(duration));
        }

        var next = steps.NextMilestone;
        StepCohort? cohort = null;
        StepStatistics? nextStep = null;
        if (steps.Open is { } openStep)
        {
            nextStep = StepOf(statistics, openStep);
        }
        else if (next is not null)
        {
            track.TryGetStep(next.MilestoneId, out nextStep);
        }

        if (openStepCohort is not null && nextStep is not null && openStepCohort.MilestoneId == nextStep.MilestoneId)
        {
            nextStep = openStepCohort;
            cohort = CreateCohort(nextStep);
        }
        else if (nextStep is not null)
        {
            cohort = cohorts?[nextStep.StepIndex] ?? CreateCohort(nextStep);
        }

        if (steps.IsClosed || steps.Open is not { } open || nextStep is null)
        {
            var status = steps.ClosedAs switch
            {
                StepEnd.ShutDown => VelocityStatus.ShutDown,
                StepEnd.Acquired => VelocityStatus.Acquired,
                _ => steps.IsComplete ? VelocityStatus.Complete : VelocityStatus.Inactive,
            };
            return new CompanyVelocity(steps.CompanyId, status, next, null, null, cohort, null, null, achievedSlice, steps.OutOfOrder, ChanceWithin: null);
        }

        var elapsed = open.DurationDays;
        var openCurve = nextStep.Curve;
        var median = openCurve.Median;
        var p75 = openCurve.P75;
        VelocityStatus openStatus;
        if (!nextStep.HasEnoughData)
        {
            openStatus = VelocityStatus.NotEnoughData;
        }
        else if (median is null || elapsed <= median.Value)
        {
            openStatus = VelocityStatus.OnPace;
        }
        else if (p75 is null || elapsed <= p75.Value)
        {
            openStatus = VelocityStatus.AtRisk;
        }
        else
        {
            openStatus = VelocityStatus.Behind;
        }

        var startTicks = open.StartedAt.Ticks;
        DateTime? projectedAt = median is { } m ? UtcTime.AddDays(startTicks, m) : null;
        var percentile = 100.0 * (1.0 - openCurve.Survival(elapsed));
        var chances = openCurve.Forecast.ChancesFor(elapsed);

        return new CompanyVelocity(
            steps.CompanyId,
            openStatus,
            next,
            open.StartedAt,
            elapsed,
            cohort,
            percentile,
            projectedAt,
            achievedSlice,
            steps.OutOfOrder,
            chances);
    }
}
