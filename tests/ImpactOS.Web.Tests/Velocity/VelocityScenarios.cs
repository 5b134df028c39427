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
}
