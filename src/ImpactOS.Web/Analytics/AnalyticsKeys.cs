using System.Diagnostics.CodeAnalysis;

namespace ImpactOS.Web.Analytics;

/// <summary>What a cached analytic is kept under, and what a write names when it makes one stale.
/// A key may sit inside a wider one (<see cref="Within"/>): when the wider key changes, so has it.</summary>
public abstract record AnalyticsKey
{
    /// <summary>The wider key whose every change this one shares (a System Standard for every
    /// tenant's snapshot of it), or null.</summary>
    public virtual AnalyticsKey? Within => null;

    /// <summary>How the key travels between instances (see <see cref="AnalyticsBroadcast"/>).</summary>
    public abstract string ToWire();

    public static bool TryParseWire(string text, [NotNullWhen(true)] out AnalyticsKey? key)
    {
        key = null;
        var parts = text.Split(':');
        switch (parts)
        {
            case ["track", var tenant, var track] when Id(tenant) is { } t && Id(track) is { } k:
                key = new TrackKey(t, k);
                break;
            case ["reports", var tenant] when Id(tenant) is { } t:
                key = new TenantReportsKey(t);
                break;
            case ["system-track", var track] when Id(track) is { } k:
                key = new SystemTrackKey(k);
                break;
            case ["effects", var tenant] when Id(tenant) is { } t:
                key = new ProgramEffectsKey(t);
                break;
            case ["network", var ticks] when long.TryParse(ticks, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t) && t <= DateTime.MaxValue.Ticks:
                key = new NetworkKey(new DateTime(t, DateTimeKind.Utc));
                break;
            case ["network"]:
                key = NetworkScopeKey.Instance;
                break;
            case ["lookups", var tenant] when Id(tenant) is { } t:
                key = new PortfolioLookupsKey(t);
                break;
            case ["claims", var tenant] when Id(tenant) is { } t:
                key = new OpenClaimsKey(t);
                break;
            case ["system-standards"]:
                key = SystemStandardsKey.Instance;
                break;
        }

        return key is not null;
    }

    private static Guid? Id(string text) => Guid.TryParseExact(text, "N", out var id) ? id : null;
}

/// <summary>One tenant's view of one track: its companies, their achievements, the track's steps.</summary>
public sealed record TrackKey(Guid TenantId, Guid TrackId) : AnalyticsKey
{
    /// <summary>A System Standard's steps are every tenant's: a change to them reaches this key too.</summary>
    public override AnalyticsKey Within => new SystemTrackKey(TrackId);

    public override string ToWire() => $"track:{TenantId:N}:{TrackId:N}";
}

/// <summary>A tenant's report inputs: every company's windows and achievements, and the programs.</summary>
public sealed record TenantReportsKey(Guid TenantId) : AnalyticsKey
{
    public override string ToWire() => $"reports:{TenantId:N}";
}

/// <summary>A tenant's lookups for the portfolio: its name, its tracks in use and its filter lists.</summary>
public sealed record PortfolioLookupsKey(Guid TenantId) : AnalyticsKey
{
    /// <summary>The track list holds the System Standards: renaming one reaches every tenant's lookups.</summary>
    public override AnalyticsKey Within => SystemStandardsKey.Instance;

    public override string ToWire() => $"lookups:{TenantId:N}";
}

/// <summary>How many of a tenant's milestone claims wait for a coach (the navigation's "to verify").</summary>
public sealed record OpenClaimsKey(Guid TenantId) : AnalyticsKey
{
    public override string ToWire() => $"claims:{TenantId:N}";
}

/// <summary>A track of the System Standards, as every tenant sees it: nothing is cached under it,
/// it only widens a change to its steps to every <see cref="TrackKey"/> of the track.</summary>
public sealed record SystemTrackKey(Guid TrackId) : AnalyticsKey
{
    public override string ToWire() => $"system-track:{TrackId:N}";
}

/// <summary>A tenant's program-effects inputs: every company's steps, enrolments and meetings.</summary>
public sealed record ProgramEffectsKey(Guid TenantId) : AnalyticsKey
{
    /// <summary>The effects cover every track, the System Standards among them: a change to any
    /// standard's steps reaches every tenant's effects.</summary>
    public override AnalyticsKey Within => SystemStandardsKey.Instance;

    public override string ToWire() => $"effects:{TenantId:N}";
}

/// <summary>All the System Standards at once: nothing is cached under it, it only widens a change
/// to a standard's steps to every key that covers all tracks.</summary>
public sealed record SystemStandardsKey : AnalyticsKey
{
    public static readonly SystemStandardsKey Instance = new();

    private SystemStandardsKey()
    {
    }

    public override string ToWire() => "system-standards";
}

/// <summary>The network benchmark as of one instant (every contributing organization's, so no tenant in it).</summary>
public sealed record NetworkKey(DateTime AsOf) : AnalyticsKey
{
    /// <summary>Any write that may change the network changes every instant's.</summary>
    public override AnalyticsKey Within => NetworkScopeKey.Instance;

    public override string ToWire() => $"network:{AsOf.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>The network benchmark at every instant: nothing is cached under it, a write names it to
/// make every <see cref="NetworkKey"/> stale.</summary>
public sealed record NetworkScopeKey : AnalyticsKey
{
    public static readonly NetworkScopeKey Instance = new();

    private NetworkScopeKey()
    {
    }

    public override string ToWire() => "network";
}
