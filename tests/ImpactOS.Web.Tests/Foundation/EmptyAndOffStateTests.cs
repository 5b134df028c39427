using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Foundation;

/// <summary>What a new organization sees before it has anything (first steps, empty reports),
/// and what every milestone address shows while milestones are off.</summary>
public sealed class EmptyAndOffStateTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static string Step(string html, string step) =>
        System.Text.RegularExpressions.Regex.Match(html, $"data-step=\"{step}\" data-done=\"(true|false)\"").Groups[1].Value;

    [Fact]
    public async Task ANewOrganizationWithMilestonesOffSeesItsFirstStepsWithTheAdminsLinkToSettings()
    {
        var org = await NewOrganization.CreateAsync(factory);
        using var admin = await factory.PageClientForAsync(org.AdminEmail);

        var home = await admin.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = await home.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"first-steps\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("No companies", html, StringComparison.Ordinal);
        Assert.Equal("false", Step(html, "milestones"));
        Assert.Equal("false", Step(html, "tracks"));
        Assert.Equal("false", Step(html, "companies"));
        Assert.Contains("href=\"/settings\"><i class=\"bi bi-gear me-1\" aria-hidden=\"true\"></i>Turn milestones on in Settings", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/companies/new\"", html, StringComparison.Ordinal);
        // Tracks and imports are closed while milestones are off: said, not linked.
        Assert.DoesNotContain("href=\"/tracks\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/imports\"", html, StringComparison.Ordinal);
        Assert.Contains("Imports open once milestones are on.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACoachOfANewOrganizationIsToldThatAnAdminTurnsMilestonesOn()
    {
        var org = await NewOrganization.CreateAsync(factory);
        using var coach = await factory.PageClientForAsync(org.CoachEmail);

        var html = await coach.GetStringAsync("/");

        Assert.Contains("data-testid=\"first-steps\"", html, StringComparison.Ordinal);
        Assert.Contains("An admin of your organization can turn them on in Settings.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Turn milestones on in Settings</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithMilestonesOnTheFirstStepsMarkWhatIsDoneAndGiveWayToThePortfolioOnceACompanyExists()
    {
        var org = await NewOrganization.CreateAsync(factory, milestones: true);
        using var admin = await factory.PageClientForAsync(org.AdminEmail);

        var html = await admin.GetStringAsync("/");
        Assert.Equal("true", Step(html, "milestones"));
        Assert.Equal("false", Step(html, "tracks"));
        Assert.Contains("href=\"/tracks\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/imports\"", html, StringComparison.Ordinal);

        using var api = await factory.ClientForAsync(org.AdminEmail);
        await api.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/copy", new { title = "Our SaaS" }).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("true", Step(await admin.GetStringAsync("/"), "tracks"));

        await api.PostAsJsonAsync("/api/v1/companies", new { name = "First Co", milestoneTrackId = SystemStandards.SaaS }).ShouldBe(HttpStatusCode.Created);
        var portfolio = await admin.GetStringAsync("/");
        Assert.DoesNotContain("data-testid=\"first-steps\"", portfolio, StringComparison.Ordinal);
        Assert.Contains("First Co", portfolio, StringComparison.Ordinal);

        // A filter that matches nothing is not a new organization.
        var none = await admin.GetStringAsync("/?q=no-such-company");
        Assert.DoesNotContain("data-testid=\"first-steps\"", none, StringComparison.Ordinal);
        Assert.Contains("No company matches these filters.", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyReportsSayWhatToDoWithLinksToProgramsCompaniesAndImports()
    {
        var org = await NewOrganization.CreateAsync(factory, milestones: true);
        using var coach = await factory.PageClientForAsync(org.CoachEmail);

        var html = await coach.GetStringAsync("/reports");

        Assert.Contains("data-testid=\"report-next-steps\"", html, StringComparison.Ordinal);
        Assert.Contains("Create a program and enrol companies.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/programs\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/companies\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/imports\"", html, StringComparison.Ordinal);
    }

    /// <summary>Every page the milestones flag closes, by the addresses a person may have kept.</summary>
    private static IEnumerable<string> MilestonePages(TestTenant tenant) =>
    [
        "/tracks",
        $"/tracks/{SystemStandards.SaaS}",
        $"/tracks/{SystemStandards.SaaS}/velocity",
        $"/companies/{tenant.FounderCompanyId}/milestones",
        "/reports",
        "/imports",
        // An old mixed-case link answers the same page.
        $"/Companies/{tenant.FounderCompanyId}/Milestones",
    ];

    [Fact]
    public async Task WithMilestonesOffEveryMilestonePageAnswers404ExplainingThatAnAdminTurnsThemOnInSettings()
    {
        var tenant = await factory.CreateTenantAsync(milestones: false);
        using var admin = await factory.PageClientForAsync(tenant.AdminEmail);
        using var coach = await factory.PageClientForAsync(tenant.CoachEmail);

        foreach (var url in MilestonePages(tenant))
        {
            var asAdmin = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, asAdmin.StatusCode);
            Assert.Equal("text/html", asAdmin.Content.Headers.ContentType?.MediaType);
            var html = await asAdmin.Content.ReadAsStringAsync();
            Assert.Contains("Milestones are off for this organization", html, StringComparison.Ordinal);
            Assert.Contains("<title>Milestones are off ", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/settings\"><i class=\"bi bi-gear me-1\" aria-hidden=\"true\"></i>Turn milestones on in Settings", html, StringComparison.Ordinal);
            Assert.DoesNotContain("We could not find that page", html, StringComparison.Ordinal);

            var asCoach = await coach.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, asCoach.StatusCode);
            var coachHtml = await asCoach.Content.ReadAsStringAsync();
            Assert.Contains("An admin of your organization can turn them on in Settings.", coachHtml, StringComparison.Ordinal);
            Assert.DoesNotContain("Turn milestones on in Settings</a>", coachHtml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithMilestonesOffTheMilestoneApiStaysA404ProblemAndTheStatusPageIsUnchangedForUnknownAddresses()
    {
        var tenant = await factory.CreateTenantAsync(milestones: false);
        using var api = await tenant.AdminAsync();
        foreach (var url in new[] { "/api/v1/tracks", $"/api/v1/companies/{tenant.FounderCompanyId}/milestones", "/api/v1/reports/attribution", "/api/v1/portfolio" })
        {
            await api.GetAsync(url).ShouldBeProblem(HttpStatusCode.NotFound);
        }

        using var page = await factory.PageClientForAsync(tenant.AdminEmail);
        var unknown = await page.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("We could not find that page", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
