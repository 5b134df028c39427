using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Core.Velocity;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Companies;

/// <summary>A company marked shut down or acquired: the rules of the outcome, its history and undo,
/// its milestones read-only while closed, and what it means for velocity (Kaplan–Meier censors the
/// open step at the outcome; the competing risks count it as that end).</summary>
public sealed class CompanyOutcomeTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
    private static readonly Guid SecondStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);
    private static readonly DateTime Founded = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string AsOfQuery = "asOf=2025-01-01T00:00:00Z";
    private static readonly DateTime AsOf = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<Guid> CreateAsync(HttpClient client, string name, string foundedOn = "2024-01-01") =>
        (await (await client.PostAsJsonAsync("/api/v1/companies", new { name, foundedOn }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();

    private static Task<HttpResponseMessage> SetOutcome(HttpClient client, Guid company, object body) =>
        client.PutAsJsonAsync($"/api/v1/companies/{company}/outcome", body);

    [Fact]
    public async Task AnOutcomeIsRefusedWithAReasonForEachBadFieldAndNothingChanges()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var id = await CreateAsync(coach, "Careful Co", "2024-01-10");
        await coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{FirstStep}", new { achievedAt = "2024-03-01T12:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        var tomorrow = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd");

        await SetOutcome(coach, id, new { }).ShouldBeInvalid("outcome");
        await SetOutcome(coach, id, new { outcome = "bankrupt", on = "2024-05-01" }).ShouldBeInvalid("outcome");
        await SetOutcome(coach, id, new { outcome = "shut_down" }).ShouldBeInvalid("on");
        await SetOutcome(coach, id, new { outcome = "acquired", on = tomorrow }).ShouldBeInvalid("on");
        await SetOutcome(coach, id, new { outcome = "shut_down", on = "2024-01-09" }).ShouldBeInvalid("on");
        await SetOutcome(coach, id, new { outcome = "shut_down", on = "2024-03-01" }).ShouldBeInvalid("on");
        await SetOutcome(coach, id, new { outcome = "active", on = "2024-05-01" }).ShouldBeInvalid("on");
        await SetOutcome(coach, id, new { outcome = "shut_down", on = "2024-02-30" }).ShouldBe(HttpStatusCode.BadRequest);
        await SetOutcome(coach, Guid.NewGuid(), new { outcome = "shut_down", on = "2024-05-01" }).ShouldBeProblem(HttpStatusCode.NotFound);

        var company = await coach.GetAsync($"/api/v1/companies/{id}").Json200();
        Assert.Equal("active", company.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, company.GetProperty("outcomeOn").ValueKind);
        Assert.Empty((await coach.GetAsync($"/api/v1/companies/{id}/outcome/history").Json200()).EnumerateArray());
    }

    [Fact]
    public async Task MarkingShutDownAndUndoingItAreBothKeptInTheHistoryAndARepeatChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var id = await CreateAsync(coach, "Short Run Co");

        var closed = await SetOutcome(coach, id, new { outcome = "shut_down", on = "2024-09-30" }).Json200();
        Assert.Equal("shut_down", closed.GetProperty("outcome").GetString());
        Assert.Equal("2024-09-30", closed.GetProperty("outcomeOn").GetString());
        await SetOutcome(coach, id, new { outcome = "shut_down", on = "2024-09-30" }).Json200();
        Assert.Equal("shut_down", (await coach.GetAsync($"/api/v1/companies/{id}").Json200()).GetProperty("outcome").GetString());

        var reopened = await SetOutcome(coach, id, new { outcome = "active" }).Json200();
        Assert.Equal("active", reopened.GetProperty("outcome").GetString());

        var history = (await coach.GetAsync($"/api/v1/companies/{id}/outcome/history").Json200()).EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(("active", "shut_down", "2024-09-30"), (history[0].GetProperty("outcome").GetString(), history[0].GetProperty("previousOutcome").GetString(), history[0].GetProperty("previousOutcomeOn").GetString()));
        Assert.Equal(("shut_down", "2024-09-30", "active"), (history[1].GetProperty("outcome").GetString(), history[1].GetProperty("outcomeOn").GetString(), history[1].GetProperty("previousOutcome").GetString()));
        Assert.All(history, h => Assert.Equal(JsonValueKind.String, h.GetProperty("by").GetProperty("displayName").ValueKind));

        // The company stays in the list all along.
        var list = await coach.GetAsync("/api/v1/companies?q=Short%20Run").Json200();
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task WhileClosedACompanysMilestonesAreReadOnlyAndUndoOpensThemAgain()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var id = await CreateAsync(coach, "Bought Co");
        await coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{FirstStep}", new { achievedAt = "2024-02-01T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await SetOutcome(coach, id, new { outcome = "acquired", on = "2024-06-01" }).Json200();

        foreach (var refused in new[]
        {
            coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{SecondStep}", new { achievedAt = "2024-03-01T00:00:00Z" }),
            coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{FirstStep}", new { achievedAt = "2024-02-02T00:00:00Z" }),
            coach.DeleteAsync($"/api/v1/companies/{id}/milestones/{FirstStep}"),
        })
        {
            var problem = await refused.ShouldBeProblem(HttpStatusCode.Conflict);
            Assert.Equal(ArchivedCompany.ReopenFirst, problem.GetProperty("title").GetString());
        }

        var steps = (await coach.GetAsync($"/api/v1/companies/{id}/milestones").Json200()).EnumerateArray().ToList();
        Assert.Equal("2024-02-01T00:00:00Z", steps[0].GetProperty("achievedAt").GetString());
        Assert.Equal("pending", steps[1].GetProperty("status").GetString());

        // Interactions are not milestones: a closed company's coach can still log one.
        await coach.PostAsJsonAsync($"/api/v1/companies/{id}/interactions", new { kind = "call", occurredAt = "2024-06-02T10:00:00Z", subject = "Exit debrief" }).ShouldBe(HttpStatusCode.Created);

        await SetOutcome(coach, id, new { outcome = "active" }).Json200();
        await coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{SecondStep}", new { achievedAt = "2024-03-01T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task FoundersAndArchivedCompaniesCannotChangeAnOutcome()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        await SetOutcome(founder, tenant.FounderCompanyId, new { outcome = "shut_down", on = "2024-06-01" }).ShouldBeProblem(HttpStatusCode.Forbidden);

        using var admin = await tenant.AdminAsync();
        var id = await CreateAsync(admin, "Shelved Co");
        await admin.DeleteAsync($"/api/v1/companies/{id}").Json200();
        var problem = await SetOutcome(admin, id, new { outcome = "shut_down", on = "2024-06-01" }).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(ArchivedCompany.RestoreFirst, problem.GetProperty("title").GetString());
    }

    private sealed record Scenario(TestTenant Tenant, List<CompanyHistory> Histories, Guid ShutDown, Guid Acquired);

    /// <summary>Eight companies on SaaS founded 2024-01-01: five reach the first step, two of them the
    /// second; one shuts down and one is acquired while in the first step, one shuts down in the second.</summary>
    private async Task<Scenario> ScenarioAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await tenant.InScopeAsync(async (_, db) =>
        {
            // Keep the tenant's founder company out of this cohort.
            (await db.Companies.FindAsync(tenant.FounderCompanyId))!.MilestoneTrackId = SystemStandards.Hardware;
            await db.SaveChangesAsync();
            return 0;
        });
        var histories = new List<CompanyHistory>();
        var start = Founded;
        (double? First, double? Second, string? Outcome, double? OutcomeDay)[] plan =
        [
            (30, null, null, null),
            (45, 100, null, null),
            (61, null, "shut_down", 200),
            (75, 120, null, null),
            (90, null, null, null),
            (null, null, "shut_down", 50),
            (null, null, "acquired", 150),
            (null, null, null, null),
        ];
        Guid shutDown = default, acquired = default;
        for (var i = 0; i < plan.Length; i++)
        {
            var (first, second, outcome, outcomeDay) = plan[i];
            var id = await CreateAsync(coach, $"Cohort {i}");
            var achievements = new List<Achievement>();
            foreach (var (milestone, day) in new[] { (FirstStep, first), (SecondStep, second) })
            {
                if (day is { } d)
                {
                    await coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{milestone}", new { achievedAt = start.AddDays(d) }).ShouldBe(HttpStatusCode.OK);
                    achievements.Add(new Achievement(milestone, start.AddDays(d)));
                }
            }

            CompanyClosure? closure = null;
            if (outcome is not null)
            {
                var on = DateOnly.FromDateTime(start.AddDays(outcomeDay!.Value));
                await SetOutcome(coach, id, new { outcome, on = on.ToString("yyyy-MM-dd") }).Json200();
                closure = new CompanyClosure(outcome == "shut_down" ? StepEnd.ShutDown : StepEnd.Acquired, start.AddDays(outcomeDay.Value));
                if (i == 5)
                {
                    shutDown = id;
                }
                else if (i == 6)
                {
                    acquired = id;
                }
            }

            histories.Add(new CompanyHistory(id, start, null, achievements, closure));
        }

        return new Scenario(tenant, histories, shutDown, acquired);
    }

    private static async Task<List<TrackMilestone>> SaaSStepsAsync(HttpClient client) =>
        (await client.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}").Json200()).GetProperty("milestones").EnumerateArray()
            .Select(m => new TrackMilestone(m.GetProperty("id").GetGuid(), m.GetProperty("orderIndex").GetInt32(), m.GetProperty("title").GetString()!))
            .ToList();

    [Fact]
    public async Task KaplanMeierCensorsTheOpenStepAtTheOutcomeAsAnArchiveOnThatDayWould()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var track = await SaaSStepsAsync(coach);
        // The same companies, each closed one archived on its outcome day instead.
        var archivedInstead = scenario.Histories.Select(h => h with { ArchivedAt = h.Closure?.At, Closure = null }).ToList();
        var expected = TrackVelocityCalculator.Compute(track, archivedInstead, AsOf);

        var velocity = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}&curve=true").Json200();

        var steps = velocity.GetProperty("steps").EnumerateArray().ToList();
        foreach (var (step, core) in steps.Zip(expected.Steps))
        {
            Assert.Equal((core.Entered, core.Events, core.Censored), (step.GetProperty("entered").GetInt32(), step.GetProperty("events").GetInt32(), step.GetProperty("censored").GetInt32()));
            Assert.Equal(core.Curve.Points.Select(p => (p.Time, p.Survival, p.AtRisk)),
                step.GetProperty("curve").EnumerateArray().Select(p => (p.GetProperty("t").GetDouble(), p.GetProperty("s").GetDouble(), p.GetProperty("atRisk").GetInt32())));
        }

        Assert.Equal((8, 5, 3), (steps[0].GetProperty("entered").GetInt32(), steps[0].GetProperty("events").GetInt32(), steps[0].GetProperty("censored").GetInt32()));
        var shutDown = await coach.GetAsync($"/api/v1/companies/{scenario.ShutDown}/velocity?{AsOfQuery}").Json200();
        Assert.Equal("shut_down", shutDown.GetProperty("status").GetString());
        var acquired = await coach.GetAsync($"/api/v1/companies/{scenario.Acquired}/velocity?{AsOfQuery}").Json200();
        Assert.Equal("acquired", acquired.GetProperty("status").GetString());
        var beforeItClosed = await coach.GetAsync($"/api/v1/companies/{scenario.Acquired}/velocity?asOf=2024-03-01T00:00:00Z").Json200();
        Assert.NotEqual("acquired", beforeItClosed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheCumulativeIncidenceOfEachEndIsTheCoresAalenJohansenFitOfTheLoadedData()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var expected = CompetingRisksCalculator.Compute(TrackVelocityCalculator.Compute(await SaaSStepsAsync(coach), scenario.Histories, AsOf));
        // The first step written out by hand: five milestones, two shutdowns (days 50, 200 − 61 is the second step's), one acquisition, one open.
        var first = AalenJohansen.Fit([
            new(30, StepEnd.Milestone), new(45, StepEnd.Milestone), new(61, StepEnd.Milestone), new(75, StepEnd.Milestone), new(90, StepEnd.Milestone),
            new(50, StepEnd.ShutDown), new(150, StepEnd.Acquired), new((AsOf - Founded).TotalDays, StepEnd.Censored)]);
        Assert.Equal(first.Points, expected[0].Points);

        var plain = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}").Json200();
        Assert.False(plain.GetProperty("steps")[0].TryGetProperty("cumulativeIncidence", out _));
        var velocity = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}&competing=true").Json200();

        foreach (var (step, curve) in velocity.GetProperty("steps").EnumerateArray().Zip(expected))
        {
            Assert.Equal(curve.Points.Select(p => (p.Time, p.Milestone, p.ShutDown, p.Acquired)),
                step.GetProperty("cumulativeIncidence").EnumerateArray().Select(p => (p.GetProperty("t").GetDouble(), p.GetProperty("milestone").GetDouble(), p.GetProperty("shutDown").GetDouble(), p.GetProperty("acquired").GetDouble())));
        }

        // Of the second step (two reached it after 55 and 45 days, one shut down 139 days in), a shutdown shows.
        Assert.True(expected[1].ShutDowns == 1 && expected[1].Milestones == 2);
    }

    [Fact]
    public async Task AnOutcomeIsSeenByTheNextVelocityReadAndUndoingItRestoresTheCachedValue()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var id = await CreateAsync(coach, "Flicker Co");
        var before = (await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}&competing=true").Json200()).GetRawText();

        await SetOutcome(coach, id, new { outcome = "shut_down", on = "2024-04-01" }).Json200();
        var closed = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}&competing=true").Json200();
        Assert.Contains(closed.GetProperty("steps")[0].GetProperty("cumulativeIncidence").EnumerateArray(), p => p.GetProperty("shutDown").GetDouble() > 0);

        await SetOutcome(coach, id, new { outcome = "active" }).Json200();
        Assert.Equal(before, (await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}&competing=true").Json200()).GetRawText());
    }

    [Fact]
    public async Task AClosedCompanyLeavesTheBehindListAndShowsItsOutcome()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var id = await CreateAsync(coach, "Closed Doors Co", "2020-01-01");
        await SetOutcome(coach, id, new { outcome = "shut_down", on = "2021-03-01" }).Json200();

        var portfolio = await coach.GetAsync("/api/v1/portfolio?status=shut_down").Json200();
        var row = Assert.Single(portfolio.GetProperty("items").EnumerateArray());
        Assert.Equal("2021-03-01", row.GetProperty("outcomeOn").GetString());
        var behind = await coach.GetAsync("/api/v1/portfolio?status=behind").Json200();
        Assert.DoesNotContain(behind.GetProperty("items").EnumerateArray(), r => r.GetProperty("companyId").GetGuid() == id);
    }

    [Fact]
    public async Task TheCompaniesExportCarriesEachCompanysOutcomeAndItsDay()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var id = await CreateAsync(coach, "Exported Exit Co");
        await SetOutcome(coach, id, new { outcome = "acquired", on = "2024-08-15" }).Json200();

        var csv = await (await coach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",outcome,outcome_on", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Exported Exit Co,", StringComparison.Ordinal) && l.EndsWith(",acquired,2024-08-15", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(",active,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnThePagesACoachRecordsAShutdownSeesTheCompetingRisksAndUndoesIt()
    {
        var scenario = await ScenarioAsync();
        using var coach = await scenario.Tenant.CoachAsync();
        var id = await CreateAsync(coach, "Page Closed Co");
        using var session = await Users.BrowserSession.SignInAsync(factory, scenario.Tenant.CoachEmail);
        var edit = $"/Companies/{id}/Edit";

        var refused = await session.PostFormAsync(edit, edit + "?handler=Outcome", new() { ["Outcome.Code"] = "shut_down", ["Outcome.On"] = "" });
        Assert.Contains("Required: the day the company shut down.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var posted = await session.PostFormAsync(edit, edit + "?handler=Outcome", new() { ["Outcome.Code"] = "shut_down", ["Outcome.On"] = "2024-07-01" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var profile = await (await session.GetAsync(posted.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.Contains("Shut down 2024-07-01", profile, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"company-closed\"", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=Mark", await (await session.GetAsync($"/Companies/{id}/Milestones")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"outcome-history\"", await (await session.GetAsync(edit)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var analytics = await (await session.GetAsync($"/Tracks/{SystemStandards.SaaS}/Velocity?asOfDate=2024-12-31")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"competing\"", analytics, StringComparison.Ordinal);
        Assert.Contains("shut down first", analytics, StringComparison.Ordinal);
        Assert.Contains("id=\"competing-chart\"", analytics, StringComparison.Ordinal);

        var undo = await session.PostFormAsync($"/Companies/{id}", edit + "?handler=Outcome", new() { ["Outcome.Code"] = "active" });
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        var undone = await (await session.GetAsync(undo.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"company-closed\"", undone, StringComparison.Ordinal);
        Assert.Equal("active", (await coach.GetAsync($"/api/v1/companies/{id}").Json200()).GetProperty("outcome").GetString());
    }
}
