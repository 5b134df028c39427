namespace ImpactOS.Web.Analytics;

/// <summary>What a saved row means for one cached analytic.</summary>
public abstract record AnalyticsChange(AnalyticsKey Key)
{
    /// <summary>Everything under the key may have changed: the next read loads it in full.</summary>
    public static AnalyticsChange Reload(AnalyticsKey key) => new Reloaded(key);

    /// <summary>Only this company's rows under the key changed: the next read patches them in.</summary>
    public static AnalyticsChange OfCompany(AnalyticsKey key, Guid companyId) => new CompanyChanged(key, companyId);
}

public sealed record Reloaded(AnalyticsKey Key) : AnalyticsChange(Key);

public sealed record CompanyChanged(AnalyticsKey Key, Guid CompanyId) : AnalyticsChange(Key);

/// <summary>The analytics changes of the request's (scope's) pending saves: gathered while they are
/// saved, applied to the cache and told to the other instances once they are committed
/// (<see cref="Flush"/>), forgotten when they roll back (<see cref="Clear"/>).</summary>
public sealed class AnalyticsChanges(AnalyticsCache cache, IAnalyticsBroadcast broadcast, ReplicaFences fences)
{
    private readonly HashSet<AnalyticsKey> _reloads = [];
    private readonly HashSet<CompanyChanged> _companies = [];

    public void Add(AnalyticsChange change)
    {
        switch (change)
        {
            case Reloaded reload:
                _reloads.Add(reload.Key);
                break;
            case CompanyChanged company:
                _companies.Add(company);
                break;
        }
    }

    /// <summary>The saves are committed: with a read replica, the primary's position is read first
    /// (the fence a replica must pass before these values are read from it again); then other
    /// instances reload what changed, and this one patches the companies it knows changed and
    /// reloads the rest.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (fences.Enabled && !IsEmpty)
        {
            await fences.RecordCommittedAsync(Keys(), cancellationToken);
        }

        Apply();
    }

    /// <summary>As <see cref="FlushAsync"/>, after a synchronous save.</summary>
    public void Flush()
    {
        if (fences.Enabled && !IsEmpty)
        {
            fences.RecordCommitted(Keys());
        }

        Apply();
    }

    private bool IsEmpty => _reloads.Count == 0 && _companies.Count == 0;

    private List<AnalyticsKey> Keys() => _reloads.Union(_companies.Select(c => c.Key)).ToList();

    private void Apply()
    {
        broadcast.Publish(Keys());
        foreach (var patch in _companies.Where(c => !_reloads.Contains(c.Key)).GroupBy(c => c.Key))
        {
            cache.Patch(patch.Key, patch.Select(c => c.CompanyId).ToList());
        }

        foreach (var key in _reloads)
        {
            cache.Invalidate(key);
        }

        Clear();
    }

    /// <summary>Forgets what the saves were about to change (they were flushed, or rolled back).</summary>
    public void Clear()
    {
        _reloads.Clear();
        _companies.Clear();
    }
}
