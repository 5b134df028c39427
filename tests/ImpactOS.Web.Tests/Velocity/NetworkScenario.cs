using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Velocity;

/// <summary>A network whose figures can be worked out by hand, as of 1 June 2024: five contributing
/// organizations, each with four SaaS companies founded on 1 January 2024 that reached the first
/// milestone after 10i … 10i + 3 days (organization i = 1…5): 20 events; S reaches 3/4 after day
/// 20, 1/2 after day 31 and 1/4 after day 42, so P25 = 20.5, median = 31.5, P75 = 42.5. None reached the second, so that step (20 companies, 5 organizations, 0 events) stays
/// under the thresholds. A sixth organization does not contribute; its four companies took 500 days.</summary>
public sealed record NetworkScenario(IReadOnlyList<TestTenant> Contributors, TestTenant Outsider)
{
    public const string AsOfQuery = "asOf=2024-06-01T00:00:00Z";
    public const double FirstStepMedian = 31.5;
    public static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
    public static readonly Guid SecondStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);
    private static readonly DateTime Founded = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<NetworkScenario> CreateAsync(AppFactory factory)
    {
        var contributors = new List<TestTenant>();
        for (var i = 1; i <= 5; i++)
        {
            contributors.Add(await OrganizationAsync(factory, contributes: true, Enumerable.Range(0, 4).Select(k => 10 * i + k)));
        }

        var outsider = await OrganizationAsync(factory, contributes: false, [500, 501, 502, 503]);
        return new NetworkScenario(contributors, outsider);
    }

    public static Task SetContributionAsync(TestTenant tenant, bool contributes) =>
        tenant.InScopeAsync((sp, _) => sp.GetRequiredService<OrganizationSettings>().UpdateAsync(new UpdateSettingsRequest(null, contributes), default));

    private static async Task<TestTenant> OrganizationAsync(AppFactory factory, bool contributes, IEnumerable<int> days)
    {
        var tenant = await factory.CreateTenantAsync();
        await tenant.InScopeAsync(async (_, db) =>
        {
            foreach (var d in days)
            {
                var company = new Company { Name = $"Network {d} {tenant.Name}", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = DateOnly.FromDateTime(Founded), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
                db.Companies.Add(company);
                db.CompanyMilestones.Add(new CompanyMilestone { CompanyId = company.Id, MilestoneId = FirstStep, Status = MilestoneStatus.Achieved, AchievedAt = Founded.AddDays(d), LoggedAt = db.UtcNow });
            }

            // The founder's company stays out of the SaaS cohort.
            var founders = await db.Companies.FindAsync(tenant.FounderCompanyId);
            founders!.MilestoneTrackId = SystemStandards.MedTech;
            await db.SaveChangesAsync();
        });
        if (contributes)
        {
            await SetContributionAsync(tenant, true);
        }

        return tenant;
    }

    /// <summary>Every id and name of the other organizations and their companies and people.</summary>
    public async Task<IReadOnlyList<string>> SecretsOfOthersAsync(TestTenant except)
    {
        var secrets = new List<string>();
        foreach (var tenant in Contributors.Append(Outsider).Where(t => t.Id != except.Id))
        {
            secrets.Add(tenant.Id.ToString());
            secrets.Add(tenant.Name);
            secrets.Add(tenant.AdminEmail);
            secrets.AddRange(await tenant.InScopeAsync(async (_, db) =>
                (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Companies.Select(c => new { c.Id, c.Name })))
                .SelectMany(c => new[] { c.Id.ToString(), c.Name })));
        }

        return secrets;
    }
}
