using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Velocity;

/// <summary>Cohorts whose Kaplan–Meier numbers are known, shared by API and browser tests.</summary>
public static class VelocityScenarios
{
    public static readonly Guid FirstSaaSStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);

    /// <summary>Six companies reached the first SaaS milestone after 10…60 days; three more are in
    /// that step for 20, 55 and 100 days on 1 June 2024 (median 50, P75 60): on pace, at risk and
    /// behind. The tenant's founder company moves to MedTech, out of this cohort.</summary>
    public static async Task<TestTenant> MixedPortfolioAsync(AppFactory factory, string behindName = "Laggard")
    {
        var tenant = await factory.CreateTenantAsync();
        await tenant.InScopeAsync(async (_, db) =>
        {
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var days in new[] { 10, 20, 30, 40, 50, 60 })
            {
                var company = new Company { Name = $"Fast {days}", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = new DateOnly(2024, 1, 1), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
                db.Companies.Add(company);
                db.CompanyMilestones.Add(new CompanyMilestone { CompanyId = company.Id, MilestoneId = FirstSaaSStep, Status = MilestoneStatus.Achieved, AchievedAt = start.AddDays(days), LoggedAt = db.UtcNow });
            }

            foreach (var (name, days) in new[] { ("Steady", 20), ("Wobbly", 55), (behindName, 100) })
            {
                db.Companies.Add(new Company { Name = name, MilestoneTrackId = SystemStandards.SaaS, FoundedOn = DateOnly.FromDateTime(new DateTime(2024, 6, 1).AddDays(-days)), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow });
            }

            var founders = await db.Companies.FindAsync(tenant.FounderCompanyId);
            founders!.MilestoneTrackId = SystemStandards.MedTech;
            await db.SaveChangesAsync();
        });
        return tenant;
    }

    /// <summary>Days after founding (400 days before today, 00:00 UTC) at which eight companies
    /// reached the first SaaS milestone.</summary>
    public static readonly int[] ForecastReached = [10, 20, 35, 50, 70, 90, 130, 170];

    /// <summary>Companies in the first SaaS step since so many days before today. No event falls
    /// within a day of the start or the end of any of their horizons, so the time of day the test
    /// runs at (and a minute's rounding of "now") moves no chance.</summary>
    public static readonly (string Name, int Days)[] ForecastWaiting = [("Forecast Co", 25), ("Next Up", 45), ("Long Haul", 210), ("Stuck Co", 300)];

    /// <summary>A cohort for the chance of the next milestone, as of now (the pages' "as of").
    /// "Stuck Co" waited longest, so nothing can be forecast for it.</summary>
    public static async Task<TestTenant> ForecastPortfolioAsync(AppFactory factory)
    {
        var tenant = await factory.CreateTenantAsync();
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        await tenant.InScopeAsync(async (_, db) =>
        {
            var founded = today.AddDays(-400);
            var start = founded.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            foreach (var days in ForecastReached)
            {
                var company = new Company { Name = $"Reached in {days}", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = founded, CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
                db.Companies.Add(company);
                db.CompanyMilestones.Add(new CompanyMilestone { CompanyId = company.Id, MilestoneId = FirstSaaSStep, Status = MilestoneStatus.Achieved, AchievedAt = start.AddDays(days), LoggedAt = db.UtcNow });
            }

            foreach (var (name, days) in ForecastWaiting)
            {
                db.Companies.Add(new Company { Name = name, MilestoneTrackId = SystemStandards.SaaS, FoundedOn = today.AddDays(-days), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow });
            }

            var founders = await db.Companies.FindAsync(tenant.FounderCompanyId);
            founders!.MilestoneTrackId = SystemStandards.MedTech;
            await db.SaveChangesAsync();
        });
        return tenant;
    }
}
