using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImpactOS.Web.Analytics;

/// <summary>The analytics read model's services, and the table of its cached analytics.</summary>
public static class AnalyticsServices
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<AnalyticsCache>();
        services.AddSingleton<ReportClock>();
        services.AddSingleton<SavedRowFactFinder>();
        services.AddScoped<AnalyticsChanges>();
        // A read replica registers its own fences (DatabaseSetup); without one nothing is fenced.
        services.TryAddSingleton(new ReplicaFences());
        services.AddScoped<AnalyticsReads>();
        services.AddScoped<IInterceptor, AnalyticsChangeInterceptor>();

        // Every cached analytic, once: what it loads, patches and is affected by is in its class.
        services.AddCachedAnalytic<TrackSnapshots>();
        services.AddCachedAnalytic<TenantReportInputs>();
        services.AddCachedAnalytic<ProgramEffectsInputs>();
        services.AddCachedAnalytic<NetworkBenchmarks>();
        services.AddCachedAnalytic<Features.PortfolioLookups>();
        services.AddCachedAnalytic<Features.Claims.OpenClaimsCount>();
        return services;
    }

    /// <summary>Makes <typeparamref name="T"/> injectable (scoped, like the context it reads) and
    /// tells the change interceptor which writes make it stale.</summary>
    public static IServiceCollection AddCachedAnalytic<T>(this IServiceCollection services)
        where T : class, IAffectedByWrites
    {
        services.AddScoped<T>();
        services.AddSingleton(new AnalyticRegistration(typeof(T).Name, T.AffectedBy));
        return services;
    }
}
