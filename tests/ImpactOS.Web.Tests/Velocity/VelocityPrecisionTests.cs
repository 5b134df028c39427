using System.Text.Json;
using ImpactOS.Core.Velocity;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Velocity;

/// <summary>The API hands out the core's numbers as they are: a company's, a track's and the
/// portfolio's velocity equal, to the last digit, what the calculators in ImpactOS.Core compute
/// from the same achievements. Only pages and CSV columns round, for the people who read them.</summary>
public sealed class VelocityPrecisionTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
    private static readonly Guid SecondStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);
    private static readonly DateTime Founded = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime AsOf = new(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string AsOfQuery = "asOf=2024-06-01T00:00:00Z";

    private sealed record Scenario(TestTenant Tenant, Guid Subject, Guid Veteran, List<CompanyHistory> Histories);

    /// <summary>Eight companies reach the first step at odd moments (days, hours, minutes and
    /// seconds, so no statistic is a round number), three of them the second step too; a ninth is
    /// still in the first step.</summary>
    private async Task<Scenario> ScenarioAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        var histories = new List<CompanyHistory>();
        var (subject, veteran) = await tenant.InScopeAsync(async (_, db) =>
        {
            var firsts = new[] { 11.3171, 19.0457, 27.7311, 38.1193, 42.5072, 57.9013, 63.2281, 71.6667 };
            var seconds = new[] { 13.4753, 29.0811, 44.3333 };
            var veteran = Guid.Empty;
            for (var i = 0; i < firsts.Length; i++)
            {
                var company = new Company { Name = $"Odd {i}", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = DateOnly.FromDateTime(Founded), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
                db.Companies.Add(company);
                var achievements = new List<Achievement> { new(FirstStep, At(firsts[i])) };
                if (i < seconds.Length)
                {
                    achievements.Add(new Achievement(SecondStep, At(firsts[i] + seconds[i])));
                    veteran = company.Id;
                }

                foreach (var achievement in achievements)
                {
                    db.CompanyMilestones.Add(new CompanyMilestone { CompanyId = company.Id, MilestoneId = achievement.MilestoneId, Status = MilestoneStatus.Achieved, AchievedAt = achievement.AchievedAt, LoggedAt = db.UtcNow });
                }

                histories.Add(new CompanyHistory(company.Id, Company.StartOfTrack(company.FoundedOn, company.CreatedAt), null, achievements));
            }

            var subject = new Company { Name = "Still working", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = new DateOnly(2024, 4, 19), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
            db.Companies.Add(subject);
            histories.Add(new CompanyHistory(subject.Id, Company.StartOfTrack(subject.FoundedOn, subject.CreatedAt), null, []));

            // Keep the tenant's founder company out of this cohort.
            var founders = await db.Companies.FindAsync(tenant.FounderCompanyId);
            founders!.MilestoneTrackId = SystemStandards.Hardware;
            await db.SaveChangesAsync();
            return (subject.Id, veteran);
        });
        return new Scenario(tenant, subject, veteran, histories);
    }

    /// <summary>So many days after founding, to the whole second (both databases keep it exactly).</summary>
    private static DateTime At(double days) => Founded.AddSeconds(Math.Round(days * 86_400));

    private static async Task<List<TrackMilestone>> SaaSStepsAsync(HttpClient client)
    {
        var track = await client.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}").Json200();
        return track.GetProperty("milestones").EnumerateArray()
            .Select(m => new TrackMilestone(m.GetProperty("id").GetGuid(), m.GetProperty("orderIndex").GetInt32(), m.GetProperty("title").GetString()!))
            .ToList();
    }

    private static double? Number(JsonElement value, string name) =>
        value.GetProperty(name).ValueKind == JsonValueKind.Null ? null : value.GetProperty(name).GetDouble();

    [Fact]
    public async Task ATracksVelocityIsTheCoresUnroundedStatistics()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var expected = TrackVelocityCalculator.Compute(await SaaSStepsAsync(coach), scenario.Histories, AsOf);

        var track = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}&curve=true").Json200();

        var steps = track.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(expected.Steps.Count, steps.Count);
        foreach (var (step, core) in steps.Zip(expected.Steps))
        {
            Assert.Equal(core.P25Days, Number(step, "p25Days"));
            Assert.Equal(core.MedianDays, Number(step, "medianDays"));
            Assert.Equal(core.P75Days, Number(step, "p75Days"));
            Assert.Equal(core.ReachedPct, Number(step, "reachedPct"));
            var curve = step.GetProperty("curve").EnumerateArray().ToList();
            Assert.Equal(core.Curve.Points.Select(p => (p.Time, p.Survival)), curve.Select(p => (p.GetProperty("t").GetDouble(), p.GetProperty("s").GetDouble())));
        }

        // The scenario is worth its salt: two decimals would have changed these.
        var median = expected.Steps[0].MedianDays!.Value;
        Assert.NotEqual(Math.Round(median, 2), median);
    }

    [Fact]
    public async Task ACompanysVelocityIsTheCoresUnroundedNumbers()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var track = TrackVelocityCalculator.Compute(await SaaSStepsAsync(coach), scenario.Histories, AsOf);

        foreach (var companyId in new[] { scenario.Subject, scenario.Veteran })
        {
            var expected = CompanyVelocityCalculator.Compute(track, companyId);
            var velocity = await coach.GetAsync($"/api/v1/companies/{companyId}/velocity?{AsOfQuery}").Json200();

            Assert.Equal(expected.DaysInStep, Number(velocity, "daysInStep"));
            Assert.Equal(expected.Percentile, Number(velocity, "percentile"));
            var cohort = velocity.GetProperty("cohort");
            if (expected.Cohort is null)
            {
                Assert.Equal(JsonValueKind.Null, cohort.ValueKind);
            }
            else
            {
                Assert.Equal(expected.Cohort.P25Days, Number(cohort, "p25Days"));
                Assert.Equal(expected.Cohort.MedianDays, Number(cohort, "medianDays"));
                Assert.Equal(expected.Cohort.P75Days, Number(cohort, "p75Days"));
            }
            var steps = velocity.GetProperty("steps").EnumerateArray().ToList();
            Assert.Equal(expected.Steps.Count, steps.Count);
            foreach (var (step, core) in steps.Zip(expected.Steps))
            {
                Assert.Equal(core.DurationDays, step.GetProperty("durationDays").GetDouble());
                Assert.Equal(core.CohortMedianDays, Number(step, "cohortMedianDays"));
                Assert.Equal(core.FasterThanPct, step.GetProperty("fasterThanPct").GetDouble());
            }
        }
    }

    [Fact]
    public async Task ThePortfolioIsTheCoresUnroundedNumbers()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var expected = PortfolioVelocityCalculator.Compute(await SaaSStepsAsync(coach), scenario.Histories, AsOf).Companies.ToDictionary(c => c.CompanyId);

        var portfolio = await coach.GetAsync($"/api/v1/portfolio?trackId={SystemStandards.SaaS}&{AsOfQuery}&limit=100").Json200();

        var rows = portfolio.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            var core = expected[row.GetProperty("companyId").GetGuid()];
            Assert.Equal(core.DaysInStep, Number(row, "daysInStep"));
            Assert.Equal(core.Cohort?.MedianDays, Number(row, "medianDays"));
            Assert.Equal(core.Cohort?.P75Days, Number(row, "p75Days"));
            Assert.Equal(core.Percentile, Number(row, "percentile"));
            var over = core.Status is VelocityStatus.OnPace or VelocityStatus.AtRisk or VelocityStatus.Behind ? core.DaysInStep - core.Cohort?.MedianDays : null;
            Assert.Equal(over, Number(row, "daysOverMedian"));
        }
    }
}
