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

    [Fact]
    public async Task TheTrackPageSaysInPlainWordsWhatItShowsAndWarnsAboutStepsWithFewCompanies()
    {
        var tenant = await VelocityScenarios.MixedPortfolioAsync(App);
        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync($"/Tracks/{SystemStandards.SaaS}/Velocity?asOfDate=2024-05-31");

        // Six of nine companies reached the first step after 10, 20, …, 60 days; three still wait.
        await Assertions.Expect(Page.GetByTestId("headline")).ToHaveTextAsync(
            "Half of SaaS Standard companies reached Business model hypothesis within 50 days of their previous milestone; companies still waiting count until 31 May 2024.");
        var warning = Page.GetByTestId("few-companies");
        await Assertions.Expect(warning).ToContainTextAsync("Few companies:");
        await Assertions.Expect(warning).ToContainTextAsync("1. Business model hypothesis (9 companies)");
        await Assertions.Expect(warning.Locator("i.bi-exclamation-triangle-fill")).ToHaveCountAsync(1);

        var how = Page.GetByText("How is this computed?");
        var censoring = Page.GetByText("This is called censoring", new() { Exact = false });
        await Assertions.Expect(censoring).ToBeHiddenAsync();
        await how.ClickAsync();
        await Assertions.Expect(censoring).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("details.analytics-how")).ToContainTextAsync("End dates are exclusive");

        await Assertions.Expect(Page.Locator("canvas[data-chart='km-chart']")).ToHaveAttributeAsync("data-chart-drawn", "true");
        var firstCurve = Page.GetByRole(AriaRole.Button, new() { Name = "1. Business model hypothesis" });
        await Assertions.Expect(firstCurve).ToHaveAttributeAsync("aria-pressed", "true");
        await firstCurve.ClickAsync();
        await Assertions.Expect(firstCurve).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(Page.GetByTestId("curves-shown")).ToBeVisibleAsync();
        await AssertAccessibleAsync();
    }
}
