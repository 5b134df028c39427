using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Velocity;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class NetworkFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task AnAdminTurnsOnContributingAndTheTrackAnalyticsShowTheNetworkBesideTheirOwn()
    {
        var scenario = await NetworkScenario.CreateAsync(App);
        await SignInAsync(scenario.Outsider.AdminEmail);

        await Page.GotoAsync($"/Tracks/{SystemStandards.SaaS}/Velocity?asOfDate=2024-06-01");
        await Assertions.Expect(Page.GetByTestId("network-note")).ToContainTextAsync("does not contribute");

        await Page.GotoAsync("/Settings");
        var contribute = Page.GetByRole(AriaRole.Switch, new() { Name = "Contribute anonymised step durations to the network benchmark" });
        await Assertions.Expect(contribute).Not.ToBeCheckedAsync();
        await contribute.CheckAsync();
        await Page.Locator("section[aria-labelledby='network-heading']").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Your organization contributes to the network benchmark")).ToBeVisibleAsync();
        await Assertions.Expect(contribute).ToBeCheckedAsync();
        await Assertions.Expect(Page.Locator("section[aria-labelledby='network-heading']")).ToContainTextAsync("Turned on");
        await AssertAccessibleAsync();
        await ScreenshotAsync("settings-network");

        await Page.GotoAsync($"/Tracks/{SystemStandards.SaaS}/Velocity?asOfDate=2024-06-01");
        await Assertions.Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Network median (days)" })).ToBeVisibleAsync();
        // Its own four companies (500 days) and the five other organizations' twenty.
        var first = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Business model hypothesis" });
        await Assertions.Expect(first).ToContainTextAsync("24 companies, 6 organizations");
        var second = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Problem Validation" });
        await Assertions.Expect(second).ToContainTextAsync("Not enough network data");
        await Assertions.Expect(Page.GetByTestId("network-note")).ToContainTextAsync("24 companies across 6 organizations");
        await AssertAccessibleAsync();
        await ScreenshotAsync("track-velocity-network");
    }
}
