using System.Collections.Concurrent;
using ImpactOS.Core.Velocity;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ImpactOS.Web.Features.Velocity;

/// <summary>A company on a track, as the portfolio needs it besides its history.</summary>
public sealed record TrackCompany(Guid Id, string Name, Guid? CoachUserId, DateTime? ArchivedAt);

/// <summary>A cached value that can be patched: it remembers when it was last read in full (a
/// patched value keeps its base's time), and is patched only within <see cref="VelocityCache.MaxAge"/>
/// of that, so a change another instance failed to announce is picked up within that time.</summary>
public interface IPatchable
{
    DateTime LoadedAt { get; }
}

/// <summary>Everything the velocity of one (tenant, track) is computed from, loaded once and kept
/// until a write changes it. Results are memoized per <c>asOf</c>.</summary>
public sealed class TrackSnapshot(Guid trackId, IReadOnlyList<TrackMilestone> milestones, IReadOnlyList<CompanyHistory> histories, IReadOnlyDictionary<Guid, TrackCompany> companies) : IPatchable
{
    private readonly BoundedMemo<DateTime> _results = new(8);
    private readonly BoundedMemo<(string Name, DateTime AsOf)> _derived = new(16);

    public Guid TrackId { get; } = trackId;
    public IReadOnlyList<TrackMilestone> Milestones { get; } = milestones;
    public IReadOnlyList<CompanyHistory> Histories { get; } = histories;
    public IReadOnlyDictionary<Guid, TrackCompany> Companies { get; } = companies;

    /// <summary>When the track was last read in full (see <see cref="IPatchable"/>).</summary>
    public DateTime LoadedAt { get; init; } = DateTime.UtcNow;

    /// <summary>The track's and every company's velocity as of <paramref name="asOf"/>.</summary>
    public PortfolioVelocity At(DateTime asOf) =>
        _results.GetOrAdd(asOf, at => PortfolioVelocityCalculator.Compute(Milestones, Histories, at));

    /// <summary>Something derived from the result at <paramref name="asOf"/> (the portfolio's sorted
    /// rows), built once per snapshot and instant like the result itself.</summary>
    public T Memoize<T>(string name, DateTime asOf, Func<PortfolioVelocity, T> build)
        where T : class =>
        _derived.GetOrAdd((name, asOf), key => build(At(key.AsOf)));

    /// <summary>The velocity of a subset of the track's companies (a program's, a coach's), as
    /// their own cohort.</summary>
    public TrackVelocity For(IEnumerable<Guid> companyIds, DateTime asOf)
    {
        var wanted = companyIds.ToHashSet();
        return TrackVelocityCalculator.Compute(Milestones, Histories.Where(h => wanted.Contains(h.CompanyId)).ToList(), asOf);
    }
}

/// <summary>Caches <see cref="TrackSnapshot"/>s per (tenant, track). Every write that can change
/// velocity calls <see cref="Invalidate"/> (one generation counter per key, so a write made while a
/// snapshot loads is never lost); other instances of the app see it within
/// <see cref="MaxAge"/>.</summary>
public sealed class VelocityCache(IMemoryCache cache)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>The "track" under which a tenant's report inputs (every company's windows and
    /// achievements) are invalidated: any change to companies, achievements, programs or enrolments.</summary>
    public static readonly Guid TenantReports = Guid.Empty;

    private readonly ConcurrentDictionary<(Guid Tenant, Guid Track), long> _generations = new();
    private readonly ConcurrentDictionary<Guid, long> _trackGenerations = new();

    /// <summary>Changes whenever the (tenant, track) data or the track itself (for all tenants) changes.</summary>
    public string Generation(Guid tenantId, Guid trackId) =>
        $"{_generations.GetValueOrDefault((tenantId, trackId))}.{_trackGenerations.GetValueOrDefault(trackId)}.{Interlocked.Read(ref _epoch)}";

    /// <summary>The current value for the (tenant, key) when it is cached, else null.</summary>
    public T? Cached<T>(Guid tenantId, Guid trackId)
        where T : class, IPatchable =>
        cache.TryGetValue(Key(tenantId, trackId, Generation(tenantId, trackId)), out T? value) ? value : null;

    /// <summary>The one way a cached analytics value is read: the current one when cached; else the
    /// last one with the companies changed since reloaded (<paramref name="patch"/>) when that is
    /// allowed; else <paramref name="load"/>ed in full. The generation is read before anything is
    /// loaded, so a write made during the load is never lost.</summary>
    public async Task<T> GetOrLoadAsync<T>(
        Guid tenantId,
        Guid trackId,
        Func<CancellationToken, Task<T>> load,
        Func<T, IReadOnlySet<Guid>, CancellationToken, Task<T>> patch,
        CancellationToken cancellationToken)
        where T : class, IPatchable
    {
        var generation = Generation(tenantId, trackId);
        if (cache.TryGetValue(Key(tenantId, trackId, generation), out T? cached))
        {
            return cached!;
        }

        T value;
        if (!TryGetPatchBase<T>(tenantId, trackId, generation, out var previous, out var changed))
        {
            value = await load(cancellationToken);
        }
        else
        {
            value = changed.Count == 0 ? previous! : await patch(previous!, changed, cancellationToken);
        }

        Store(tenantId, trackId, generation, value);
        return value;
    }

    private void Store(Guid tenantId, Guid trackId, string generation, IPatchable value)
    {
        cache.Set(Key(tenantId, trackId, generation), value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = MaxAge });
        var log = Log(tenantId, trackId);
        lock (log)
        {
            if (log.Latest is null || log.Latest.Local <= LocalPart(generation))
            {
                log.Latest = new Stored(generation, LocalPart(generation), value);
                log.Changes.RemoveAll(c => c.Generation <= log.Latest.Local);
            }
        }
    }

    /// <summary>Everything about the (tenant, track) may have changed: the next read loads it again.</summary>
    public void Invalidate(Guid tenantId, Guid trackId)
    {
        var log = Log(tenantId, trackId);
        lock (log)
        {
            log.LastFull = _generations.AddOrUpdate((tenantId, trackId), 1, (_, g) => g + 1);
            log.Changes.Clear();
        }
    }

    /// <summary>Only these companies' achievements on the track changed (a mark, an edit, an undo
    /// on this instance): the next read reloads just their histories into the last snapshot.</summary>
    public void Patch(Guid tenantId, Guid trackId, IReadOnlyCollection<Guid> companyIds)
    {
        var log = Log(tenantId, trackId);
        lock (log)
        {
            var generation = _generations.AddOrUpdate((tenantId, trackId), 1, (_, g) => g + 1);
            if (log.Changes.Count + companyIds.Count > MaxPatchedCompanies)
            {
                log.LastFull = generation;
                log.Changes.Clear();
                return;
            }

            log.Changes.AddRange(companyIds.Select(c => (generation, c)));
        }
    }

    /// <summary>The last snapshot and the companies changed since, when a snapshot at
    /// <paramref name="generation"/> can be had by reloading only those: the same track and epoch,
    /// no full invalidation since, not older than <see cref="MaxAge"/>.</summary>
    private bool TryGetPatchBase<T>(Guid tenantId, Guid trackId, string generation, out T? previous, out IReadOnlySet<Guid> companyIds)
        where T : class, IPatchable
    {
        previous = null;
        companyIds = new HashSet<Guid>();
        var log = Log(tenantId, trackId);
        lock (log)
        {
            var latest = log.Latest;
            var local = LocalPart(generation);
            if (latest?.Value is not T value || DateTime.UtcNow - value.LoadedAt > MaxAge || log.LastFull > latest.Local
                || latest.Generation[latest.Generation.IndexOf('.')..] != generation[generation.IndexOf('.')..])
            {
                return false;
            }

            previous = value;
            companyIds = log.Changes.Where(c => c.Generation > latest.Local && c.Generation <= local).Select(c => c.Company).ToHashSet();
            return true;
        }
    }

    private const int MaxPatchedCompanies = 5_000;

    private sealed record Stored(string Generation, long Local, IPatchable Value);

    private sealed class ChangeLog
    {
        public Stored? Latest { get; set; }
        public long LastFull { get; set; }
        public List<(long Generation, Guid Company)> Changes { get; } = [];
    }

    private readonly ConcurrentDictionary<(Guid Tenant, Guid Track), ChangeLog> _logs = new();

    private ChangeLog Log(Guid tenantId, Guid trackId) => _logs.GetOrAdd((tenantId, trackId), _ => new ChangeLog());

    private static long LocalPart(string generation) => long.Parse(generation.AsSpan(0, generation.IndexOf('.')), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Everything may have changed (a broadcast too large to list).</summary>
    public void InvalidateAll()
    {
        foreach (var key in _generations.Keys)
        {
            Invalidate(key.Tenant, key.Track);
        }

        foreach (var track in _trackGenerations.Keys)
        {
            InvalidateEverywhere(track);
        }

        Interlocked.Increment(ref _epoch);
    }

    private long _epoch;

    /// <summary>A System Standard's steps changed: every tenant's snapshot of it.</summary>
    public void InvalidateEverywhere(Guid trackId) => _trackGenerations.AddOrUpdate(trackId, 1, (_, g) => g + 1);

    private readonly ConcurrentDictionary<Guid, Guid> _trackOfMilestone = new();

    /// <summary>The track a milestone definition belongs to, when already looked up (it never changes).</summary>
    public Guid? TrackOfMilestone(Guid milestoneId) => _trackOfMilestone.TryGetValue(milestoneId, out var track) ? track : null;

    public void RememberTrackOfMilestone(Guid milestoneId, Guid trackId) => _trackOfMilestone[milestoneId] = trackId;

    private static string Key(Guid tenantId, Guid trackId, string generation) => $"velocity:{tenantId}:{trackId}:{generation}";
}

/// <summary>Loads (or finds cached) track snapshots for the current tenant.</summary>
public sealed class VelocitySnapshots(AppDbContext db, VelocityCache cache)
{
    /// <summary>The current snapshot of the track for this tenant when it is cached, else null.</summary>
    public TrackSnapshot? Cached(Guid trackId) => cache.Cached<TrackSnapshot>(db.CurrentUser.RequiredTenantId, trackId);

    public Task<TrackSnapshot> GetAsync(Guid trackId, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync(db.CurrentUser.RequiredTenantId, trackId, ct => LoadAsync(trackId, ct), PatchAsync, cancellationToken);

    /// <summary>The previous snapshot with the changed companies' achievements read again: after a
    /// mark or an undo, one small query instead of the whole track.</summary>
    private async Task<TrackSnapshot> PatchAsync(TrackSnapshot previous, IReadOnlySet<Guid> changed, CancellationToken cancellationToken)
    {
        var trackId = previous.TrackId;
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
        return new TrackSnapshot(trackId, previous.Milestones, histories, previous.Companies) { LoadedAt = previous.LoadedAt };
    }

    /// <summary>Cohorts are the whole tenant's: the founder's company-scope filter is lifted here
    /// (never the tenant filter), and archived companies count until the day they were archived.</summary>
    private async Task<TrackSnapshot> LoadAsync(Guid trackId, CancellationToken cancellationToken)
    {
        string[] lifted = [QueryFilters.CompanyScope, QueryFilters.Archived];
        var milestones = await db.MilestoneDefinitions.AsNoTracking()
            .Where(m => m.TrackId == trackId)
            .OrderBy(m => m.OrderIndex)
            .Select(m => new TrackMilestone(m.Id, m.OrderIndex, m.Title))
            .ToListAsync(cancellationToken);
        var companies = await db.Companies.IgnoreQueryFilters(lifted).AsNoTracking()
            .Where(c => c.MilestoneTrackId == trackId)
            .Select(c => new { c.Id, c.Name, c.CoachUserId, c.FoundedOn, c.CreatedAt, c.ArchivedAt })
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
                byCompany.GetValueOrDefault(c.Id) ?? []))
            .ToList();
        return new TrackSnapshot(trackId, milestones, histories, companies.ToDictionary(c => c.Id, c => new TrackCompany(c.Id, c.Name, c.CoachUserId, c.ArchivedAt)));
    }
}
