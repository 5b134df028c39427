using ImpactOS.Core.Velocity;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ImpactOS.Web.Analytics;

/// <summary>A company on a track, as the portfolio needs it besides its history.</summary>
public sealed record TrackCompany(Guid Id, string Name, Guid? CoachUserId, DateTime? ArchivedAt, CompanyOutcome Outcome = CompanyOutcome.Active, DateOnly? OutcomeOn = null);

/// <summary>Everything the velocity of one (tenant, track) is computed from, loaded once and kept
/// until a write changes it. Results are memoized per <c>asOf</c>.</summary>
public sealed class TrackSnapshot(Guid trackId, IReadOnlyList<TrackMilestone> milestones, IReadOnlyList<CompanyHistory> histories, IReadOnlyDictionary<Guid, TrackCompany> companies)
{
    private readonly BoundedMemo<DateTime> _results = new(8);
    private readonly BoundedMemo<(string Name, DateTime AsOf)> _derived = new(16);

    public Guid TrackId { get; } = trackId;
    public IReadOnlyList<TrackMilestone> Milestones { get; } = milestones;
    public IReadOnlyList<CompanyHistory> Histories { get; } = histories;
    public IReadOnlyDictionary<Guid, TrackCompany> Companies { get; } = companies;

    /// <summary>The track's and every company's velocity as of <paramref name="asOf"/>.</summary>
    public PortfolioVelocity At(DateTime asOf) =>
        _results.GetOrAdd(asOf, at => PortfolioVelocityCalculator.Compute(Milestones, Histories, at));

    /// <summary>Something derived from the result at <paramref name="asOf"/> (the portfolio's sorted
    /// rows), built once per snapshot and instant like the result itself.</summary>
    public T Memoize<T>(string name, DateTime asOf, Func<PortfolioVelocity, T> build)
        where T : class =>
        _derived.GetOrAdd((name, asOf), key => build(At(key.AsOf)));

    /// <summary>Each step's competing risks (milestone, shut down, acquired) as of <paramref name="asOf"/>,
    /// in track order: fitted once per snapshot and instant.</summary>
    public IReadOnlyList<CumulativeIncidenceCurve> CompetingRisksAt(DateTime asOf) =>
        Memoize("competing", asOf, result => new CompetingRisks(CompetingRisksCalculator.Compute(result.Track))).Curves;

    private sealed record CompetingRisks(IReadOnlyList<CumulativeIncidenceCurve> Curves);

    /// <summary>The velocity of a subset of the track's companies (a program's, a coach's), as
    /// their own cohort.</summary>
    public TrackVelocity For(IEnumerable<Guid> companyIds, DateTime asOf)
    {
        var wanted = companyIds.ToHashSet();
        return TrackVelocityCalculator.Compute(Milestones, Histories.Where(h => wanted.Contains(h.CompanyId)).ToList(), asOf);
    }
}

/// <summary>The track snapshots: one per (tenant, track), loaded in three queries, patched per
/// changed company, and stale when a company, one of its achievements on the track, or one of the
/// track's steps is written.</summary>
public sealed class TrackSnapshots(AppDbContext db, AnalyticsCache cache, AnalyticsReads reads) : CachedAnalytic<TrackKey, TrackSnapshot>(cache, reads), IAffectedByWrites
{
    /// <summary>The current snapshot of the track for this tenant when it is cached, else null.</summary>
    public TrackSnapshot? Cached(Guid trackId) => Cached(KeyOf(trackId));

    /// <summary>The track's snapshot for this tenant.</summary>
    public Task<TrackSnapshot> GetAsync(Guid trackId, CancellationToken cancellationToken) => GetAsync(KeyOf(trackId), cancellationToken);

    private TrackKey KeyOf(Guid trackId) => new(db.CurrentUser.RequiredTenantId, trackId);

    public static IEnumerable<AnalyticsChange> AffectedBy(EntityEntry entry, SavedRowFacts facts)
    {
        switch (entry.Entity)
        {
            case Company company:
                yield return AnalyticsChange.Reload(new TrackKey(company.TenantId, company.MilestoneTrackId));
                if (entry.State == EntityState.Modified)
                {
                    // A company moved to another track leaves its old track's cohort too.
                    yield return AnalyticsChange.Reload(new TrackKey(company.TenantId, (Guid)entry.Property(nameof(Company.MilestoneTrackId)).OriginalValue!));
                }

                break;
            case CompanyMilestone milestone when facts.TrackOfMilestone(milestone.MilestoneId) is { } trackId:
                yield return AnalyticsChange.OfCompany(new TrackKey(milestone.TenantId, trackId), milestone.CompanyId);
                break;
            case MilestoneDefinition { TenantId: { } tenantId } definition:
                yield return AnalyticsChange.Reload(new TrackKey(tenantId, definition.TrackId));
                break;
            case MilestoneDefinition definition:
                // A System Standard's step changed: every tenant's snapshot of that track.
                yield return AnalyticsChange.Reload(new SystemTrackKey(definition.TrackId));
                break;
        }
    }

    /// <summary>The previous snapshot with the changed companies' achievements read again: after a
    /// mark or an undo, one small query instead of the whole track.</summary>
    protected override async Task<TrackSnapshot> PatchAsync(TrackKey key, AppDbContext db, TrackSnapshot previous, IReadOnlySet<Guid> changed, CancellationToken cancellationToken)
    {
        var trackId = key.TrackId;
        var ids = changed.ToList();
        var achievements = await db.CompanyMilestones.IgnoreQueryFilters([QueryFilters.CompanyScope, QueryFilters.Archived]).AsNoTracking()
            .Where(m => ids.Contains(m.CompanyId) && m.Status == MilestoneStatus.Achieved && m.AchievedAt != null && m.Milestone!.TrackId == trackId)
            .Select(m => new { m.CompanyId, m.MilestoneId, AchievedAt = m.AchievedAt!.Value })
            .ToListAsync(cancellationToken);
        var byCompany = achievements.GroupBy(a => a.CompanyId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Achievement>)g.Select(a => new Achievement(a.MilestoneId, a.AchievedAt)).ToList());
        var histories = previous.Histories
            .Select(h => changed.Contains(h.CompanyId) ? h with { Achievements = byCompany.GetValueOrDefault(h.CompanyId) ?? [] } : h)
            .ToList();
        return new TrackSnapshot(trackId, previous.Milestones, histories, previous.Companies);
    }

    /// <summary>Cohorts are the whole tenant's: the founder's company-scope filter is lifted here
    /// (never the tenant filter), and archived companies count until the day they were archived.</summary>
    protected override async Task<TrackSnapshot> LoadAsync(TrackKey key, AppDbContext db, CancellationToken cancellationToken)
    {
        var trackId = key.TrackId;
        string[] lifted = [QueryFilters.CompanyScope, QueryFilters.Archived];
        var milestones = await db.MilestoneDefinitions.AsNoTracking()
            .Where(m => m.TrackId == trackId)
            .OrderBy(m => m.OrderIndex)
            .Select(m => new TrackMilestone(m.Id, m.OrderIndex, m.Title))
            .ToListAsync(cancellationToken);
        var companies = await db.Companies.IgnoreQueryFilters(lifted).AsNoTracking()
            .Where(c => c.MilestoneTrackId == trackId)
            .Select(c => new { c.Id, c.Name, c.CoachUserId, c.FoundedOn, c.CreatedAt, c.ArchivedAt, c.Outcome, c.OutcomeOn })
            .ToListAsync(cancellationToken);
        var achievements = await db.CompanyMilestones.IgnoreQueryFilters(lifted).AsNoTracking()
            .Where(m => m.Status == MilestoneStatus.Achieved && m.AchievedAt != null
                && m.Company!.MilestoneTrackId == trackId && m.Milestone!.TrackId == trackId)
            .Select(m => new { m.CompanyId, m.MilestoneId, AchievedAt = m.AchievedAt!.Value })
            .ToListAsync(cancellationToken);

        var byCompany = achievements.GroupBy(a => a.CompanyId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Achievement>)g.Select(a => new Achievement(a.MilestoneId, a.AchievedAt)).ToList());
        var histories = companies
            .Select(c => new CompanyHistory(
                c.Id,
                Company.StartOfTrack(c.FoundedOn, c.CreatedAt),
                c.ArchivedAt,
                byCompany.GetValueOrDefault(c.Id) ?? [],
                Company.ClosureOf(c.Outcome, c.OutcomeOn)))
            .ToList();
        return new TrackSnapshot(trackId, milestones, histories, companies.ToDictionary(c => c.Id, c => new TrackCompany(c.Id, c.Name, c.CoachUserId, c.ArchivedAt, c.Outcome, c.OutcomeOn)));
    }
}
