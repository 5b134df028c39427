using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Analytics;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Reports;

/// <summary>The program-effects report through the API, against R's coxph of the same portfolio
/// (Core.Tests/Fixtures/cox): coefficients, standard errors and log-likelihoods to a relative 1e-6,
/// p-values to 1e-6 absolute, on whichever database the run uses.</summary>
public sealed class ProgramEffectsApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const double Relative = 1e-6;
    private const double Absolute = 1e-6;

    [Fact]
    public async Task ByAnyProgramTheApiReproducesRsFit()
    {
        var scenario = await EffectsScenario.SeedAsync(factory);
        using var coach = await scenario.Tenant.CoachAsync();

        var report = await coach.GetAsync($"/api/v1/reports/program-effects?{scenario.Query("any")}").Json200();

        var r = EffectsScenario.Fit("any");
        AssertCounts(report);
        Assert.Equal("any", report.GetProperty("by").GetString());
        string[] terms = ["enrolled", "meetings_90d"];
        Assert.Equal(terms, report.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("term").GetString()));
        for (var i = 0; i < terms.Length; i++)
        {
            AssertTerm(report.GetProperty("terms")[i], r, i);
        }

        AssertModel(report, r);
        AssertPh(report, r, i => i);
    }

    [Fact]
    public async Task ByProgramTheApiReproducesRsFitAndAnInfiniteCoefficientHasNoNumber()
    {
        var scenario = await EffectsScenario.SeedAsync(factory);
        using var coach = await scenario.Tenant.CoachAsync();

        var report = await coach.GetAsync($"/api/v1/reports/program-effects?{scenario.Query("program")}").Json200();

        var r = EffectsScenario.Fit("program");
        AssertCounts(report);
        var terms = report.GetProperty("terms").EnumerateArray().ToList();
        Assert.Equal(4, terms.Count);
        Assert.Equal("meetings_90d", terms[^1].GetProperty("term").GetString());

        // R's column of each of our terms: p1..p3 by the program's fixture position, then meetings.
        int RIndex(JsonElement term) => term.GetProperty("programId").ValueKind == JsonValueKind.String
            ? scenario.Programs.ToList().IndexOf(term.GetProperty("programId").GetGuid())
            : 3;
        var infinite = r.GetProperty("infinite").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        foreach (var term in terms)
        {
            var i = RIndex(term);
            Assert.InRange(i, 0, 3);
            if (infinite[i])
            {
                // R: "Loglik converged before variable 3; beta may be infinite": never a number here.
                Assert.False(term.GetProperty("estimable").GetBoolean());
                Assert.Equal(JsonValueKind.Null, term.GetProperty("coef").ValueKind);
                Assert.Equal(JsonValueKind.Null, term.GetProperty("hazardRatio").ValueKind);
                Assert.Contains(report.GetProperty("warnings").EnumerateArray(), w =>
                    w.GetProperty("kind").GetString() == "not-estimable" && w.GetProperty("term").GetString() == term.GetProperty("term").GetString());
            }
            else
            {
                AssertTerm(term, r, i);
            }
        }

        Assert.Equal(
            ["P1", "P2", "P3", "Each meeting or call in the last 90 days"],
            terms.OrderBy(RIndex).Select(t => t.GetProperty("name").GetString()));
        AssertModel(report, r);
        var ph = report.GetProperty("phTest").GetProperty("terms").EnumerateArray().ToList();
        AssertPh(report, r, j => RIndex(terms[j]));
        Assert.Equal(terms.Select(t => t.GetProperty("term").GetString()), ph.Select(t => t.GetProperty("term").GetString()));
    }

    [Fact]
    public async Task TheCsvExportIsTheRowsRFits()
    {
        var scenario = await EffectsScenario.SeedAsync(factory);
        using var coach = await scenario.Tenant.CoachAsync();

        using var response = await coach.GetAsync($"/api/v1/exports/program-effects.csv?asOf={EffectsScenario.AsOf}&trackId={scenario.TrackId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("company_id,track_id,milestone_id,tstart,tstop,event,enrolled,meetings_90d,program_ids", lines[0]);
        var fixtureOf = scenario.Companies.ToDictionary(c => c.Value, c => c.Key);
        var programOf = scenario.Programs.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => EffectsScenario.Portfolio.GetProperty("programs")[p.i].GetString()!);
        var ours = lines.Skip(1).Select(line => line.Split(',')).Select(f => (
                Company: fixtureOf[Guid.Parse(f[0])],
                TStart: double.Parse(f[3], CultureInfo.InvariantCulture),
                TStop: double.Parse(f[4], CultureInfo.InvariantCulture),
                Event: f[5] == "1",
                Enrolled: f[6] == "1",
                Meetings: int.Parse(f[7], CultureInfo.InvariantCulture),
                Programs: string.Join(';', f[8].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => programOf[Guid.Parse(p)]).Order(StringComparer.Ordinal))))
            .OrderBy(r => r.Company).ThenBy(r => r.TStart).ToList();
        var rs = EffectsScenario.Portfolio.GetProperty("rows").EnumerateArray().Select(r => (
                Company: r.GetProperty("company").GetGuid(),
                TStart: r.GetProperty("tstart").GetDouble(),
                TStop: r.GetProperty("tstop").GetDouble(),
                Event: r.GetProperty("event").GetInt32() == 1,
                Enrolled: r.GetProperty("enrolled").GetInt32() == 1,
                Meetings: r.GetProperty("meetings_90d").GetInt32(),
                Programs: string.Join(';', r.GetProperty("program_ids").GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))))
            .OrderBy(r => r.Company).ThenBy(r => r.TStart).ToList();
        Assert.Equal(rs.Count, ours.Count);
        for (var i = 0; i < rs.Count; i++)
        {
            Assert.Equal(rs[i].Company, ours[i].Company);
            Assert.Equal(rs[i].TStart, ours[i].TStart, 1e-9);
            Assert.Equal(rs[i].TStop, ours[i].TStop, 1e-9);
            Assert.Equal((rs[i].Event, rs[i].Enrolled, rs[i].Meetings, rs[i].Programs), (ours[i].Event, ours[i].Enrolled, ours[i].Meetings, ours[i].Programs));
        }
    }

    [Fact]
    public async Task AMeetingLoggedAfterAReadIsInTheNextReadAndEqualsAFullReload()
    {
        var scenario = await EffectsScenario.SeedAsync(factory);
        using var coach = await scenario.Tenant.CoachAsync();
        var url = $"/api/v1/reports/program-effects?{scenario.Query("any")}";
        var before = await coach.GetAsync(url).Json200();

        // A company still waiting at asOf (it never reached the last step, and has waited in its open
        // step for more than 20 days): a meeting 20 days before asOf cuts that step.
        var asOf = DateTime.Parse(EffectsScenario.AsOf, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var last = EffectsScenario.Portfolio.GetProperty("milestones")[3].GetString();
        DateTime At(JsonElement e, string name) => DateTime.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var waiting = EffectsScenario.Portfolio.GetProperty("companies").EnumerateArray().First(c =>
            c.GetProperty("archivedAt").ValueKind == JsonValueKind.Null
            && At(c, "trackStart") < asOf.AddDays(-30)
            && c.GetProperty("achievements").EnumerateArray().All(a => a.GetProperty("milestoneId").GetString() != last && At(a, "at") < asOf.AddDays(-30)));
        var company = scenario.Companies[waiting.GetProperty("id").GetGuid()];
        using var logged = await coach.PostAsJsonAsync($"/api/v1/companies/{company}/interactions", new { kind = "meeting", occurredAt = asOf.AddDays(-20), subject = "Pitch practice" });
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);

        var patched = await coach.GetAsync(url).Json200();
        factory.Services.GetRequiredService<AnalyticsCache>().InvalidateAll();
        var reloaded = await coach.GetAsync(url).Json200();

        Assert.True(patched.GetProperty("intervals").GetInt32() > before.GetProperty("intervals").GetInt32(), $"{before.GetProperty("intervals")} {patched.GetProperty("intervals")} {reloaded.GetProperty("intervals")}");
        Assert.Equal(reloaded.GetProperty("intervals").GetInt32(), patched.GetProperty("intervals").GetInt32());
        Assert.Equal(Coef(reloaded, "meetings_90d"), Coef(patched, "meetings_90d"));
        Assert.Equal(Coef(reloaded, "enrolled"), Coef(patched, "enrolled"));

        // The patched read reused the other companies' rows; it is the reload's answer to the last digit.
        Assert.Equal(reloaded.GetRawText(), patched.GetRawText());
    }

    [Fact]
    public async Task BadParametersAre400sAndOnlyStaffOfAnOrganizationWithMilestonesSeeIt()
    {
        var scenario = await EffectsScenario.SeedAsync(factory);
        using var coach = await scenario.Tenant.CoachAsync();
        await coach.GetAsync("/api/v1/reports/program-effects?by=coach").ShouldBeInvalid("by");
        await coach.GetAsync($"/api/v1/reports/program-effects?trackId={Guid.NewGuid()}").ShouldBeInvalid("trackId");
        await coach.GetAsync("/api/v1/reports/program-effects?asOf=1200-01-01").ShouldBeInvalid("asOf");
        await coach.GetAsync($"/api/v1/exports/program-effects.csv?trackId={Guid.NewGuid()}").ShouldBeInvalid("trackId");

        // Another organization's track is not a track of this one.
        var other = await factory.CreateTenantAsync();
        using var otherCoach = await other.CoachAsync();
        await otherCoach.GetAsync($"/api/v1/reports/program-effects?trackId={scenario.TrackId}").ShouldBeInvalid("trackId");
        var empty = await otherCoach.GetAsync("/api/v1/reports/program-effects").Json200();
        Assert.Equal(0, empty.GetProperty("events").GetInt32());
        Assert.Equal("no-events", Assert.Single(empty.GetProperty("warnings").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Empty(empty.GetProperty("terms").EnumerateArray());

        using var founder = await scenario.Tenant.FounderAsync();
        await founder.GetAsync("/api/v1/reports/program-effects").ShouldBe(HttpStatusCode.Forbidden);
        await founder.GetAsync("/api/v1/exports/program-effects.csv").ShouldBe(HttpStatusCode.Forbidden);

        var off = await factory.CreateTenantAsync(milestones: false);
        using var offCoach = await off.CoachAsync();
        await offCoach.GetAsync("/api/v1/reports/program-effects").ShouldBeProblem(HttpStatusCode.NotFound);
        await offCoach.GetAsync("/api/v1/exports/program-effects.csv").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private static double Coef(JsonElement report, string term) =>
        report.GetProperty("terms").EnumerateArray().Single(t => t.GetProperty("term").GetString() == term).GetProperty("coef").GetDouble();

    private static void AssertCounts(JsonElement report)
    {
        var rows = EffectsScenario.Portfolio.GetProperty("rows");
        Assert.Equal(rows.GetArrayLength(), report.GetProperty("intervals").GetInt32());
        Assert.Equal(rows.EnumerateArray().Count(r => r.GetProperty("event").GetInt32() == 1), report.GetProperty("events").GetInt32());
        Assert.Equal(EffectsScenario.Portfolio.GetProperty("zeroLengthStepsLeftOut").GetInt32(), report.GetProperty("zeroLengthStepsLeftOut").GetInt32());
        Assert.True(report.GetProperty("zeroLengthStepsLeftOut").GetInt32() > 0);
        Assert.Equal(rows.EnumerateArray().Select(r => r.GetProperty("company").GetString()).Distinct().Count(), report.GetProperty("companies").GetInt32());
    }

    private static void AssertTerm(JsonElement term, JsonElement r, int i)
    {
        Assert.True(term.GetProperty("estimable").GetBoolean());
        foreach (var (ours, theirs) in new[] { ("coef", "coef"), ("se", "se"), ("robustSe", "robustSe"), ("z", "z"), ("ciLow", "ciLow"), ("ciHigh", "ciHigh") })
        {
            AssertRelative(r.GetProperty(theirs)[i].GetDouble(), term.GetProperty(ours).GetDouble(), $"{term.GetProperty("term")} {ours}");
        }

        AssertRelative(Math.Exp(r.GetProperty("coef")[i].GetDouble()), term.GetProperty("hazardRatio").GetDouble(), "hazardRatio");
        Assert.Equal(r.GetProperty("p")[i].GetDouble(), term.GetProperty("p").GetDouble(), Absolute);
    }

    private static void AssertModel(JsonElement report, JsonElement r)
    {
        AssertRelative(r.GetProperty("logLik")[0].GetDouble(), report.GetProperty("logLik").GetProperty("null").GetDouble(), "logLik null");
        AssertRelative(r.GetProperty("logLik")[1].GetDouble(), report.GetProperty("logLik").GetProperty("final").GetDouble(), "logLik final");
        var tests = report.GetProperty("tests");
        AssertTest(r.GetProperty("likelihoodRatio"), tests.GetProperty("likelihoodRatio"));
        AssertTest(r.GetProperty("wald"), tests.GetProperty("wald"));
        AssertTest(r.GetProperty("robustScore"), tests.GetProperty("robustScore"));
    }

    private static void AssertPh(JsonElement report, JsonElement r, Func<int, int> rIndexOfTerm)
    {
        var zph = r.GetProperty("zph");
        var ph = report.GetProperty("phTest");
        var terms = ph.GetProperty("terms").EnumerateArray().ToList();
        for (var j = 0; j < terms.Count; j++)
        {
            var i = rIndexOfTerm(j);
            AssertRelative(zph.GetProperty("chisq")[i].GetDouble(), terms[j].GetProperty("chisq").GetDouble(), $"zph {terms[j].GetProperty("term")}");
            Assert.Equal(zph.GetProperty("p")[i].GetDouble(), terms[j].GetProperty("p").GetDouble(), Absolute);
        }

        AssertTest(zph.GetProperty("global"), ph.GetProperty("global"));
    }

    private static void AssertTest(JsonElement r, JsonElement ours)
    {
        AssertRelative(r.GetProperty("chisq").GetDouble(), ours.GetProperty("chisq").GetDouble(), "chisq");
        Assert.Equal(r.GetProperty("df").GetInt32(), ours.GetProperty("df").GetInt32());
        Assert.Equal(r.GetProperty("p").GetDouble(), ours.GetProperty("p").GetDouble(), Absolute);
    }

    private static void AssertRelative(double expected, double actual, string what, double tolerance = Relative)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-12);
        Assert.True(Math.Abs(actual - expected) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R} (relative difference {Math.Abs(actual - expected) / scale:E2})");
    }
}
