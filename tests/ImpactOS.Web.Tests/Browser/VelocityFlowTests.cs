using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Velocity;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class VelocityFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task ACoachFindsTheCompaniesFallingBehindAndTheTracksTimePerStep()
    {
        var tenant = await VelocityScenarios.MixedPortfolioAsync(App);
        await SignInAsync(tenant.CoachEmail);

        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Portfolio" })).ToBeVisibleAsync();
        await Page.GetByLabel("Sort").SelectOptionAsync("behind");
        await Page.GetByLabel("As of").FillAsync("2024-05-31");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var firstRow = Page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Nth(1);
        await Assertions.Expect(firstRow).ToContainTextAsync("Laggard");
        await Assertions.Expect(firstRow).ToContainTextAsync("Behind");
        await AssertAccessibleAsync();
        await ScreenshotAsync("portfolio-velocity");

        await Page.GotoAsync($"/Tracks/{SystemStandards.SaaS}/Velocity?asOfDate=2024-05-31");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "SaaS Standard: velocity" })).ToBeVisibleAsync();
        var firstStep = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Business model hypothesis" });
        await Assertions.Expect(firstStep).ToContainTextAsync("50");
        await AssertAccessibleAsync();
        await ScreenshotAsync("track-velocity");
    }
}
