using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Reports;

public sealed class ReportsApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task TheAttributionReportReproducesTheRScenario()
    {
        var tenant = await ReportScenarios.RScenarioAsync(factory);
        using var coach = await tenant.CoachAsync();
        var report = await coach.GetAsync($"/api/v1/reports/attribution?{ReportScenarios.Period}").Json200();
        Assert.Equal(15, report.GetProperty("achievements").GetInt32());
        Assert.Equal(8, report.GetProperty("duringEnrollment").GetInt32());
        Assert.Equal(7, report.GetProperty("outsideEnrollment").GetInt32());
        Assert.Equal(Math.Round(8 / 15.0, 6), report.GetProperty("attributionRate").GetDouble());
        var p1 = report.GetProperty("byProgram").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "P1");
        Assert.Equal(12, p1.GetProperty("achievements").GetInt32());
        Assert.Equal(4, p1.GetProperty("duringEnrollment").GetInt32());
        Assert.Equal(4, report.GetProperty("byQuarter").GetArrayLength());
    }

    [Fact]
    public async Task TheProgramLiftReproducesRsPoissonTest()
    {
        var tenant = await ReportScenarios.RScenarioAsync(factory);
        using var coach = await tenant.CoachAsync();
        var lift = await coach.GetAsync($"/api/v1/reports/program-lift?{ReportScenarios.Period}").Json200();
        Assert.Equal(8, lift.GetProperty("insideEvents").GetInt32());
        Assert.Equal(6, lift.GetProperty("outsideEvents").GetInt32());
        Assert.Equal(1.631759, lift.GetProperty("insideCompanyYears").GetDouble());
        Assert.Equal(1.501119, lift.GetProperty("lift").GetDouble());
        Assert.Equal(0.45675, lift.GetProperty("liftCiLow").GetDouble());
        Assert.Equal(5.24884, lift.GetProperty("liftCiHigh").GetDouble());
        var p3 = lift.GetProperty("byProgram").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "P3");
        Assert.Equal(2, p3.GetProperty("insideEvents").GetInt32());
        Assert.Equal(1.222222, p3.GetProperty("lift").GetDouble());
    }

    [Fact]
    public async Task AProgramFilterNarrowsThePerProgramRowsOnly()
    {
        var tenant = await ReportScenarios.RScenarioAsync(factory);
        using var coach = await tenant.CoachAsync();
        var programs = await coach.GetAsync("/api/v1/programs").Json200();
        var p2 = programs.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "P2").GetProperty("id").GetGuid();
        var report = await coach.GetAsync($"/api/v1/reports/attribution?{ReportScenarios.Period}&programId={p2}").Json200();
        Assert.Equal(15, report.GetProperty("achievements").GetInt32());
        Assert.Equal("P2", Assert.Single(report.GetProperty("byProgram").EnumerateArray()).GetProperty("name").GetString());
        await coach.GetAsync($"/api/v1/reports/attribution?programId={Guid.NewGuid()}").ShouldBeInvalid("programId");
    }

    [Fact]
    public async Task AnEndBeforeTheStartIsA400AndAnEmptyPeriodHasNullRates()
    {
        var tenant = await ReportScenarios.RScenarioAsync(factory);
        using var coach = await tenant.CoachAsync();
        await coach.GetAsync("/api/v1/reports/attribution?from=2024-06-01&to=2024-01-01").ShouldBeInvalid("to");
        await coach.GetAsync("/api/v1/reports/program-lift?from=2024-06-01&to=2024-01-01").ShouldBeInvalid("to");
        var empty = await coach.GetAsync("/api/v1/reports/attribution?from=2024-06-01&to=2024-06-01").Json200();
        Assert.Equal(0, empty.GetProperty("achievements").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, empty.GetProperty("attributionRate").ValueKind);
        var lift = await coach.GetAsync("/api/v1/reports/program-lift?from=2024-06-01&to=2024-06-01").Json200();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, lift.GetProperty("lift").ValueKind);
    }

    [Fact]
    public async Task AnUndoneAchievementLeavesTheReportsAtOnce()
    {
        var tenant = await ReportScenarios.RScenarioAsync(factory);
        using var coach = await tenant.CoachAsync();
        // Read first, so the report's inputs are cached: the undo must reach them.
        Assert.Equal(15, (await coach.GetAsync($"/api/v1/reports/attribution?{ReportScenarios.Period}").Json200()).GetProperty("achievements").GetInt32());
        var companies = await coach.GetAsync("/api/v1/companies?q=C").Json200();
        var c = companies.GetProperty("items").EnumerateArray().Single(x => x.GetProperty("name").GetString() == "C").GetProperty("id").GetGuid();
        var roadmap = await coach.GetAsync($"/api/v1/companies/{c}/milestones").Json200();
        await coach.DeleteAsync($"/api/v1/companies/{c}/milestones/{roadmap[3].GetProperty("milestoneId").GetGuid()}").ShouldBe(HttpStatusCode.OK);
        var report = await coach.GetAsync($"/api/v1/reports/attribution?{ReportScenarios.Period}").Json200();
        Assert.Equal(14, report.GetProperty("achievements").GetInt32());
    }

    [Fact]
    public async Task CsvReportsNeutralizeFormulasAndFoundersSeeNoReports()
    {
        var tenant = await ReportScenarios.RScenarioAsync(factory);
        using var admin = await tenant.AdminAsync();
        await admin.PostAsJsonAsync("/api/v1/programs", new { name = "=SUM(A1:A9)" }).ShouldBe(HttpStatusCode.Created);
        var csv = await (await admin.GetAsync($"/api/v1/reports/attribution.csv?{ReportScenarios.Period}").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.StartsWith("scope,name,achievements,during_enrollment,attribution_rate,from,to", csv, StringComparison.Ordinal);
        Assert.Contains("program,'=SUM(A1:A9),0,0,,", csv, StringComparison.Ordinal);
        var lift = await (await admin.GetAsync($"/api/v1/reports/program-lift.csv?{ReportScenarios.Period}").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("organization,Any enrolment,8,", lift, StringComparison.Ordinal);
        var velocity = await (await admin.GetAsync($"/api/v1/reports/velocity.csv?trackId={Features.Tracks.SystemStandards.SaaS}").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.StartsWith("group,name,companies,milestone,order_index,events,median_days", velocity, StringComparison.Ordinal);

        using var founder = await tenant.FounderAsync();
        await founder.GetAsync("/api/v1/reports/attribution").ShouldBeProblem(HttpStatusCode.Forbidden);
        await admin.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = false }).ShouldBe(HttpStatusCode.OK);
        await admin.GetAsync("/api/v1/reports/program-lift").ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
