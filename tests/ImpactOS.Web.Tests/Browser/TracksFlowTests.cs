using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class TracksFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task AnAdminCustomizesACopyOfSaaSStandardAndACoachCreatesACompanyOnIt()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.AdminEmail);
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Tracks" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Milestone Tracks" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        await ScreenshotAsync("tracks");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Copy and customize SaaS Standard" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "SaaS Standard (copy)" })).ToBeVisibleAsync();

        var add = Page.GetByRole(AriaRole.Region, new() { Name = "Add a milestone" });
        await add.GetByLabel("Title").FillAsync("Impact thesis validated");
        await add.GetByLabel("Position").SelectOptionAsync(new SelectOptionValue { Label = "Before “MVP live”" });
        await add.GetByRole(AriaRole.Button, new() { Name = "Add milestone" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("is added");
        var steps = Page.GetByRole(AriaRole.Region, new() { Name = "Milestones, in order" }).Locator("ol > li");
        await Assertions.Expect(steps.Nth(3)).ToContainTextAsync("4. Impact thesis validated");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Move Impact thesis validated up" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("New order saved");
        steps = Page.GetByRole(AriaRole.Region, new() { Name = "Milestones, in order" }).Locator("ol > li");
        await Assertions.Expect(steps.Nth(2)).ToContainTextAsync("3. Impact thesis validated");
        await AssertAccessibleAsync();
        await ScreenshotAsync("track-edit");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync("/Companies/New");
        await Page.GetByLabel("Name").FillAsync("Impact Co");
        await Page.GetByLabel("Primary track").SelectOptionAsync(new SelectOptionValue { Label = "SaaS Standard (copy)" });
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create company" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Impact Co" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Milestone Roadmap" })).ToContainTextAsync("Impact thesis validated");
    }
}
