using System.Diagnostics.CodeAnalysis;

namespace ImpactOS.Core.Velocity;

/// <summary>
/// Cohort statistics of one step (the time to one milestone) across a track's companies.
/// </summary>
/// <param name="StepIndex">Zero-based position of the milestone in the ordered track.</param>
/// <param name="Milestone">The milestone the step leads to.</param>
/// <param name="Entered">Observations in the step (= <paramref name="Events"/> + <paramref name="Censored"/>): the n at risk at time 0.</param>
/// <param name="Events">Companies whose step ended by achieving the milestone.</param>
/// <param name="Censored">Companies whose open step leads to the milestone.</param>
/// <param name="OutOfOrder">Achievements of the milestone left out because their step would start after it ended.</param>
/// <param name="Reached">Started companies that achieved the milestone by <c>asOf</c> (= <paramref name="Events"/> + <paramref name="OutOfOrder"/>).</param>
/// <param name="ReachedPct">Funnel: 100 × <paramref name="Reached"/> ÷ started companies; <c>null</c> when no company has started.</param>
/// <param name="Curve">The Kaplan–Meier curve of the step (points for charts, S(t), quantiles).</param>
public sealed record StepStatistics(
    int StepIndex,
    TrackMilestone Milestone,
    int Entered,
    int Events,
    int Censored,
    int OutOfOrder,
    int Reached,
    double? ReachedPct,
    KaplanMeierCurve Curve)
{
    /// <summary>Fewest events a step's cohort needs before company statuses are given.</summary>
    public const int MinimumEventsForStatus = 5;

    public Guid MilestoneId => Milestone.MilestoneId;

    /// <summary>25th percentile of the time to the milestone in days; <c>null</c> = not reached.</summary>
    public double? P25Days => Curve.P25;

    /// <summary>Median time to the milestone in days; <c>null</c> = not reached.</summary>
    public double? MedianDays => Curve.Median;

    /// <summary>75th percentile of the time to the milestone in days; <c>null</c> = not reached.</summary>
    public double? P75Days => Curve.P75;

    /// <summary><c>true</c> when the step has at least <see cref="MinimumEventsForStatus"/> events.</summary>
    public bool HasEnoughData => Events >= MinimumEventsForStatus;
}

/// <summary>
/// Velocity of a whole track as of one instant, plus every company's steps so company velocities
/// come from the same pass (<see cref="CompanyVelocityCalculator"/>).
/// </summary>
public sealed record TrackVelocity
{
    private readonly Dictionary<Guid, int> _companyIndex;

    internal TrackVelocity(
        TrackLayout layout,
        DateTime asOf,
        StepStatistics[] steps,
        CompanySteps[] companySteps,
        Dictionary<Guid, int> companyIndex,
        int startedCompanies,
        int outOfOrder)
    {
        Layout = layout;
        AsOf = asOf;
        StepArray = steps;
        CompanySteps = companySteps;
        _companyIndex = companyIndex;
        StartedCompanies = startedCompanies;
        OutOfOrder = outOfOrder;
    }

    internal TrackLayout Layout { get; }

    /// <summary>The report instant everything was computed as of.</summary>
    public DateTime AsOf { get; }

    /// <summary>The track's milestones in ascending order index.</summary>
    public IReadOnlyList<TrackMilestone> Milestones => Layout.Milestones;

    /// <summary>One entry per milestone, in track order.</summary>
    public IReadOnlyList<StepStatistics> Steps => StepArray;

    internal StepStatistics[] StepArray { get; }

    /// <summary>Number of companies passed in.</summary>
    public int Companies => CompanySteps.Count;

    /// <summary>Companies whose track start is at or before <see cref="AsOf"/> (the funnel's denominator).</summary>
    public int StartedCompanies { get; }

    /// <summary>Total out-of-order achievements across companies and steps.</summary>
    public int OutOfOrder { get; }

    /// <summary>Every company's steps, in the order the companies were passed.</summary>
    public IReadOnlyList<CompanySteps> CompanySteps { get; }

    /// <summary>Looks up the steps of a company that was part of the computation.</summary>
    public bool TryGetCompanySteps(Guid companyId, [MaybeNullWhen(false)] out CompanySteps steps)
    {
        if (_companyIndex.TryGetValue(companyId, out var index))
        {
            steps = CompanySteps[index];
            return true;
        }

        steps = null;
        return false;
    }

    /// <summary>Looks up the statistics of a milestone's step.</summary>
    public bool TryGetStep(Guid milestoneId, [MaybeNullWhen(false)] out StepStatistics step)
    {
        if (Layout.TryGetIndex(milestoneId, out var index))
        {
            step = Steps[index];
            return true;
        }

        step = null;
        return false;
    }
}
