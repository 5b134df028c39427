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

        var download = await Page.RunAndWaitForDownloadAsync(() => attribution.GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
        Assert.Equal("attribution.csv", download.SuggestedFilename);
    }
}
