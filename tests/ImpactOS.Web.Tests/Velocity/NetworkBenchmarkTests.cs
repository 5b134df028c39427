using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Velocity;

/// <summary>The network benchmark's figures and privacy, on both databases (see <see cref="NetworkScenario"/>).</summary>
public sealed class NetworkBenchmarkTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static JsonElement StepOf(JsonElement network, Guid milestoneId) =>
        network.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("milestoneId").GetGuid() == milestoneId);

    [Fact]
    public async Task ANonContributingOrganizationNeitherSeesTheNetworkNorIsPartOfIt()
    {
        var scenario = await NetworkScenario.CreateAsync(factory);
        using var outsider = await scenario.Outsider.CoachAsync();
        var seen = await outsider.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?cohort=network&curve=true&{NetworkScenario.AsOfQuery}").Json200();
        var network = seen.GetProperty("network");
        Assert.False(network.GetProperty("contributing").GetBoolean());
        Assert.Empty(network.GetProperty("steps").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, network.GetProperty("organizations").ValueKind);

        // Its companies (500 days) are in no contributor's figures, whatever else the class added.
        using var coach = await scenario.Contributors[0].CoachAsync();
        var first = StepOf((await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?cohort=network&curve=true&{NetworkScenario.AsOfQuery}").Json200()).GetProperty("network"), NetworkScenario.FirstStep);
        Assert.All(first.GetProperty("curve").EnumerateArray(), p => Assert.True(p.GetProperty("t").GetDouble() < 500));
    }

    [Fact]
    public async Task NoNetworkResponseCarriesAnotherOrganizationsIdsOrNames()
    {
        var scenario = await NetworkScenario.CreateAsync(factory);
        var me = scenario.Contributors[2];
        using var coach = await me.CoachAsync();
        Guid subject = await me.InScopeAsync(async (_, db) =>
        {
            var company = new Company { Name = "Newcomer", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = new DateOnly(2024, 5, 31), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            return company.Id;
        });

        var bodies = new List<string>
        {
            await (await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?cohort=network&curve=true&competing=true&{NetworkScenario.AsOfQuery}")).Content.ReadAsStringAsync(),
            await (await coach.GetAsync($"/api/v1/companies/{subject}/velocity?{NetworkScenario.AsOfQuery}")).Content.ReadAsStringAsync(),
        };
        var secrets = await scenario.SecretsOfOthersAsync(me);
        Assert.NotEmpty(secrets);
        foreach (var body in bodies)
        {
            Assert.Contains("network", body, StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task ACompanyWithTooFewEventsInItsOwnCohortIsComparedWithTheNetworkThroughItsCopysLineage()
    {
        var scenario = await NetworkScenario.CreateAsync(factory);
        var me = scenario.Contributors[1];
        using var admin = await me.AdminAsync();
        var copy = await (await admin.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/copy", new { title = "Our SaaS" }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        var copyId = copy.GetProperty("id").GetGuid();
        var steps = copy.GetProperty("milestones").EnumerateArray().ToList();
        Assert.Equal(NetworkScenario.FirstStep, steps[0].GetProperty("standardMilestoneId").GetGuid());

        // Renamed and moved below the second step, it keeps its link; an added step has none.
        var firstCopied = steps[0].GetProperty("id").GetGuid();
        await admin.PutAsJsonAsync($"/api/v1/tracks/{copyId}/milestones/{firstCopied}", new { title = "Our own hypothesis" }).Json200();
        var added = await (await admin.PostAsJsonAsync($"/api/v1/tracks/{copyId}/milestones", new { title = "Incorporated", orderIndex = 1 }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        var addedStep = added.GetProperty("milestones").EnumerateArray().Single(m => m.GetProperty("title").GetString() == "Incorporated");
        Assert.Equal(JsonValueKind.Null, addedStep.GetProperty("standardMilestoneId").ValueKind);
        var renamed = added.GetProperty("milestones").EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == firstCopied);
        Assert.Equal(NetworkScenario.FirstStep, renamed.GetProperty("standardMilestoneId").GetGuid());

        var (subject, incorporated) = await me.InScopeAsync(async (_, db) =>
        {
            var company = new Company { Name = "On our copy", MilestoneTrackId = copyId, FoundedOn = new DateOnly(2024, 5, 1), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            return (company.Id, addedStep.GetProperty("id").GetGuid());
        });
        using var coach = await me.CoachAsync();
        await coach.PutAsJsonAsync($"/api/v1/companies/{subject}/milestones/{incorporated}", new { status = "achieved", achievedAt = "2024-05-31T00:00:00Z" }).Json200();

        var velocity = await coach.GetAsync($"/api/v1/companies/{subject}/velocity?{NetworkScenario.AsOfQuery}").Json200();
        Assert.Equal(firstCopied, velocity.GetProperty("nextMilestone").GetProperty("id").GetGuid());
        Assert.Equal("network", velocity.GetProperty("cohortSource").GetString());
        var compared = velocity.GetProperty("network");
        Assert.Equal("SaaS Standard", compared.GetProperty("standard").GetString());
        Assert.True(compared.GetProperty("organizations").GetInt32() >= 5);
        Assert.True(compared.GetProperty("companies").GetInt32() >= 20);
        Assert.Equal(NetworkScenario.FirstStepMedian, velocity.GetProperty("cohort").GetProperty("medianDays").GetDouble(), 9);
        Assert.Equal("on_pace", velocity.GetProperty("status").GetString());

        // The portfolio's chip follows the same rule, and the list says which cohort it used.
        var row = await PortfolioRowAsync(coach, copyId, subject);
        Assert.Equal("on_pace", row.GetProperty("status").GetString());
        Assert.Equal("network", row.GetProperty("cohortSource").GetString());
        Assert.Equal(velocity.GetProperty("cohort").GetProperty("medianDays").GetDouble(), row.GetProperty("medianDays").GetDouble(), 9);
        var listPage = await coach.GetStringAsync($"/?asOfDate=2024-05-31&trackId={copyId}");
        Assert.Contains("data-cohort-source=\"network\"", listPage, StringComparison.Ordinal);

        // The same company in an organization that does not contribute keeps its own cohort.
        await NetworkScenario.SetContributionAsync(me, false);
        var alone = await coach.GetAsync($"/api/v1/companies/{subject}/velocity?{NetworkScenario.AsOfQuery}").Json200();
        Assert.Equal("own", alone.GetProperty("cohortSource").GetString());
        Assert.Equal("not_enough_data", alone.GetProperty("status").GetString());
        Assert.False(alone.TryGetProperty("network", out _));
        var ownRow = await PortfolioRowAsync(coach, copyId, subject);
        Assert.Equal("not_enough_data", ownRow.GetProperty("status").GetString());
        Assert.Equal("own", ownRow.GetProperty("cohortSource").GetString());
        Assert.DoesNotContain("data-cohort-source", await coach.GetStringAsync($"/?asOfDate=2024-05-31&trackId={copyId}"), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PortfolioRowAsync(HttpClient client, Guid trackId, Guid companyId)
    {
        var page = await client.GetAsync($"/api/v1/portfolio?{NetworkScenario.AsOfQuery}&trackId={trackId}&limit=200").Json200();
        return page.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("companyId").GetGuid() == companyId);
    }

    [Fact]
    public async Task AnUnknownCohortIsRefused()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?cohort=everyone").ShouldBeInvalid("cohort");
    }
}

/// <summary>Leaving the network takes an organization's data out at once, cached or not; the
/// choice and its history are the admins'.</summary>
public sealed class NetworkOptOutTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnOrganizationThatStopsContributingLeavesTheNetworkAtOnce()
    {
        var scenario = await NetworkScenario.CreateAsync(factory);
        using var coach = await scenario.Contributors[0].CoachAsync();
        var url = $"/api/v1/tracks/{SystemStandards.SaaS}/velocity?cohort=network&{NetworkScenario.AsOfQuery}";
        var before = (await coach.GetAsync(url).Json200()).GetProperty("network");
        Assert.Equal(5, before.GetProperty("organizations").GetInt32());

        using var leaving = await scenario.Contributors[4].AdminAsync();
        var settings = await leaving.PutAsJsonAsync("/api/v1/settings", new { contributeToNetwork = false }).Json200();
        Assert.False(settings.GetProperty("contributeToNetwork").GetBoolean());
        Assert.True(settings.GetProperty("featureMilestones").GetBoolean());

        // Four organizations are left: below the threshold, so nothing at all is shown.
        var after = (await coach.GetAsync(url).Json200()).GetProperty("network");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("organizations").ValueKind);
        Assert.All(after.GetProperty("steps").EnumerateArray(), s => Assert.False(s.GetProperty("shown").GetBoolean()));

        // And it no longer sees the network itself.
        using var leavingCoach = await scenario.Contributors[4].CoachAsync();
        Assert.False((await leavingCoach.GetAsync(url).Json200()).GetProperty("network").GetProperty("contributing").GetBoolean());

        // Back in: the figures are back.
        await leaving.PutAsJsonAsync("/api/v1/settings", new { contributeToNetwork = true }).Json200();
        Assert.Equal(5, (await coach.GetAsync(url).Json200()).GetProperty("network").GetProperty("organizations").GetInt32());
    }

    [Fact]
    public async Task OnlyAdminsChangeTheChoiceAndEveryChangeIsKept()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await tenant.CoachAsync();
        Assert.False((await coach.GetAsync("/api/v1/settings").Json200()).GetProperty("contributeToNetwork").GetBoolean());
        await coach.PutAsJsonAsync("/api/v1/settings", new { contributeToNetwork = true }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await admin.PutAsJsonAsync("/api/v1/settings", new { }).ShouldBeInvalid("featureMilestones");

        await admin.PutAsJsonAsync("/api/v1/settings", new { contributeToNetwork = true }).Json200();
        await admin.PutAsJsonAsync("/api/v1/settings", new { contributeToNetwork = false }).Json200();
        var history = await tenant.InScopeAsync((sp, _) => sp.GetRequiredService<Web.Features.Settings.OrganizationSettings>().NetworkHistoryAsync(default));
        Assert.Equal([false, true], history.Select(h => h.Contributes));
        Assert.All(history, h => Assert.Equal("Ada Admin", h.By));
    }
}

/// <summary>The network's figures, worked out by hand (<see cref="NetworkScenario"/>): alone in its
/// database, so the counts are exact.</summary>
public sealed class NetworkFiguresTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static JsonElement StepOf(JsonElement network, Guid milestoneId) =>
        network.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("milestoneId").GetGuid() == milestoneId);

    [Fact]
    public async Task AContributingOrganizationSeesTheNetworkAboveTheThresholdsAndNothingBelowThem()
    {
        var scenario = await NetworkScenario.CreateAsync(factory);
        using var coach = await scenario.Contributors[0].CoachAsync();

        var velocity = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?cohort=network&curve=true&{NetworkScenario.AsOfQuery}").Json200();
        var network = velocity.GetProperty("network");

        Assert.True(network.GetProperty("contributing").GetBoolean());
        Assert.Equal("SaaS Standard", network.GetProperty("standard").GetString());
        Assert.Equal(5, network.GetProperty("organizations").GetInt32());
        Assert.Equal(20, network.GetProperty("companies").GetInt32());
        var first = StepOf(network, NetworkScenario.FirstStep);
        Assert.True(first.GetProperty("shown").GetBoolean());
        Assert.Equal(5, first.GetProperty("organizations").GetInt32());
        Assert.Equal(20, first.GetProperty("companies").GetInt32());
        Assert.Equal(20, first.GetProperty("events").GetInt32());
        Assert.Equal(NetworkScenario.FirstStepMedian, first.GetProperty("medianDays").GetDouble(), 9);
        Assert.Equal(20.5, first.GetProperty("p25Days").GetDouble(), 9);
        Assert.Equal(42.5, first.GetProperty("p75Days").GetDouble(), 9);
        Assert.NotEmpty(first.GetProperty("curve").EnumerateArray());

        // Twenty companies of five organizations are in the second step, but none reached it yet.
        var second = StepOf(network, NetworkScenario.SecondStep);
        Assert.False(second.GetProperty("shown").GetBoolean());
        foreach (var figure in new[] { "organizations", "companies", "events", "censored", "medianDays", "p25Days", "p75Days" })
        {
            Assert.Equal(JsonValueKind.Null, second.GetProperty(figure).ValueKind);
        }

        Assert.False(second.TryGetProperty("curve", out _));

        // The organization's own cohort is beside it, unchanged.
        var own = velocity.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("milestoneId").GetGuid() == NetworkScenario.FirstStep);
        Assert.Equal(4, own.GetProperty("events").GetInt32());
    }
}
