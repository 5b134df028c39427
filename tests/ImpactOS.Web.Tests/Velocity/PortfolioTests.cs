using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Velocity;

public sealed class PortfolioTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string AsOf = "asOf=2024-06-01T00:00:00Z";

    private Task<TestTenant> PortfolioAsync() => VelocityScenarios.MixedPortfolioAsync(factory, "=HYPERLINK(\"http://evil.example\")");

    [Fact]
    public async Task ThePortfolioGivesEveryCompanyItsStatus()
    {
        var tenant = await PortfolioAsync();
        using var coach = await tenant.CoachAsync();

        var page = await coach.GetAsync($"/api/v1/portfolio?{AsOf}&limit=200").Json200();

        Assert.Equal(10, page.GetProperty("total").GetInt32());
        var status = page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("status").GetString());
        Assert.Equal("on_pace", status["Steady"]);
        Assert.Equal("at_risk", status["Wobbly"]);
        Assert.Equal("behind", status["=HYPERLINK(\"http://evil.example\")"]);
        Assert.Equal("not_enough_data", status["Fast 10"]);
        Assert.Equal(1, page.GetProperty("byStatus").GetProperty("behind").GetInt32());
    }

    [Fact]
    public async Task ThePortfolioFiltersByStatusAndSortsTheMostBehindFirst()
    {
        var tenant = await PortfolioAsync();
        using var coach = await tenant.CoachAsync();

        var atRisk = await coach.GetAsync($"/api/v1/portfolio?{AsOf}&status=at_risk").Json200();
        Assert.Equal(["Wobbly"], atRisk.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));

        var sorted = await coach.GetAsync($"/api/v1/portfolio?{AsOf}&sort=behind&limit=3").Json200();
        Assert.Equal(["=HYPERLINK(\"http://evil.example\")", "Wobbly", "Steady"], sorted.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var next = await coach.GetAsync($"/api/v1/portfolio?{AsOf}&sort=behind&limit=3&cursor={sorted.GetProperty("nextCursor").GetString()}").Json200();
        Assert.Equal(3, next.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(next.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == "Steady");

        await coach.GetAsync("/api/v1/portfolio?status=sideways").ShouldBeInvalid("status");
        await coach.GetAsync("/api/v1/portfolio?sort=random").ShouldBeInvalid("sort");
    }

    [Fact]
    public async Task ThePortfolioPagesFilterListsEachKeepTheirOrderAndTheChosenOne()
    {
        var tenant = await factory.CreateTenantAsync();
        var (zeta, custom) = await tenant.InScopeAsync(async (_, db) =>
        {
            var zeta = new Features.Programs.SupportProgram { Name = "Zeta Cohort", CreatedAt = db.UtcNow };
            db.Programs.Add(zeta);
            db.Programs.Add(new Features.Programs.SupportProgram { Name = "Alpha Cohort", CreatedAt = db.UtcNow });
            var custom = new MilestoneTrack { TenantId = tenant.Id, Title = "A custom track", CreatedAt = db.UtcNow };
            db.MilestoneTracks.Add(custom);
            await db.SaveChangesAsync();
            return (zeta.Id, custom.Id);
        });
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);

        var html = await (await page.GetAsync($"/?programId={zeta}&trackId={custom}").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();

        // Programs by name, the chosen one selected; the System Standards first, then the
        // organization's own tracks; the coaches and admins (not the founder).
        string Select(string id)
        {
            var from = html.IndexOf($"<select id=\"{id}\"", StringComparison.Ordinal);
            return html[from..html.IndexOf("</select>", from, StringComparison.Ordinal)];
        }

        var programs = Select("programId");
        Assert.True(programs.IndexOf("Alpha Cohort", StringComparison.Ordinal) < programs.IndexOf("Zeta Cohort", StringComparison.Ordinal), programs);
        Assert.Contains($"<option selected=\"selected\" value=\"{zeta}\">Zeta Cohort</option>", programs, StringComparison.Ordinal);
        var tracks = Select("trackId");
        Assert.True(tracks.IndexOf("System Standards", StringComparison.Ordinal) < tracks.IndexOf("Custom tracks", StringComparison.Ordinal), tracks);
        Assert.True(tracks.IndexOf(SystemStandards.DefaultTrackTitle, StringComparison.Ordinal) < tracks.IndexOf("A custom track", StringComparison.Ordinal), tracks);
        Assert.Contains($"<option selected=\"selected\" value=\"{custom}\">A custom track</option>", tracks, StringComparison.Ordinal);
        var coaches = Select("coachId");
        Assert.True(coaches.IndexOf("Ada Admin", StringComparison.Ordinal) < coaches.IndexOf("Casey Coach", StringComparison.Ordinal), coaches);
        Assert.DoesNotContain("Frankie Founder", coaches, StringComparison.Ordinal);
    }

    /// <summary>The name, the tracks in use, the filter lists and the "to verify" count are cached
    /// per organization (PortfolioLookups, OpenClaimsCount): every write that changes one shows on
    /// the next page, made through the API as a user makes it.</summary>
    [Fact]
    public async Task WhatThePortfolioShowsAroundItsRowsFollowsEachWriteAtOnce()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await tenant.CoachAsync();
        using var founder = await tenant.FounderAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);
        async Task<string> PortfolioHtmlAsync() => await (await page.GetAsync("/").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        string Select(string html, string id)
        {
            var from = html.IndexOf($"<select id=\"{id}\"", StringComparison.Ordinal);
            return html[from..html.IndexOf("</select>", from, StringComparison.Ordinal)];
        }

        const string ToVerifyBadge = "<span class=\"visually-hidden\"> open claims</span>";
        var before = await PortfolioHtmlAsync();
        Assert.DoesNotContain(ToVerifyBadge, before, StringComparison.Ordinal);

        var program = (await (await admin.PostAsJsonAsync("/api/v1/programs", new { name = "Fresh Cohort" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();
        var track = (await (await admin.PostAsJsonAsync("/api/v1/tracks", new { title = "Fresh track" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();
        await admin.PostAsJsonAsync($"/api/v1/tracks/{track}/milestones", new { title = "First sale" }).ShouldBe(HttpStatusCode.Created);
        await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Fresh Track Co", milestoneTrackId = track }).ShouldBe(HttpStatusCode.Created);
        await admin.PostAsJsonAsync("/api/v1/users", new { email = $"new-coach-{Guid.NewGuid():N}@example.com", password = AppFactory.Password, displayName = "Nova Coach", role = "coach" }).ShouldBe(HttpStatusCode.Created);
        var claim = (await (await founder.PostAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 2)}/claims", new { achievedOn = "2024-05-02" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();

        var after = await PortfolioHtmlAsync();
        Assert.Contains("Fresh Cohort", Select(after, "programId"), StringComparison.Ordinal);
        Assert.Contains("Fresh track", Select(after, "trackId"), StringComparison.Ordinal);
        Assert.Contains("Nova Coach", Select(after, "coachId"), StringComparison.Ordinal);
        // The company on the new track is listed: its track is among the tracks in use.
        Assert.Contains("Fresh Track Co", after[after.IndexOf("<table", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("1" + ToVerifyBadge, after, StringComparison.Ordinal);

        await admin.PutAsJsonAsync($"/api/v1/programs/{program}", new { name = "Renamed Cohort" }).ShouldBe(HttpStatusCode.OK);
        await coach.PostAsJsonAsync($"/api/v1/claims/{claim}/approve", new { }).ShouldBe(HttpStatusCode.OK);

        var renamed = await PortfolioHtmlAsync();
        Assert.DoesNotContain("Fresh Cohort", Select(renamed, "programId"), StringComparison.Ordinal);
        Assert.Contains("Renamed Cohort", Select(renamed, "programId"), StringComparison.Ordinal);
        Assert.DoesNotContain(ToVerifyBadge, renamed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePortfolioCsvNeutralizesSpreadsheetFormulas()
    {
        var tenant = await PortfolioAsync();
        using var coach = await tenant.CoachAsync();

        var response = await coach.GetAsync($"/api/v1/reports/portfolio.csv?{AsOf}").ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("company_id,name,track_id,track_title", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Equal(11, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task TheTrackVelocityCsvNamesTheTrackOnEveryRow()
    {
        var tenant = await PortfolioAsync();
        using var coach = await tenant.CoachAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);

        var fromApi = await (await coach.GetAsync($"/api/v1/reports/track-velocity.csv?trackId={SystemStandards.SaaS}&{AsOf}").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var fromPage = await (await page.GetAsync($"/Tracks/{SystemStandards.SaaS}/Velocity?handler=Csv&asOfDate=2024-05-31").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();

        foreach (var csv in new[] { fromApi, fromPage })
        {
            var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("track,order_index,milestone,", lines[0], StringComparison.Ordinal);
            Assert.Equal(11, lines.Length - 1);
            Assert.All(lines.Skip(1), line => Assert.StartsWith(SystemStandards.DefaultTrackTitle + ",", line, StringComparison.Ordinal));
        }

        await coach.GetAsync($"/api/v1/reports/track-velocity.csv?trackId={Guid.NewGuid()}").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/?asOfDate=9999-12-31")]
    [InlineData("/?handler=Csv&asOfDate=9999-12-31")]
    [InlineData("/Tracks/{track}/Velocity?asOfDate=9999-12-31")]
    [InlineData("/Tracks/{track}/Velocity?handler=Csv&asOfDate=9999-12-31")]
    public async Task AnAsOfDayWithoutAnEndIsRefusedOnThePageWithAMessage(string url)
    {
        var tenant = await factory.CreateTenantAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);

        var response = await page.GetAsync(url.Replace("{track}", SystemStandards.SaaS.ToString(), StringComparison.Ordinal));

        await response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Choose a day before 31 December 9999.", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/?asOfDate=9999-12-30")]
    [InlineData("/?handler=Csv&asOfDate=9999-12-30")]
    [InlineData("/Tracks/{track}/Velocity?asOfDate=9999-12-30")]
    [InlineData("/Tracks/{track}/Velocity?handler=Csv&asOfDate=0001-01-01")]
    public async Task EveryOtherAsOfDayIsShown(string url)
    {
        var tenant = await factory.CreateTenantAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);
        await page.GetAsync(url.Replace("{track}", SystemStandards.SaaS.ToString(), StringComparison.Ordinal)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task FoundersCannotSeeThePortfolio()
    {
        var tenant = await PortfolioAsync();
        using var founder = await tenant.FounderAsync();
        await founder.GetAsync("/api/v1/portfolio").ShouldBeProblem(HttpStatusCode.Forbidden);
        await founder.GetAsync("/api/v1/reports/portfolio.csv").ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
