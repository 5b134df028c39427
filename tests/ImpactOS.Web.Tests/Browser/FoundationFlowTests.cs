using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class FoundationFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task AnAdminSignsInAndTurnsTheMilestonesFeatureOn()
    {
        var tenant = await App.CreateTenantAsync(milestones: false, name: "Browser Org");
        await SignInAsync(tenant.AdminEmail);
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Portfolio" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Tracks" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync();
        await ScreenshotAsync("portfolio");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Organization Settings" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        var toggle = Page.GetByRole(AriaRole.Switch, new() { Name = "Milestones & velocity" });
        await Assertions.Expect(toggle).Not.ToBeCheckedAsync();
        await toggle.CheckAsync();
        await Page.GetByRole(AriaRole.Region, new() { Name = "Features" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Milestones are on");
        await Assertions.Expect(Page.GetByRole(AriaRole.Switch, new() { Name = "Milestones & velocity" })).ToBeCheckedAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Tracks" })).ToBeVisibleAsync();
        await ScreenshotAsync("settings");

        using var admin = await tenant.AdminAsync();
        var settings = await admin.GetAsync("/api/v1/settings").Json200();
        Assert.True(settings.GetProperty("featureMilestones").GetBoolean());
    }

    [Fact]
    public async Task TheLoginPageRefusesAWrongPasswordAndIsAccessible()
    {
        var tenant = await App.CreateTenantAsync();
        await Page.GotoAsync("/Account/Login");
        await AssertAccessibleAsync();
        await ScreenshotAsync("login");
        await Page.GetByLabel("Email").FillAsync(tenant.CoachEmail);
        await Page.GetByLabel("Password").FillAsync("wrong-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid email or password");
    }
}
