using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class MarkFormFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task AMarkWithABadLinkShowsTheErrorBesideTheLinkAndKeepsTheNoteAndTheLink()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        var step = Page.Locator("li.card").Filter(new() { HasText = "Business model hypothesis" });
        await step.GetByLabel("Note").FillAsync("Kept after the error");
        await step.GetByLabel("Link").FillAsync("not a link");
        await step.GetByRole(AriaRole.Button, new() { Name = "Mark achieved" }).ClickAsync();

        step = Page.Locator("li.card").Filter(new() { HasText = "Business model hypothesis" });
        var link = step.GetByLabel("Link");
        await Assertions.Expect(link).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        await Assertions.Expect(link).ToHaveValueAsync("not a link");
        await Assertions.Expect(link).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(".+"));
        await Assertions.Expect(step.GetByLabel("Note")).ToHaveValueAsync("Kept after the error");
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Link:");
        await AssertAccessibleAsync();
        await ScreenshotAsync("mark-form-error");
    }

    [Fact]
    public async Task AnUndoOffersRedoWhichMarksTheStepAgainWithItsNote()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        var step = Page.Locator("li.card").Filter(new() { HasText = "Business model hypothesis" });
        await step.GetByLabel("Note").FillAsync("Canvas reviewed");
        await step.GetByRole(AriaRole.Button, new() { Name = "Mark achieved" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("is achieved");

        step = Page.Locator("li.card").Filter(new() { HasText = "Business model hypothesis" });
        await step.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        var flash = Page.GetByRole(AriaRole.Status);
        await Assertions.Expect(flash).ToContainTextAsync("is pending again");
        await BrowserPages.AssertInViewportAsync(flash);
        await AssertAccessibleAsync();
        await flash.GetByRole(AriaRole.Button, new() { Name = "Redo" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("is achieved");
        step = Page.Locator("li.card").Filter(new() { HasText = "Business model hypothesis" });
        await Assertions.Expect(step.Locator(".badge")).ToHaveTextAsync("Achieved");
        await Assertions.Expect(step).ToContainTextAsync("Canvas reviewed");
    }
}
