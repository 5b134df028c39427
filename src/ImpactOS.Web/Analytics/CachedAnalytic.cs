using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ImpactOS.Web.Analytics;

/// <summary>A value kept in the <see cref="AnalyticsCache"/> per key: how it is loaded in full and
/// how the changed companies are patched into the last one. Which writes make it stale sits
/// beside these, in the same class (<see cref="IAffectedByWrites"/>).</summary>
public abstract class CachedAnalytic<TKey, TValue>(AnalyticsCache cache, AnalyticsReads reads)
    where TKey : AnalyticsKey
    where TValue : class
{
    /// <summary>The current value when it is cached, else null.</summary>
    public TValue? Cached(TKey key) => cache.Cached<TValue>(key);

    /// <summary>The current value: cached, patched, or loaded (see <see cref="AnalyticsCache.GetOrLoadAsync{T}"/>).</summary>
    public Task<TValue> GetAsync(TKey key, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync<TValue>(
            key,
            ct => reads.RunAsync(key, (db, c) => LoadAsync(key, db, c), ct),
            (previous, companies, ct) => reads.RunAsync(key, (db, c) => PatchAsync(key, db, previous, companies, c), ct),
            cancellationToken);

    /// <summary>Everything the value is computed from, read in full from <paramref name="db"/> (the
    /// replica or the primary, as <see cref="AnalyticsReads"/> chose: read only, write nothing).</summary>
    protected abstract Task<TValue> LoadAsync(TKey key, AppDbContext db, CancellationToken cancellationToken);

    /// <summary>The previous value with these companies' rows read again from <paramref name="db"/>
    /// (after a mark, an edit, an undo).</summary>
    protected abstract Task<TValue> PatchAsync(TKey key, AppDbContext db, TValue previous, IReadOnlySet<Guid> changedCompanies, CancellationToken cancellationToken);
}

/// <summary>Which saved rows make a cached analytic stale, and how: a full reload of a key, or a
/// patch of one company under it. Asked of every added, modified or deleted row of a save.</summary>
public interface IAffectedByWrites
{
    static abstract IEnumerable<AnalyticsChange> AffectedBy(EntityEntry entry, SavedRowFacts facts);
}

/// <summary>A cached analytic as the change interceptor knows it: its name and what a row means for it.</summary>
public sealed record AnalyticRegistration(string Name, Func<EntityEntry, SavedRowFacts, IEnumerable<AnalyticsChange>> AffectedBy);
