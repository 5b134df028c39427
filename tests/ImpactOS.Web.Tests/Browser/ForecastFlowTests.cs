using ImpactOS.Core.Velocity;
using ImpactOS.Web.Features.Velocity;
using ImpactOS.Web.Tests.Velocity;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class ForecastFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    /// <summary>What the card should say for a company that has waited <paramref name="waited"/>
    /// days: the core's forecast on the scenario's first-step cohort, at half past a day (the
    /// scenario keeps every chance the same at any time of day).</summary>
    private static MilestoneChances Expected(int waited)
    {
        const double timeOfDay = 0.5;
        var observations = VelocityScenarios.ForecastReached.Select(d => new SurvivalObservation(d, true))
            .Concat(VelocityScenarios.ForecastWaiting.Select(w => new SurvivalObservation(w.Days + timeOfDay, false)));
        return KaplanMeier.Fit(observations).Forecast.ChancesFor(waited + timeOfDay);
    }

    [Fact]
    public async Task ACoachSortsThePortfolioByTheChanceWithinNinetyDaysAndReadsItOnTheProfile()
    {
        var tenant = await VelocityScenarios.ForecastPortfolioAsync(App);
        await SignInAsync(tenant.CoachEmail);

        var header = Page.GetByRole(AriaRole.Columnheader, new() { Name = "Chance within 90 days" });
        await header.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
        await Assertions.Expect(Page.GetByLabel("Sort")).ToHaveValueAsync("chance90");
        var rows = Page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row);
        // "Next Up" has waited 45 days, "Forecast Co" 25: from 45 days on, more of the cohort
        // reached the milestone within the next 90 days. "Stuck Co" waited longest: no forecast, last.
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Next Up");
        await Assertions.Expect(rows.Nth(1).Locator("[data-chance90]")).ToContainTextAsync(VelocityWords.ChanceShort(ChanceDto.Of(Expected(45).Days90)));
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("Forecast Co");
        await Assertions.Expect(rows.Last).ToContainTextAsync("Stuck Co");
        await Assertions.Expect(rows.Last.Locator("[data-chance90]")).ToContainTextAsync(VelocityWords.NoForecast);
        await AssertAccessibleAsync();
        await ScreenshotAsync("portfolio-chance90");

        await rows.Nth(2).GetByRole(AriaRole.Link, new() { Name = "Forecast Co" }).ClickAsync();
        var chances = Page.GetByRole(AriaRole.List, new() { Name = "Chance of reaching Business model hypothesis" });
        var expected = Expected(25);
        await Assertions.Expect(chances.GetByRole(AriaRole.Listitem).Nth(0)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^\s*within 30 days:\s*" + System.Text.RegularExpressions.Regex.Escape(VelocityWords.Chance(ChanceDto.Of(expected.Days30))) + @"\s*$"));
        await Assertions.Expect(chances.GetByRole(AriaRole.Listitem).Nth(1)).ToContainTextAsync(VelocityWords.Chance(ChanceDto.Of(expected.Days90)));
        await Assertions.Expect(chances.GetByRole(AriaRole.Listitem).Nth(2)).ToContainTextAsync(VelocityWords.Chance(ChanceDto.Of(expected.Days180)));
        Assert.Contains("95 % CI", VelocityWords.Chance(ChanceDto.Of(expected.Days30)), StringComparison.Ordinal);
        await AssertAccessibleAsync();

        // On a phone the chances stay readable without scrolling sideways.
        await Page.SetViewportSizeAsync(390, 844);
        await Page.ReloadAsync();
        await Assertions.Expect(chances).ToBeVisibleAsync();
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 2, $"the profile scrolls sideways by {overflow} px at 390 px");
        await AssertAccessibleAsync();
        await ScreenshotAsync("profile-chances-390");

        // The portfolio on a phone has no room for the column: each company says its chance (without
        // the interval, which the profile gives) under its name instead.
        await Page.GotoAsync("/?sort=chance90");
        var first = Page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Nth(1);
        await Assertions.Expect(first.GetByText("Chance within 90 days: " + VelocityWords.ChanceShort(ChanceDto.Of(Expected(45).Days90)))).ToBeVisibleAsync();
        await Assertions.Expect(first.Locator("[data-chance90]")).ToBeHiddenAsync();
        await ScreenshotAsync("portfolio-chance90-390");
    }

    [Fact]
    public async Task ACompanyThatWaitedLongerThanTheCohortIsToldThereIsNotEnoughDataToForecast()
    {
        var tenant = await VelocityScenarios.ForecastPortfolioAsync(App);
        await SignInAsync(tenant.CoachEmail);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Stuck Co" }).ClickAsync();

        var chances = Page.GetByRole(AriaRole.List, new() { Name = "Chance of reaching Business model hypothesis" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(chances).ToHaveCountAsync(3);
        foreach (var item in await chances.AllAsync())
        {
            await Assertions.Expect(item).ToContainTextAsync(VelocityWords.NoForecast);
        }
    }
}
