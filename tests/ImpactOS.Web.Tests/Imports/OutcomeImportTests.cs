using System.Net;
using System.Text;
using System.Text.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Imports;

/// <summary>Company outcomes in the milestones CSV (<c>outcome</c>, <c>outcome_on</c>): set after the
/// company's achievements and recorded in its outcome history; checked as the form checks them; an
/// export with closed companies re-imports as unchanged.</summary>
public sealed class OutcomeImportTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string Header = "company,external_id,industry,founded_on,track,milestone,achieved_at,evidence_note,evidence_url,domains,outcome,outcome_on";

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, bool dryRun = false) =>
        client.PostAsync($"/api/v1/imports/milestones?dryRun={dryRun.ToString().ToLowerInvariant()}", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static async Task<JsonElement> CompanyAsync(HttpClient client, string name) =>
        (await client.GetAsync($"/api/v1/companies?q={Uri.EscapeDataString(name)}").Json200()).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task OutcomesAreSetAfterTheAchievementsWithTheirHistoryAndARepeatChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var csv = string.Join("\n",
            Header,
            "Closed Co,,,2021-01-01,,Problem Validation,2021-03-01,,,,shut_down,2022-06-30",
            "Closed Co,,,,,Business model hypothesis,2021-09-01,,,,,",
            "Bought Co,,,2020-01-01,,,,,,,acquired,2023-02-01",
            "Open Co,,,2020-01-01,,Problem Validation,2020-05-01,,,,active,") + "\n";

        var preview = await ImportAsync(coach, csv, dryRun: true).Json200();
        Assert.Equal(2, preview.GetProperty("outcomesChanged").GetInt32());
        Assert.Equal(1, (await coach.GetAsync("/api/v1/companies").Json200()).GetProperty("items").GetArrayLength());

        var imported = await ImportAsync(coach, csv).Json200();
        Assert.Equal(3, imported.GetProperty("companiesCreated").GetInt32());
        Assert.Equal(3, imported.GetProperty("achievementsCreated").GetInt32());
        Assert.Equal(2, imported.GetProperty("outcomesChanged").GetInt32());

        var closed = await CompanyAsync(coach, "Closed Co");
        Assert.Equal("shut_down", closed.GetProperty("outcome").GetString());
        Assert.Equal("2022-06-30", closed.GetProperty("outcomeOn").GetString());
        var history = await coach.GetAsync($"/api/v1/companies/{closed.GetProperty("id").GetGuid()}/outcome/history").Json200();
        Assert.Equal("shut_down", Assert.Single(history.EnumerateArray()).GetProperty("outcome").GetString());
        Assert.Equal("acquired", (await CompanyAsync(coach, "Bought Co")).GetProperty("outcome").GetString());
        Assert.Equal("active", (await CompanyAsync(coach, "Open Co")).GetProperty("outcome").GetString());

        var again = await ImportAsync(coach, csv).Json200();
        Assert.Equal(0, again.GetProperty("outcomesChanged").GetInt32());
        Assert.Equal(3, again.GetProperty("unchanged").GetInt32());
        Assert.Single((await coach.GetAsync($"/api/v1/companies/{closed.GetProperty("id").GetGuid()}/outcome/history").Json200()).EnumerateArray());
    }

    [Fact]
    public async Task BadOutcomesAreReportedByRowAndColumnAndNothingIsWritten()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var tomorrow = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd");
        var csv = string.Join("\n",
            Header,
            "Good Co,,,2020-01-01,,Problem Validation,2020-05-01,,,,,",
            "Bankrupt Co,,,2020-01-01,,,,,,,bankrupt,2021-01-01",
            "Dayless Co,,,2020-01-01,,,,,,,shut_down,",
            "Future Co,,,2020-01-01,,,,,,,acquired," + tomorrow,
            "Early Co,,,2020-01-01,,Problem Validation,2021-05-01,,,,shut_down,2021-04-30",
            "Twice Co,,,2020-01-01,,,,,,,shut_down,2021-01-01",
            "Twice Co,,,,,,,,,,acquired,2021-02-01",
            "Active Co,,,2020-01-01,,,,,,,active,2021-01-01",
            "Orphan Co,,,2020-01-01,,Problem Validation,2020-05-01,,,,,2021-01-01") + "\n";

        foreach (var dryRun in new[] { true, false })
        {
            var problem = await ImportAsync(coach, csv, dryRun).ShouldBeProblem(HttpStatusCode.BadRequest);
            var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
            Assert.Contains((3, "outcome"), errors);
            Assert.Contains((4, "outcome_on"), errors);
            Assert.Contains((5, "outcome_on"), errors);
            Assert.Contains((8, "outcome"), errors);
            Assert.Contains((9, "outcome_on"), errors);
            Assert.Contains((10, "outcome"), errors);
            Assert.DoesNotContain(errors, e => e.Item1 == 2);
        }

        // The day before the latest achievement is known only once the rows are read: a file of that alone.
        var late = await ImportAsync(coach, Header + "\nEarly Co,,,2020-01-01,,Problem Validation,2021-05-01,,,,shut_down,2021-04-30\n").ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Equal((2, "outcome_on"), late.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).Single());
        Assert.Equal(1, (await coach.GetAsync("/api/v1/companies").Json200()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AClosedCompanyReImportsAsUnchangedButItsAchievementsChangeOnlyWhenTheFileReopensIt()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await ImportAsync(coach, Header + "\nShut Co,SHUT-1,,2020-01-01,,Problem Validation,2020-05-01,,,,shut_down,2021-01-01\n").Json200();

        var export = await (await coach.GetAsync("/api/v1/exports/milestones.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("shut_down,2021-01-01", export, StringComparison.Ordinal);
        var roundTrip = await ImportAsync(coach, export).Json200();
        Assert.Equal(1, roundTrip.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, roundTrip.GetProperty("outcomesChanged").GetInt32());

        var refused = await ImportAsync(coach, Header + "\nShut Co,SHUT-1,,,,Business model hypothesis,2020-08-01,,,,,\n").ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Equal((2, "milestone"), refused.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).Single());
        Assert.Equal(1, (await coach.GetAsync($"/api/v1/companies/{(await CompanyAsync(coach, "Shut Co")).GetProperty("id").GetGuid()}/milestones").Json200())
            .EnumerateArray().Count(m => m.GetProperty("status").GetString() == "achieved"));

        var reopened = await ImportAsync(coach, Header + "\nShut Co,SHUT-1,,,,Business model hypothesis,2020-08-01,,,,active,\n").Json200();
        Assert.Equal(1, reopened.GetProperty("achievementsCreated").GetInt32());
        Assert.Equal(1, reopened.GetProperty("outcomesChanged").GetInt32());
        Assert.Equal("active", (await CompanyAsync(coach, "Shut Co")).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AFileOfOutcomesAloneNeedsNoAchievementColumns()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await ImportAsync(coach, Header + "\nLater Co,LATER-1,,2020-01-01,,Problem Validation,2020-05-01,,,,,\n").Json200();

        var result = await ImportAsync(coach, "external_id,outcome,outcome_on\nLATER-1,acquired,2024-07-01\n").Json200();
        Assert.Equal(1, result.GetProperty("outcomesChanged").GetInt32());
        Assert.Equal("acquired", (await CompanyAsync(coach, "Later Co")).GetProperty("outcome").GetString());
        await ImportAsync(coach, "external_id,when\nLATER-1,2024-07-01\n").ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
