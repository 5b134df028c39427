using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace ImpactOS.Web.Analytics;

/// <summary>Keeps every cached analytic per <see cref="AnalyticsKey"/>. Every write that makes a
/// value stale reaches it through <see cref="Invalidate"/> or <see cref="Patch"/> (one generation
/// counter per key, so a write made while a value loads is never lost); other instances of the app
/// hear of it by broadcast, or see it within <see cref="MaxAge"/>.</summary>
public sealed class AnalyticsCache(IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>Past this many changed companies a full load is cheaper than patching them in.</summary>
    private const int MaxPatchedCompanies = 5_000;

    private readonly ConcurrentDictionary<AnalyticsKey, long> _generations = new();
    private readonly ConcurrentDictionary<AnalyticsKey, ChangeLog> _logs = new();
    private long _epoch;

    /// <summary>Where a key's data stands: its own changes, its wider key's (<see cref="AnalyticsKey.Within"/>),
    /// and the epoch (everything changed). Any of them moving makes a cached value stale.</summary>
    private readonly record struct Generation(long Own, long Wider, long Epoch)
    {
        /// <summary>A value at <paramref name="other"/> can be brought here by patching alone: only
        /// the key's own changes (which are logged per company) lie between them.</summary>
        public bool SharesBaseWith(Generation other) => Wider == other.Wider && Epoch == other.Epoch;
    }

    /// <summary>The value as it was stored: when its base was read in full (a patched value keeps
    /// its base's time, so a change another instance failed to announce is seen within <see cref="MaxAge"/>).</summary>
    private sealed record Stored(Generation Generation, object Value, DateTimeOffset LoadedAt);

    private sealed record EntryKey(AnalyticsKey Key, Generation Generation);

    private sealed class ChangeLog
    {
        public Stored? Latest { get; set; }

        public long LastFull { get; set; }

        public List<(long Generation, Guid Company)> Changes { get; } = [];
    }

    private Generation GenerationOf(AnalyticsKey key) => new(
        _generations.GetValueOrDefault(key),
        key.Within is { } wider ? _generations.GetValueOrDefault(wider) : 0,
        Interlocked.Read(ref _epoch));

    private ChangeLog Log(AnalyticsKey key) => _logs.GetOrAdd(key, _ => new ChangeLog());

    /// <summary>The current value for the key when it is cached, else null.</summary>
    public T? Cached<T>(AnalyticsKey key)
        where T : class =>
        cache.TryGetValue(new EntryKey(key, GenerationOf(key)), out Stored? stored) ? stored!.Value as T : null;

    /// <summary>The one way a cached analytics value is read: the current one when cached; else the
    /// last one with the companies changed since reloaded (<paramref name="patch"/>) when that is
    /// allowed; else <paramref name="load"/>ed in full. The generation is read before anything is
    /// loaded, so a write made during the load is never lost.</summary>
    public async Task<T> GetOrLoadAsync<T>(
        AnalyticsKey key,
        Func<CancellationToken, Task<T>> load,
        Func<T, IReadOnlySet<Guid>, CancellationToken, Task<T>> patch,
        CancellationToken cancellationToken)
        where T : class
    {
        var generation = GenerationOf(key);
        if (cache.TryGetValue(new EntryKey(key, generation), out Stored? cached) && cached!.Value is T current)
        {
            return current;
        }

        Stored stored;
        if (TryGetPatchBase(key, generation, out var previous, out var changed) && previous.Value is T value)
        {
            stored = new Stored(generation, changed.Count == 0 ? value : await patch(value, changed, cancellationToken), previous.LoadedAt);
        }
        else
        {
            var loadedAt = clock.GetUtcNow();
            stored = new Stored(generation, await load(cancellationToken), loadedAt);
        }

        Store(key, stored);
        return (T)stored.Value;
    }

    private void Store(AnalyticsKey key, Stored stored)
    {
        cache.Set(new EntryKey(key, stored.Generation), stored, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = MaxAge });
        var log = Log(key);
        lock (log)
        {
            if (log.Latest is null || log.Latest.Generation.Own <= stored.Generation.Own)
            {
                log.Latest = stored;
                log.Changes.RemoveAll(c => c.Generation <= stored.Generation.Own);
            }
        }
    }

    /// <summary>Everything under the key may have changed: the next read loads it again (and, for a
    /// wider key, every key within it).</summary>
    public void Invalidate(AnalyticsKey key)
    {
        var log = Log(key);
        lock (log)
        {
            log.LastFull = Bump(key);
            log.Changes.Clear();
        }
    }

    /// <summary>Only these companies' rows under the key changed (a mark, an edit, an undo on this
    /// instance): the next read reloads just theirs into the last value.</summary>
    public void Patch(AnalyticsKey key, IReadOnlyCollection<Guid> companyIds)
    {
        var log = Log(key);
        lock (log)
        {
            var generation = Bump(key);
            if (log.Changes.Count + companyIds.Count > MaxPatchedCompanies)
            {
                log.LastFull = generation;
                log.Changes.Clear();
                return;
            }

            log.Changes.AddRange(companyIds.Select(c => (generation, c)));
        }
    }

    /// <summary>Everything may have changed (a broadcast too large to list).</summary>
    public void InvalidateAll()
    {
        foreach (var key in _generations.Keys)
        {
            Invalidate(key);
        }

        Interlocked.Increment(ref _epoch);
    }

    private long Bump(AnalyticsKey key) => _generations.AddOrUpdate(key, 1, (_, g) => g + 1);

    /// <summary>The last value and the companies changed since, when a value at
    /// <paramref name="generation"/> can be had by reloading only those: the same wider key and
    /// epoch, no full invalidation since, its base not older than <see cref="MaxAge"/>.</summary>
    private bool TryGetPatchBase(AnalyticsKey key, Generation generation, out Stored previous, out IReadOnlySet<Guid> companyIds)
    {
        var log = Log(key);
        lock (log)
        {
            previous = log.Latest!;
            companyIds = new HashSet<Guid>();
            if (previous is null || clock.GetUtcNow() - previous.LoadedAt > MaxAge || log.LastFull > previous.Generation.Own
                || !previous.Generation.SharesBaseWith(generation))
            {
                return false;
            }

            var since = previous.Generation.Own;
            companyIds = log.Changes.Where(c => c.Generation > since && c.Generation <= generation.Own).Select(c => c.Company).ToHashSet();
            return true;
        }
    }
}
