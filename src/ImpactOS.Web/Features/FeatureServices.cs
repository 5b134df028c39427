using ImpactOS.Web.Features.Account;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Demo;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Features.Imports;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Platform;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Reports;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Features.Velocity;

namespace ImpactOS.Web.Features;

/// <summary>Every feature's services (its use cases), registered once; the analytics read model
/// registers its own (<see cref="Analytics.AnalyticsServices"/>).</summary>
public static class FeatureServices
{
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<AppSignIn>();
        services.AddScoped<AccountSecurity>();
        services.AddScoped<PasswordResets>();
        services.AddScoped<FeatureFlags>();
        services.AddScoped<OrganizationSettings>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<TenantProvisioning>();
        services.AddScoped<CompanyDirectory>();
        services.AddScoped<CompanyOutcomes>();
        services.AddScoped<TrackOptions>();
        services.AddScoped<TrackCatalog>();
        services.AddScoped<CoachOptions>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<VelocityReports>();
        services.AddScoped<Portfolio>();
        services.AddScoped<VelocityGroups>();
        services.AddScoped<MilestoneProgress>();
        services.AddScoped<CompanyTimeline>();
        services.AddScoped<InteractionLog>();
        services.AddScoped<ProgramDirectory>();
        services.AddScoped<AttributionReports>();
        services.AddScoped<ProgramEffectsReports>();
        services.AddScoped<MilestoneImport>();
        services.AddScoped<PendingImports>();
        services.AddScoped<Calendar.CalendarImport>();
        services.AddScoped<Calendar.CalendarFeeds>();
        services.AddScoped<Exports>();
        services.AddSingleton<IEvidenceStorage, LocalEvidenceStorage>();
        services.AddScoped<EvidenceUploads>();
        services.AddScoped<Claims.MilestoneClaims>();
        return services;
    }
}
