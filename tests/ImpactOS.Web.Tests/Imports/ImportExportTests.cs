using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Imports;

public sealed class ImportExportTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string Header = "company,external_id,industry,founded_on,track,milestone,achieved_at,evidence_note,evidence_url";

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, bool dryRun = false) =>
        client.PostAsync($"/api/v1/imports/milestones?dryRun={dryRun.ToString().ToLowerInvariant()}", Csv(csv));

    private static string Sample(TestTenant tenant) => string.Join("\n",
        Header,
        "Acme Robotics,ACME-1,Robotics,2023-01-10,Hardware Standard,Product requirements,2023-02-01,Signed PRD,https://acme.example/prd",
        "Acme Robotics,ACME-1,,,,Proof of concept,2023-06-15T10:30:00Z,,",
        " bright  analytics ,,Analytics,2022-05-01,,Business model hypothesis,2022-06-01,,",
        "Bright Analytics,,,,,  problem validation ,2022-09-01,Interviews,",
        $"Founder's Co {tenant.Name[4..]},,,,,Business model hypothesis,2024-03-01,,") + "\n";

    [Fact]
    public async Task ADryRunReportsWithoutWritingThenTheImportWritesAndARepeatChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var csv = Sample(tenant);

        var preview = await ImportAsync(coach, csv, dryRun: true).Json200();
        Assert.True(preview.GetProperty("dryRun").GetBoolean());
        Assert.Equal(5, preview.GetProperty("rows").GetInt32());
        Assert.Equal(2, preview.GetProperty("companiesCreated").GetInt32());
        Assert.Equal(5, preview.GetProperty("achievementsCreated").GetInt32());
        Assert.Equal(1, (await coach.GetAsync("/api/v1/companies").Json200()).GetProperty("items").GetArrayLength());

        var imported = await ImportAsync(coach, csv).Json200();
        Assert.Equal(2, imported.GetProperty("companiesCreated").GetInt32());
        Assert.Equal(5, imported.GetProperty("achievementsCreated").GetInt32());
        var companies = (await coach.GetAsync("/api/v1/companies").Json200()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, companies.Count);
        var acme = companies.Single(c => c.GetProperty("name").GetString() == "Acme Robotics");
        Assert.Equal("ACME-1", acme.GetProperty("externalId").GetString());
        Assert.Equal("Hardware Standard", acme.GetProperty("trackTitle").GetString());
        Assert.Equal("2023-01-10", acme.GetProperty("foundedOn").GetString());
        Assert.Equal("SaaS Standard", companies.Single(c => c.GetProperty("name").GetString() == "bright  analytics").GetProperty("trackTitle").GetString());

        var roadmap = await coach.GetAsync($"/api/v1/companies/{acme.GetProperty("id").GetGuid()}/milestones").Json200();
        Assert.Equal("Casey Coach", roadmap[0].GetProperty("verifiedBy").GetProperty("displayName").GetString());
        Assert.Equal(new DateTime(2023, 6, 15, 10, 30, 0, DateTimeKind.Utc), roadmap[1].GetProperty("achievedAt").GetDateTime().ToUniversalTime());
        var history = await coach.GetAsync($"/api/v1/companies/{acme.GetProperty("id").GetGuid()}/milestones/{roadmap[0].GetProperty("milestoneId").GetGuid()}/history").Json200();
        Assert.Equal("achieved", history[0].GetProperty("action").GetString());

        var again = await ImportAsync(coach, csv).Json200();
        Assert.Equal(0, again.GetProperty("companiesCreated").GetInt32());
        Assert.Equal(0, again.GetProperty("achievementsCreated").GetInt32());
        Assert.Equal(5, again.GetProperty("unchanged").GetInt32());

        var edited = await ImportAsync(coach, Header + "\nAcme Robotics,ACME-1,,,,Proof of concept,2023-06-20,,\n").Json200();
        Assert.Equal(1, edited.GetProperty("achievementsUpdated").GetInt32());
    }

    [Fact]
    public async Task EveryBadRowIsReportedAndNothingIsWritten()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var csv = string.Join("\n",
            Header,
            "Good Co,,,2020-01-01,,Business model hypothesis,2020-02-01,,",
            "Future Co,,,2020-01-01,,Business model hypothesis,2999-01-01,,",
            "Early Co,,,2020-01-01,,Business model hypothesis,2019-12-31,,",
            "Lost Co,,,,Rocket Science,Launch,2020-01-01,,",
            "Odd Co,,,,,Flying car,2020-01-01,,",
            "Link Co,,,,,Problem Validation,2020-01-01,,javascript:alert(1)",
            "Good Co,,,,,business model hypothesis,2020-03-01,,",
            ",,,,,Problem Validation,2020-01-01,,",
            "Date Co,,,2020-02-30,,Problem Validation,not-a-date,,") + "\n";

        var problem = await ImportAsync(coach, csv).ShouldBeProblem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Contains((3, "achieved_at"), errors);
        Assert.Contains((4, "achieved_at"), errors);
        Assert.Contains((5, "track"), errors);
        Assert.Contains((6, "milestone"), errors);
        Assert.Contains((7, "evidence_url"), errors);
        Assert.Contains((8, "milestone"), errors);
        Assert.Contains((9, "company"), errors);
        Assert.Contains((10, "founded_on"), errors);
        Assert.Contains((10, "achieved_at"), errors);
        Assert.DoesNotContain(errors, e => e.Item1 == 2);
        Assert.Equal(1, (await coach.GetAsync("/api/v1/companies").Json200()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ARowDatedBeforeAFoundingDateThatALaterRowGivesIsRefused()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var csv = Header + "\nLate Co,,,,,Business model hypothesis,2019-06-01,,\nLate Co,,,2020-01-01,,Problem Validation,2020-03-01,,\n";

        foreach (var dryRun in new[] { true, false })
        {
            var problem = await ImportAsync(coach, csv, dryRun).ShouldBeProblem(HttpStatusCode.BadRequest);
            var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
            Assert.Equal((2, "achieved_at"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        }

        Assert.Equal(1, (await coach.GetAsync("/api/v1/companies").Json200()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AFileWithoutTheRequiredColumnsIsRefused()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var problem = await ImportAsync(coach, "name,when\nX,2020-01-01\n").ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("column").GetString() == "milestone");
        await ImportAsync(coach, "").ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnExportReImportsCleanlyIntoAnotherOrganization()
    {
        var source = await factory.CreateTenantAsync();
        using var sourceCoach = await source.CoachAsync();
        await ImportAsync(sourceCoach, Sample(source) + "=cmd|' /C calc'!A0,EVIL-1,,,,Business model hypothesis,2021-01-01,@SUM(1+1),\n").ShouldBe(HttpStatusCode.OK);

        var export = await (await sourceCoach.GetAsync("/api/v1/exports/milestones.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.StartsWith(Header, export, StringComparison.Ordinal);
        Assert.Contains("'=cmd", export, StringComparison.Ordinal);
        Assert.Contains("'@SUM(1+1)", export, StringComparison.Ordinal);
        Assert.Equal(7, export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var roundTrip = await ImportAsync(sourceCoach, export).Json200();
        Assert.Equal(6, roundTrip.GetProperty("unchanged").GetInt32());

        var target = await factory.CreateTenantAsync();
        using var targetCoach = await target.CoachAsync();
        var imported = await ImportAsync(targetCoach, export).Json200();
        Assert.Equal(4, imported.GetProperty("companiesCreated").GetInt32());
        Assert.Equal(6, imported.GetProperty("achievementsCreated").GetInt32());
        var evil = (await targetCoach.GetAsync("/api/v1/companies?q=cmd").Json200()).GetProperty("items")[0];
        Assert.Equal("=cmd|' /C calc'!A0", evil.GetProperty("name").GetString());

        var companies = await (await sourceCoach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("'=cmd", companies, StringComparison.Ordinal);
        await sourceCoach.GetAsync("/api/v1/exports/interactions.csv").ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AMultipartUploadWorksAndOnlyCoachesAndAdminsImport()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Sample(tenant))), "file", "history.csv" } };
        var result = await admin.PostAsync("/api/v1/imports/milestones?dryRun=true", form).Json200();
        Assert.Equal(5, result.GetProperty("rows").GetInt32());

        using var founder = await tenant.FounderAsync();
        await ImportAsync(founder, Sample(tenant)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await founder.GetAsync("/api/v1/exports/milestones.csv").ShouldBeProblem(HttpStatusCode.Forbidden);
        await admin.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = false }).ShouldBe(HttpStatusCode.OK);
        await ImportAsync(admin, Sample(tenant)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    /// <summary>Real funding rounds (Crunchbase, 2013) as achievements of a custom "Funding Ladder"
    /// track: the earliest round of each kind per company, dated on or after its founding.</summary>
    [Fact]
    public async Task ARealPortfolioFromCrunchbaseImportsAndMeasuresVelocity()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var track = await (await admin.PostAsJsonAsync("/api/v1/tracks", new { title = "Funding Ladder", description = "Rounds of funding, from Crunchbase." }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        var trackId = track.GetProperty("id").GetGuid();
        foreach (var step in CrunchbaseSample.Ladder.Values.Distinct())
        {
            await admin.PostAsJsonAsync($"/api/v1/tracks/{trackId}/milestones", new { title = step }).ShouldBe(HttpStatusCode.Created);
        }

        var (csv, rows, companies) = CrunchbaseSample.ImportFile("Funding Ladder");
        var result = await ImportAsync(admin, csv).Json200();
        Assert.Equal(rows, result.GetProperty("rows").GetInt32());
        Assert.Equal(companies, result.GetProperty("companiesCreated").GetInt32());
        Assert.Equal(rows, result.GetProperty("achievementsCreated").GetInt32());

        var again = await ImportAsync(admin, csv).Json200();
        Assert.Equal(rows, again.GetProperty("unchanged").GetInt32());

        var velocity = await admin.GetAsync($"/api/v1/tracks/{trackId}/velocity?asOf=2013-10-01T00:00:00Z").Json200();
        Assert.Equal(companies, velocity.GetProperty("companies").GetInt32());
        var first = velocity.GetProperty("steps")[0];
        Assert.True(first.GetProperty("events").GetInt32() > 50, first.ToString());
        Assert.True(first.GetProperty("medianDays").GetDouble() > 0);
    }
}

/// <summary>Derives an import file from the committed Crunchbase sample (Fixtures/crunchbase).</summary>
public static class CrunchbaseSample
{
    public static readonly IReadOnlyDictionary<string, string> Ladder = new Dictionary<string, string>
    {
        ["angel"] = "Angel round",
        ["seed"] = "Seed round",
        ["series-a"] = "Series A",
        ["series-b"] = "Series B",
        ["series-c+"] = "Series C or later",
    };

    public static (string Csv, int Rows, int Companies) ImportFile(string track)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "crunchbase");
        var companies = ReadCsv(Path.Combine(folder, "companies.csv")).ToDictionary(c => c["permalink"]);
        var rounds = ReadCsv(Path.Combine(folder, "rounds.csv"));
        var output = new StringBuilder("company,external_id,industry,founded_on,track,milestone,achieved_at,evidence_note,evidence_url\n");
        var rows = 0;
        var used = new HashSet<string>();
        foreach (var group in rounds.GroupBy(r => (r["company_permalink"], Ladder[r["funding_round_type"]])))
        {
            var company = companies[group.Key.Item1];
            var founded = DateOnly.ParseExact(company["founded_at"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var earliest = group.Select(r => DateOnly.ParseExact(r["funded_at"], "yyyy-MM-dd", CultureInfo.InvariantCulture)).Where(d => d >= founded).Order().FirstOrDefault();
            if (earliest == default)
            {
                continue;
            }

            var amount = group.First()["raised_amount_usd"];
            output.Append(Quote(company["name"])).Append(',').Append(Quote(company["permalink"])).Append(',').Append(Quote(company["category_code"])).Append(',')
                .Append(company["founded_at"]).Append(',').Append(Quote(track)).Append(',').Append(group.Key.Item2).Append(',')
                .Append(earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(amount.Length > 0 ? Quote($"Raised {amount} USD (Crunchbase)") : "").Append(",\n");
            rows++;
            used.Add(group.Key.Item1);
        }

        return (output.ToString(), rows, used.Count);
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.GetRecords<dynamic>().Select(r => ((IDictionary<string, object>)r).ToDictionary(p => p.Key, p => (string)p.Value)).ToList();
    }
}
