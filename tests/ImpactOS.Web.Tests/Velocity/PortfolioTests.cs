using System.Net;
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
    public async Task FoundersCannotSeeThePortfolio()
    {
        var tenant = await PortfolioAsync();
        using var founder = await tenant.FounderAsync();
        await founder.GetAsync("/api/v1/portfolio").ShouldBeProblem(HttpStatusCode.Forbidden);
        await founder.GetAsync("/api/v1/reports/portfolio.csv").ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
