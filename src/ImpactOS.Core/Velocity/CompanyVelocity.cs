namespace ImpactOS.Core.Velocity;

/// <summary>Where a company stands in its current step compared with the step's cohort.</summary>
public enum VelocityStatus
{
    /// <summary>Days in step ≤ cohort median (or the median is not reached).</summary>
    OnPace,

    /// <summary>Median &lt; days in step ≤ P75 (a P75 not reached counts as infinity).</summary>
    AtRisk,

    /// <summary>Days in step &gt; P75.</summary>
    Behind,

    /// <summary>The step's cohort has fewer than <see cref="StepStatistics.MinimumEventsForStatus"/> events.</summary>
    NotEnoughData,

    /// <summary>The company achieved the track's last milestone: no open step.</summary>
    Complete,

    /// <summary>The company shut down (at or before <c>asOf</c>): its open step ended there.</summary>
    ShutDown,

    /// <summary>The company was acquired (at or before <c>asOf</c>): its open step ended there.</summary>
    Acquired,

    /// <summary>
    /// No open step although the last milestone is not achieved: the company's track start is after
    /// <c>asOf</c>, or it was archived before its latest achievement (its open step was left out).
    /// </summary>
    Inactive,
}

/// <summary>The cohort of one step, as shown next to a company.</summary>
/// <param name="MilestoneId">The step's milestone.</param>
/// <param name="N">Observations in the step (events + censored).</param>
/// <param name="Events">Events in the step.</param>
/// <param name="P25Days">25th percentile in days; <c>null</c> = not reached.</param>
/// <param name="MedianDays">Median in days; <c>null</c> = not reached.</param>
/// <param name="P75Days">75th percentile in days; <c>null</c> = not reached.</param>
public sealed record StepCohort(Guid MilestoneId, int N, int Events, double? P25Days, double? MedianDays, double? P75Days);

/// <summary>An achieved step of a company compared with its cohort.</summary>
/// <param name="MilestoneId">The milestone reached.</param>
/// <param name="StepIndex">Zero-based position of the milestone in the ordered track.</param>
/// <param name="AchievedAt">When the milestone was achieved.</param>
/// <param name="DurationDays">The company's own duration in days.</param>
/// <param name="CohortMedianDays">The step cohort's median in days; <c>null</c> = not reached.</param>
/// <param name="FasterThanPct">100 × S(duration): the share of the cohort that had not yet reached the
/// milestone at this duration ("reached MVP faster than 80% of companies"). Companies tied with it do not count as slower.</param>
public readonly record struct AchievedStepVelocity(
    Guid MilestoneId,
    int StepIndex,
    DateTime AchievedAt,
    double DurationDays,
    double? CohortMedianDays,
    double FasterThanPct);

/// <summary>"Time to next milestone" for one company.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="Status">See <see cref="VelocityStatus"/>.</param>
/// <param name="NextMilestone">The open step's milestone; <c>null</c> when complete or not started.</param>
/// <param name="StepStartedAt">Start of the open step; <c>null</c> without an open step.</param>
/// <param name="DaysInStep">Days from the step start to <c>asOf</c> (or to the archive date when earlier).</param>
/// <param name="Cohort">The next milestone's step cohort; <c>null</c> without a next milestone.</param>
/// <param name="Percentile">100 × (1 − S(DaysInStep)): the share of the cohort expected to have reached the
/// milestone within the same time. Given even when the cohort is too small for a status; <c>null</c> without an open step.</param>
/// <param name="ProjectedAt">StepStartedAt + cohort median; <c>null</c> when the median is not reached or there is no open step.</param>
/// <param name="Steps">The company's achieved steps in track order.</param>
/// <param name="OutOfOrder">The company's achievements left out as out of order.</param>
/// <param name="ChanceWithin">The chance of reaching the next milestone within 30, 90 and 180 days, from the
/// open step's cohort curve conditional on the <paramref name="DaysInStep"/> already waited
/// (<see cref="KaplanMeierForecast"/>); each horizon <c>null</c> where the curve cannot tell. Given, like
/// <paramref name="Percentile"/>, even when the cohort is too small for a status (the interval says how
/// little it knows); <c>null</c> without an open step.</param>
public sealed record CompanyVelocity(
    Guid CompanyId,
    VelocityStatus Status,
    TrackMilestone? NextMilestone,
    DateTime? StepStartedAt,
    double? DaysInStep,
    StepCohort? Cohort,
    double? Percentile,
    DateTime? ProjectedAt,
    ReadOnlySlice<AchievedStepVelocity> Steps,
    int OutOfOrder,
    MilestoneChances? ChanceWithin);
