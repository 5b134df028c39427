using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Core.Velocity;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Velocity;

/// <summary>The chance of the next milestone within 30 / 90 / 180 days, as the company velocity
/// API, the portfolio and its CSV hand it out: the core's forecast on the loaded cohort, unrounded,
/// <c>null</c> where the curve cannot tell, and a portfolio order by it with those last.</summary>
public sealed class ForecastApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
    private static readonly DateTime Founded = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime AsOf = new(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string AsOfQuery = "asOf=2024-06-01T00:00:00Z";

    /// <summary>Days after founding at which ten companies reached the first SaaS step (odd hours, so
    /// no chance is a round number). They wait in the second step since (no one has reached it).</summary>
    private static readonly double[] Reached = [10.3, 25.7, 40.1, 60.9, 90.2, 120.4, 150.8, 200.6, 260.3, 300.5];

    /// <summary>Companies still in the first step on 1 June 2024, with the days they have waited.
    /// "Longest wait" is the cohort's longest observation, so nothing is known beyond it.</summary>
    private static readonly (string Name, int Days)[] Waiting = [("Just started", 5), ("A month in", 30), ("Ten weeks in", 70), ("Hundred days in", 100), ("Longest wait", 400)];

    private sealed record Scenario(TestTenant Tenant, IReadOnlyDictionary<string, Guid> Ids, List<CompanyHistory> Histories);

    private async Task<Scenario> ScenarioAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        var histories = new List<CompanyHistory>();
        var ids = await tenant.InScopeAsync(async (_, db) =>
        {
            var ids = new Dictionary<string, Guid>();
            for (var i = 0; i < Reached.Length; i++)
            {
                var company = new Company { Name = $"Reached {i}", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = DateOnly.FromDateTime(Founded), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
                db.Companies.Add(company);
                var achievedAt = Founded.AddSeconds(Math.Round(Reached[i] * 86_400));
                db.CompanyMilestones.Add(new CompanyMilestone { CompanyId = company.Id, MilestoneId = FirstStep, Status = MilestoneStatus.Achieved, AchievedAt = achievedAt, LoggedAt = db.UtcNow });
                histories.Add(new CompanyHistory(company.Id, Company.StartOfTrack(company.FoundedOn, company.CreatedAt), null, [new Achievement(FirstStep, achievedAt)]));
                ids[company.Name] = company.Id;
            }

            foreach (var (name, days) in Waiting)
            {
                var company = new Company { Name = name, MilestoneTrackId = SystemStandards.SaaS, FoundedOn = DateOnly.FromDateTime(AsOf.AddDays(-days)), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
                db.Companies.Add(company);
                histories.Add(new CompanyHistory(company.Id, Company.StartOfTrack(company.FoundedOn, company.CreatedAt), null, []));
                ids[name] = company.Id;
            }

            // Keep the tenant's founder company out of this cohort.
            var founders = await db.Companies.FindAsync(tenant.FounderCompanyId);
            founders!.MilestoneTrackId = SystemStandards.Hardware;
            await db.SaveChangesAsync();
            return ids;
        });
        return new Scenario(tenant, ids, histories);
    }

    private static async Task<TrackVelocity> CoreAsync(HttpClient client, Scenario scenario)
    {
        var track = await client.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}").Json200();
        var steps = track.GetProperty("milestones").EnumerateArray()
            .Select(m => new TrackMilestone(m.GetProperty("id").GetGuid(), m.GetProperty("orderIndex").GetInt32(), m.GetProperty("title").GetString()!))
            .ToList();
        return TrackVelocityCalculator.Compute(steps, scenario.Histories, AsOf);
    }

    /// <summary>The forecast the core gives a company of the track: its open step's curve asked
    /// directly, not through the company velocity the app computes.</summary>
    private static MilestoneChances Expected(TrackVelocity track, Guid companyId)
    {
        Assert.True(track.TryGetCompanySteps(companyId, out var steps));
        var open = steps.Open!.Value;
        return new KaplanMeierForecast(track.Steps[open.StepIndex].Curve).ChancesFor(open.DurationDays);
    }

    private static MilestoneChance? Chance(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null
            ? null
            : new MilestoneChance(value.GetProperty("p").GetDouble(), Number(value, "ciLow"), Number(value, "ciHigh"));

    private static double? Number(JsonElement value, string name) =>
        value.GetProperty(name).ValueKind == JsonValueKind.Null ? null : value.GetProperty(name).GetDouble();

    [Fact]
    public async Task ACompanysChanceWithinEachHorizonIsTheCoresForecastOnItsCohort()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var track = await CoreAsync(coach, scenario);

        var given = 0;
        foreach (var id in scenario.Ids.Values)
        {
            var velocity = await coach.GetAsync($"/api/v1/companies/{id}/velocity?{AsOfQuery}").Json200();

            Assert.Equal("own", velocity.GetProperty("cohortSource").GetString());
            var chances = velocity.GetProperty("chanceWithin");
            var expected = Expected(track, id);
            Assert.Equal(expected.Days30, Chance(chances.GetProperty("days30")));
            Assert.Equal(expected.Days90, Chance(chances.GetProperty("days90")));
            Assert.Equal(expected.Days180, Chance(chances.GetProperty("days180")));
            given += new[] { expected.Days30, expected.Days90, expected.Days180 }.Count(c => c is not null);
        }

        // The scenario is worth its salt: chances are given, and two decimals would have changed one.
        Assert.True(given >= 10, $"{given} chances given");
        var monthIn = Expected(track, scenario.Ids["A month in"]).Days90!.Value;
        Assert.NotEqual(Math.Round(monthIn.P, 2), monthIn.P);
        Assert.True(monthIn.CiLow < monthIn.P && monthIn.P < monthIn.CiHigh);
    }

    [Fact]
    public async Task ACompanyThatWaitedLongerThanAnyOtherHasNoChanceToForecast()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();

        var velocity = await coach.GetAsync($"/api/v1/companies/{scenario.Ids["Longest wait"]}/velocity?{AsOfQuery}").Json200();

        var chances = velocity.GetProperty("chanceWithin");
        Assert.Equal(JsonValueKind.Null, chances.GetProperty("days30").ValueKind);
        Assert.Equal(JsonValueKind.Null, chances.GetProperty("days90").ValueKind);
        Assert.Equal(JsonValueKind.Null, chances.GetProperty("days180").ValueKind);
        Assert.Equal(FirstStep, velocity.GetProperty("nextMilestone").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task ACompanyWithoutAnOpenStepHasNoChanceWithin()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var created = await (await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Starts next year", foundedOn = "2024-12-01" }).ShouldBe(HttpStatusCode.Created)).JsonBody();

        var velocity = await coach.GetAsync($"/api/v1/companies/{created.GetProperty("id").GetGuid()}/velocity?{AsOfQuery}").Json200();

        Assert.Equal("inactive", velocity.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, velocity.GetProperty("chanceWithin").ValueKind);
        Assert.Equal("own", velocity.GetProperty("cohortSource").GetString());
    }

    [Fact]
    public async Task ThePortfolioSortsByTheChanceWithinNinetyDaysWithoutAForecastLast()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var track = await CoreAsync(coach, scenario);
        var expected = scenario.Ids
            .Select(c => (c.Key, Chance: Expected(track, c.Value).Days90))
            .OrderBy(c => c.Chance is null)
            .ThenByDescending(c => c.Chance?.P)
            .ThenBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();
        Assert.Contains(expected, c => c.Chance is null);
        Assert.True(expected.Select(c => c.Chance?.P).Distinct().Count() >= 4, "the order is decided by the chance, not only by name");

        // Read in pages of four, so the cursor carries the order across pages.
        var rows = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await coach.GetAsync($"/api/v1/portfolio?{AsOfQuery}&trackId={SystemStandards.SaaS}&sort=chance90&limit=4{(cursor is null ? "" : "&cursor=" + cursor)}").Json200();
            rows.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(expected.Select(c => c.Key), rows.Select(r => r.GetProperty("name").GetString()));
        foreach (var (row, (_, chance)) in rows.Zip(expected))
        {
            Assert.Equal(chance?.P, Number(row, "chance90Days"));
            Assert.Equal(chance?.CiLow, Number(row, "chance90DaysCiLow"));
            Assert.Equal(chance?.CiHigh, Number(row, "chance90DaysCiHigh"));
        }
    }

    [Fact]
    public async Task ThePortfolioCsvCarriesTheChanceWithinNinetyDaysRoundedForPeople()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var track = await CoreAsync(coach, scenario);

        var csv = await (await coach.GetAsync($"/api/v1/reports/portfolio.csv?{AsOfQuery}&trackId={SystemStandards.SaaS}&sort=chance90").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',').ToList();
        var column = header.IndexOf("chance90_days");
        Assert.True(column >= 0, lines[0]);
        Assert.Equal(column + 1, header.IndexOf("chance90_days_ci_low"));
        Assert.Equal(column + 2, header.IndexOf("chance90_days_ci_high"));
        var monthIn = lines.Single(l => l.Contains(",A month in,", StringComparison.Ordinal)).Split(',');
        var expected = Expected(track, scenario.Ids["A month in"]).Days90!.Value;
        Assert.Equal(Math.Round(expected.P, 4), double.Parse(monthIn[column], System.Globalization.CultureInfo.InvariantCulture));
        var longest = lines.Single(l => l.Contains(",Longest wait,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("", longest[column]);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheChanceWithin()
    {
        using var anonymous = factory.AnonymousClient();
        var document = await anonymous.GetAsync("/openapi/v1.json").Json200();

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var velocity = schemas.GetProperty("CompanyVelocityDto").GetProperty("properties");
        Assert.True(velocity.TryGetProperty("cohortSource", out _));
        Assert.True(velocity.TryGetProperty("chanceWithin", out _));
        var within = schemas.GetProperty("ChanceWithinDto").GetProperty("properties");
        Assert.Equal(["days30", "days90", "days180"], within.EnumerateObject().Select(p => p.Name));
        var chance = schemas.GetProperty("ChanceDto").GetProperty("properties");
        Assert.Equal(["p", "ciLow", "ciHigh"], chance.EnumerateObject().Select(p => p.Name));
        var row = schemas.GetProperty("PortfolioRow").GetProperty("properties");
        Assert.True(row.TryGetProperty("chance90Days", out _));
    }
}
