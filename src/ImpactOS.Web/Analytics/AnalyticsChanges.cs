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
public sealed class AnalyticsChanges(AnalyticsCache cache, IAnalyticsBroadcast broadcast)
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

    /// <summary>The saves are committed: other instances reload what changed; this one patches the
    /// companies it knows changed and reloads the rest.</summary>
    public void Flush()
    {
        broadcast.Publish(_reloads.Union(_companies.Select(c => c.Key)).ToList());
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
