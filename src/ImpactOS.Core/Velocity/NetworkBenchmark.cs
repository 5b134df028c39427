using System.Runtime.InteropServices;

namespace ImpactOS.Core.Velocity;

/// <summary>One company of a contributing organization, as the network benchmark gets it: no id,
/// name or date of its own, only an organization ordinal and its history on its track.</summary>
/// <param name="Organization">An ordinal that tells the companies of one organization apart from
/// another's within one computation (and means nothing outside it).</param>
/// <param name="Track">The company's track as it has it (its order, its added steps). A step that
/// came from a System Standard milestone carries that milestone's id; any other id counts for no
/// network step.</param>
/// <param name="History">The company's history on that track (its id is only unique within the computation).</param>
/// <param name="AsOf">The report instant on the history's clock.</param>
public sealed record NetworkCompany(int Organization, IReadOnlyList<TrackMilestone> Track, CompanyHistory History, DateTime AsOf);

/// <summary>The network cohort of one System Standard step: every contributing organization's
/// observations of it, counted and fitted like an organization's own cohort.</summary>
/// <param name="MilestoneId">The standard's milestone the step leads to.</param>
/// <param name="Organizations">Organizations with at least one company in the step.</param>
/// <param name="Companies">Companies in the step (events + censored; one observation per company).</param>
public sealed record NetworkStep(Guid MilestoneId, int Organizations, int Companies, int Events, int Censored, KaplanMeierCurve Curve)
{
    /// <summary>k-anonymity: fewest organizations a network figure pools.</summary>
    public const int MinimumOrganizations = 5;

    /// <summary>k-anonymity: fewest companies a network figure pools.</summary>
    public const int MinimumCompanies = 20;

    /// <summary>Fewest events, as for an organization's own statuses.</summary>
    public const int MinimumEvents = StepStatistics.MinimumEventsForStatus;

    /// <summary>Whether the step's figures may be shown at all: only above every threshold.</summary>
    public bool IsShown => Organizations >= MinimumOrganizations && Companies >= MinimumCompanies && Events >= MinimumEvents;
}

/// <summary>How many organizations and companies a System Standard's network pools (companies with
/// an observation in at least one of its steps).</summary>
public sealed record NetworkTotals(int Organizations, int Companies)
{
    public bool IsShown => Organizations >= NetworkStep.MinimumOrganizations && Companies >= NetworkStep.MinimumCompanies;
}

/// <summary>The network benchmark as of one instant: per System Standard step, and per standard.</summary>
public sealed record NetworkBenchmark(IReadOnlyDictionary<Guid, NetworkStep> Steps, IReadOnlyDictionary<Guid, NetworkTotals> Tracks)
{
    public static NetworkBenchmark Empty { get; } = new(new Dictionary<Guid, NetworkStep>(), new Dictionary<Guid, NetworkTotals>());
}

/// <summary>Pools the contributing organizations' steps per System Standard step.</summary>
/// <remarks>Each company's steps are built by <see cref="StepBuilder"/> on its own track exactly as
/// for its organization's cohort (so a reordered copy or an added step shapes its steps as it does
/// there); a step then counts for the network step of the standard milestone it leads to. Steps to
/// milestones without a standard counterpart count for none.</remarks>
public static class NetworkBenchmarkCalculator
{
    /// <param name="companies">The contributing organizations' companies.</param>
    /// <param name="trackOfStep">Every System Standard milestone and its standard track.</param>
    public static NetworkBenchmark Compute(IEnumerable<NetworkCompany> companies, IReadOnlyDictionary<Guid, Guid> trackOfStep)
    {
        ArgumentNullException.ThrowIfNull(companies);
        ArgumentNullException.ThrowIfNull(trackOfStep);
        var steps = new Dictionary<Guid, Pool>();
        var tracks = new Dictionary<Guid, (HashSet<int> Organizations, int Companies)>();
        var seenTracks = new HashSet<Guid>();
        foreach (var company in companies)
        {
            var built = StepBuilder.Build(company.Track, company.History, company.AsOf);
            if (!built.HasStarted)
            {
                continue;
            }

            seenTracks.Clear();
            foreach (var step in built.Completed.AsSpan())
            {
                Add(step, isEvent: true);
            }

            if (built.Open is { } open)
            {
                Add(open, isEvent: false);
            }

            foreach (var trackId in seenTracks)
            {
                var totals = tracks.TryGetValue(trackId, out var t) ? t : ([], 0);
                totals.Organizations.Add(company.Organization);
                tracks[trackId] = (totals.Organizations, totals.Companies + 1);
            }

            void Add(StepObservation step, bool isEvent)
            {
                if (!trackOfStep.TryGetValue(step.MilestoneId, out var trackId))
                {
                    return;
                }

                if (!steps.TryGetValue(step.MilestoneId, out var pool))
                {
                    steps[step.MilestoneId] = pool = new Pool();
                }

                (isEvent ? pool.Events : pool.Censored).Add(step.DurationDays);
                pool.Organizations.Add(company.Organization);
                seenTracks.Add(trackId);
            }
        }

        return new NetworkBenchmark(
            steps.ToDictionary(
                s => s.Key,
                s => new NetworkStep(s.Key, s.Value.Organizations.Count, s.Value.Events.Count + s.Value.Censored.Count, s.Value.Events.Count, s.Value.Censored.Count,
                    KaplanMeier.Fit(CollectionsMarshal.AsSpan(s.Value.Events), CollectionsMarshal.AsSpan(s.Value.Censored)))),
            tracks.ToDictionary(t => t.Key, t => new NetworkTotals(t.Value.Organizations.Count, t.Value.Companies)));
    }

    private sealed class Pool
    {
        public List<double> Events { get; } = [];
        public List<double> Censored { get; } = [];
        public HashSet<int> Organizations { get; } = [];
    }
}

/// <summary>The one rule of which cohort a company's open step is compared with: its own
/// organization's, unless that step has too few events for a status and the network shows the same
/// step; then the network's. The company card and the portfolio both ask here.</summary>
public static class CohortChoice
{
    /// <summary>The company's velocity against <paramref name="networkStep"/> (the network cohort of
    /// its next milestone's standard step), or null when its own cohort stands: it has a status of
    /// its own, no open step, or the network does not show that step.</summary>
    public static CompanyVelocity? AgainstNetwork(TrackVelocity track, CompanyVelocity own, NetworkStep? networkStep)
    {
        if (own.Status != VelocityStatus.NotEnoughData || networkStep is not { IsShown: true }
            || own.NextMilestone is not { } next || !track.TryGetStep(next.MilestoneId, out var ownStep))
        {
            return null;
        }

        var cohort = new StepStatistics(ownStep.StepIndex, ownStep.Milestone, networkStep.Companies, networkStep.Events, networkStep.Censored, 0, networkStep.Events, null, networkStep.Curve);
        return CompanyVelocityCalculator.Compute(track, own.CompanyId, cohort);
    }
}
