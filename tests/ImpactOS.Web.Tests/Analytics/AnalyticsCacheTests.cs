using ImpactOS.Web.Analytics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;

namespace ImpactOS.Web.Tests.Analytics;

/// <summary>The cache's rules on their own, with the clock in the test's hands: patch what changed
/// while the base is young, load in full once it is old or a wider key changed.</summary>
public sealed class AnalyticsCacheTests
{
    private static readonly Guid Tenant = Guid.CreateVersion7();
    private static readonly Guid Track = Guid.CreateVersion7();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly AnalyticsCache _cache;
    private readonly List<string> _reads = [];

    public AnalyticsCacheTests() => _cache = new AnalyticsCache(new MemoryCache(new MemoryCacheOptions()), _clock);

    private Task<string> GetAsync(AnalyticsKey key) => _cache.GetOrLoadAsync(
        key,
        _ =>
        {
            _reads.Add("load");
            return Task.FromResult("loaded");
        },
        (previous, companies, _) =>
        {
            _reads.Add("patch " + companies.Count);
            return Task.FromResult(previous + "+patched");
        },
        CancellationToken.None);

    [Fact]
    public async Task ACompanyChangedWhileTheValueIsYoungIsPatchedIntoIt()
    {
        var key = new TrackKey(Tenant, Track);
        await GetAsync(key);
        _cache.Patch(key, [Guid.CreateVersion7()]);
        _clock.Advance(AnalyticsCache.MaxAge - TimeSpan.FromSeconds(1));

        Assert.Equal("loaded+patched", await GetAsync(key));
        Assert.Equal(["load", "patch 1"], _reads);
    }

    [Fact]
    public async Task AValueLoadedLongerAgoThanTheMaxAgeIsLoadedAgainInsteadOfPatched()
    {
        var key = new TenantReportsKey(Tenant);
        await GetAsync(key);
        _cache.Patch(key, [Guid.CreateVersion7()]);
        _clock.Advance(AnalyticsCache.MaxAge + TimeSpan.FromSeconds(1));

        Assert.Equal("loaded", await GetAsync(key));
        Assert.Equal(["load", "load"], _reads);
    }

    [Fact]
    public async Task AChangeToASystemTrackReloadsEveryTenantsSnapshotOfItAndNoOther()
    {
        var other = new TrackKey(Guid.CreateVersion7(), Track);
        var elsewhere = new TrackKey(Tenant, Guid.CreateVersion7());
        await GetAsync(new TrackKey(Tenant, Track));
        await GetAsync(other);
        await GetAsync(elsewhere);

        _cache.Invalidate(new SystemTrackKey(Track));

        Assert.Null(_cache.Cached<string>(new TrackKey(Tenant, Track)));
        Assert.Null(_cache.Cached<string>(other));
        Assert.Equal("loaded", _cache.Cached<string>(elsewhere));
    }

    /// <summary>The portfolio's track list holds the System Standards: an operator's change to one
    /// reloads every organization's lookups, and leaves the "to verify" counts alone.</summary>
    [Fact]
    public async Task AChangeToTheSystemStandardsReloadsEveryTenantsPortfolioLookupsButNotTheirClaimCounts()
    {
        var lookups = new PortfolioLookupsKey(Tenant);
        var otherLookups = new PortfolioLookupsKey(Guid.CreateVersion7());
        var claims = new OpenClaimsKey(Tenant);
        await GetAsync(lookups);
        await GetAsync(otherLookups);
        await GetAsync(claims);

        _cache.Invalidate(SystemStandardsKey.Instance);

        Assert.Null(_cache.Cached<string>(lookups));
        Assert.Null(_cache.Cached<string>(otherLookups));
        Assert.Equal("loaded", _cache.Cached<string>(claims));
    }

    [Fact]
    public void EveryKindOfKeyTravelsBetweenInstancesAsItself()
    {
        AnalyticsKey[] keys = [new TrackKey(Tenant, Track), new TenantReportsKey(Tenant), new SystemTrackKey(Track), new ProgramEffectsKey(Tenant), new PortfolioLookupsKey(Tenant), new OpenClaimsKey(Tenant), SystemStandardsKey.Instance];

        Assert.All(keys, key => Assert.Equal(key, AnalyticsKey.TryParseWire(key.ToWire(), out var parsed) ? parsed : null));
        Assert.False(AnalyticsKey.TryParseWire($"{Tenant:N}:{Track:N}", out _));
    }
}
