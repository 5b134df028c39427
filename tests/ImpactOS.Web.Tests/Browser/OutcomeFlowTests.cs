using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using ImpactOS.Web.Tests.Velocity;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class OutcomeFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task ACoachMarksACompanyShutDownSeesItReadOnlyAndInTheCompetingRisksThenUndoesIt()
    {
        var tenant = await VelocityScenarios.MixedPortfolioAsync(App);
        using var api = await tenant.CoachAsync();
        var id = (await (await api.PostAsJsonAsync("/api/v1/companies", new { name = "Closing Co", foundedOn = "2024-01-01" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();
        await SignInAsync(tenant.CoachEmail);

        await Page.GotoAsync($"/Companies/{id}/Edit");
        await Page.GetByLabel("Shut down").CheckAsync();
        await Page.GetByLabel("On", new() { Exact = true }).FillAsync("2024-03-01");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Record outcome" }).ClickAsync();

        var closed = Page.GetByTestId("company-closed");
        await Assertions.Expect(closed).ToContainTextAsync("Shut down 2024-03-01");
        await Assertions.Expect(closed).ToContainTextAsync("read-only");
        await AssertAccessibleAsync();
        await ScreenshotAsync("company-shut-down");

        await Page.GotoAsync($"/Companies/{id}/Milestones");
        await Assertions.Expect(Page.GetByTestId("closed-read-only")).ToContainTextAsync("Shut down 2024-03-01");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Mark achieved" })).ToHaveCountAsync(0);

        await Page.GotoAsync($"/Tracks/{SystemStandards.SaaS}/Velocity?asOfDate=2024-05-31");
        await Assertions.Expect(Page.GetByTestId("competing-words")).ToContainTextAsync("shut down first");
        await Assertions.Expect(Page.Locator("canvas[data-chart='competing-chart']")).ToHaveAttributeAsync("data-chart-drawn", "true");
        await Assertions.Expect(Page.GetByTestId("competing").GetByRole(AriaRole.Row).Filter(new() { HasText = "two years" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        await ScreenshotAsync("track-competing-risks");

        await Page.GotoAsync($"/Companies/{id}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Undo outcome" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("is active again")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("company-closed")).ToHaveCountAsync(0);
    }
}
