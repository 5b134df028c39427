using ImpactOS.Web.Tests.Foundation;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class FirstStepsFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task ANewOrganizationsAdminFollowsTheFirstStepsFromMilestonesOffToItsFirstCompany()
    {
        var org = await NewOrganization.CreateAsync(App);
        await SignInAsync(org.AdminEmail);

        var steps = Page.GetByRole(AriaRole.Region, new() { Name = "Get started" });
        await Assertions.Expect(steps).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("No companies match")).ToHaveCountAsync(0);
        await Assertions.Expect(steps.GetByText("Done")).ToHaveCountAsync(0);
        await AssertAccessibleAsync();
        await ScreenshotAsync("first-steps-milestones-off");

        // A milestone address while off explains itself instead of "not found".
        await Page.GotoAsync("/tracks");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Milestones are off for this organization" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Turn milestones on in Settings" }).ClickAsync();
        await Page.GetByLabel("Milestones & velocity").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).First.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Milestones are on for your organization." })).ToBeVisibleAsync();

        await Page.GotoAsync("/");
        var milestones = steps.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Turn milestones on" });
        await Assertions.Expect(milestones.GetByText("Done")).ToBeVisibleAsync();
        await Assertions.Expect(steps.GetByRole(AriaRole.Link, new() { Name = "Import companies" })).ToBeVisibleAsync();
        await ScreenshotAsync("first-steps-milestones-on");

        await steps.GetByRole(AriaRole.Link, new() { Name = "Choose tracks" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Milestone tracks", Exact = true })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Copy and customize SaaS Standard" }).ClickAsync();
        await Page.WaitForURLAsync(url => url.Contains("/tracks/", StringComparison.Ordinal));
        await Page.GotoAsync("/");
        await Assertions.Expect(steps.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Pick tracks" }).GetByText("Done")).ToBeVisibleAsync();

        await steps.GetByRole(AriaRole.Link, new() { Name = "New company" }).ClickAsync();
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Beacon Labs");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create company" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Beacon Labs" })).ToBeVisibleAsync();

        await Page.GotoAsync("/");
        await Assertions.Expect(steps).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Beacon Labs" })).ToBeVisibleAsync();
    }
}
