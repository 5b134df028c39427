using ImpactOS.Core.Velocity;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ImpactOS.Web.Analytics;

/// <summary>The network benchmark as of one instant, and the System Standard each standard step belongs to.</summary>
public sealed record NetworkSnapshot(NetworkBenchmark Benchmark, IReadOnlyDictionary<Guid, Guid> TrackOfStep)
{
    /// <summary>Tells this load from the next one: what is derived from it (the portfolio's rows
    /// compared with the network) is kept under it.</summary>
    public Guid Version { get; } = Guid.NewGuid();
}

/// <summary>The network benchmark, one value for every contributing organization (it holds nothing
/// that names one). Read through <see cref="NetworkSteps"/>, the one cross-organization read, and
/// only on behalf of an organization that contributes. Any write to a company, a milestone, a track
/// step or an organization's settings reloads it: from the row alone it cannot be told whether its
/// organization contributes, and a stale network must never keep an organization that just left.</summary>
public sealed class NetworkBenchmarks(AnalyticsCache cache, AnalyticsReads reads) : CachedAnalytic<NetworkKey, NetworkSnapshot>(cache, reads), IAffectedByWrites
{
    public static IEnumerable<AnalyticsChange> AffectedBy(EntityEntry entry, SavedRowFacts facts)
    {
        if (entry.Entity is Company or CompanyMilestone or MilestoneDefinition or MilestoneTrack or TenantConfig)
        {
            yield return AnalyticsChange.Reload(NetworkScopeKey.Instance);
        }
    }

    /// <summary>Only full reloads reach it (see <see cref="AffectedBy"/>), so there is never a company to patch.</summary>
    protected override Task<NetworkSnapshot> PatchAsync(NetworkKey key, AppDbContext db, NetworkSnapshot previous, IReadOnlySet<Guid> changedCompanies, CancellationToken cancellationToken) =>
        LoadAsync(key, db, cancellationToken);

    protected override async Task<NetworkSnapshot> LoadAsync(NetworkKey key, AppDbContext db, CancellationToken cancellationToken)
    {
        var trackOfStep = await db.MilestoneDefinitions.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(m => m.TenantId == null)
            .ToDictionaryAsync(m => m.Id, m => m.TrackId, cancellationToken);
        var rows = await NetworkSteps.ReadAsync(db, key.AsOf, cancellationToken);
        return new NetworkSnapshot(NetworkBenchmarkCalculator.Compute(NetworkSteps.Companies(rows), trackOfStep), trackOfStep);
    }
}
