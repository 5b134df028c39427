using ImpactOS.Web.Tests.Reports;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class ReportsFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task ADirectorReadsAttributionLiftAndVelocityForAPeriod()
    {
        var tenant = await ReportScenarios.RScenarioAsync(App);
        await SignInAsync(tenant.AdminEmail);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Page.GetByLabel("From").FillAsync("2024-01-01");
        await Page.GetByLabel("To (exclusive)").FillAsync("2025-01-01");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var attribution = Page.GetByRole(AriaRole.Region, new() { Name = "Attribution Rate" });
        await Assertions.Expect(attribution).ToContainTextAsync("of 15 achievements happened during enrolment");
        await Assertions.Expect(attribution).ToContainTextAsync("53.3%");
        var lift = Page.GetByRole(AriaRole.Region, new() { Name = "Program Lift" });
        await Assertions.Expect(lift).ToContainTextAsync("1.50×");
        await Assertions.Expect(lift).ToContainTextAsync("The interval includes 1");
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Velocity by program and coach: SaaS Standard" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        await ScreenshotAsync("reports");

        var summary = Page.GetByTestId("summary");
        await Assertions.Expect(summary).ToContainTextAsync(
            "8 of 15 milestone achievements from 1 Jan 2024 to 31 Dec 2024 (the day before 1 Jan 2025) (53 %) happened while the company was enrolled in a program.");
        await Assertions.Expect(summary).ToContainTextAsync("The interval includes 1");
        await Assertions.Expect(summary).ToContainTextAsync("SaaS Standard companies");
        var companyYears = Page.GetByText("Program lift compares paces", new() { Exact = false });
        await Assertions.Expect(companyYears).ToBeHiddenAsync();
        await Page.GetByText("How is this computed?").ClickAsync();
        await Assertions.Expect(companyYears).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("details.analytics-how")).ToContainTextAsync("ends the day before its exit date");
        await Assertions.Expect(Page.Locator("details.analytics-how")).ToContainTextAsync("censoring");
        await Assertions.Expect(Page.GetByTestId("few-companies")).ToContainTextAsync("fewer than 10 companies");
        foreach (var chart in new[] { "quarter-chart", "forest-chart", "velocity-chart" })
        {
            await Assertions.Expect(Page.Locator($"canvas[data-chart='{chart}']")).ToHaveAttributeAsync("data-chart-drawn", "true");
        }

        await AssertAccessibleAsync();

        var download = await Page.RunAndWaitForDownloadAsync(() => attribution.GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
        Assert.Equal("attribution.csv", download.SuggestedFilename);
    }
    [Fact]
    public async Task ADirectorReadsProgramEffectsWithTheirWarningsAndSeesOneOnItsProgramPage()
    {
        var scenario = await EffectsScenario.SeedAsync(App);
        await SignInAsync(scenario.Tenant.AdminEmail);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Page.GetByTestId("effects-link").ClickAsync();
        await Page.GetByLabel("Track").SelectOptionAsync(new SelectOptionValue { Label = "Effects fixture" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var verdict = Page.GetByTestId("effects-verdict");
        await Assertions.Expect(verdict).ToContainTextAsync("While enrolled in any program, companies reached their next milestone");
        await Assertions.Expect(verdict).ToContainTextAsync("Each meeting or call in the 90 days before");
        await Assertions.Expect(verdict).ToContainTextAsync("P3: not estimable");
        await Assertions.Expect(Page.GetByText(EffectsWordsCaveat)).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("effects-warnings")).ToContainTextAsync("P3: not estimable");
        var table = Page.GetByTestId("effects-table");
        await Assertions.Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 1 + 3 + 1);
        await Assertions.Expect(Page.GetByTestId("effects-data")).ToContainTextAsync("left out");
        await Assertions.Expect(Page.Locator("canvas[data-chart='effects-forest']")).ToHaveAttributeAsync("data-chart-drawn", "true");
        await AssertAccessibleAsync();
        await ScreenshotAsync("program-effects");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "Data (CSV)" }).ClickAsync());
        Assert.Equal("program-effects.csv", download.SuggestedFilename);

        await table.GetByRole(AriaRole.Link, new() { Name = "P1" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "P1", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("program-effect")).ToContainTextAsync("While enrolled in P1, companies reached their next milestone");
        await AssertAccessibleAsync();
    }

    private const string EffectsWordsCaveat = Web.Features.Reports.EffectsWords.Caveat;
}
