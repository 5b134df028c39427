namespace ImpactOS.Core.Velocity;

/// <summary>A track's velocity together with the velocity of each of its companies.</summary>
/// <param name="Track">The track's cohort statistics (one KM curve per step).</param>
/// <param name="Companies">One entry per company, in the order they were passed.</param>
public sealed record PortfolioVelocity(TrackVelocity Track, IReadOnlyList<CompanyVelocity> Companies);

/// <summary>
/// One-pass velocity for a whole portfolio page: the curves are fitted once per step and every
/// company is placed on them by binary search — O(companies × steps × log n) overall.
/// </summary>
public static class PortfolioVelocityCalculator
{
    /// <summary>Computes the track velocity and every company's velocity as of <paramref name="asOf"/>.</summary>
    public static PortfolioVelocity Compute(IReadOnlyList<TrackMilestone> track, IEnumerable<CompanyHistory> companies, DateTime asOf)
    {
        var velocity = TrackVelocityCalculator.Compute(track, companies, asOf);
        return new PortfolioVelocity(velocity, CompanyVelocityCalculator.ComputeAll(velocity));
    }
}
