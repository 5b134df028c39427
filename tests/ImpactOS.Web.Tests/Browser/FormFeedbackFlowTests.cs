using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class FormFeedbackFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task OnAPhoneAnInteractionWithoutASubjectShowsTheErrorInViewBesideTheFieldAndOnceFixedTheFlashAndTheEntryAreInView()
    {
        var tenant = await App.CreateTenantAsync();
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Interactions/New");
        await Page.GetByLabel("Notes").FillAsync("Kept after the error");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log interaction" }).ClickAsync();

        var summary = Page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("Subject: Required.");
        await BrowserPages.AssertInViewportAsync(summary);
        await Assertions.Expect(summary).ToBeFocusedAsync();
        var subject = Page.GetByLabel("Subject");
        await Assertions.Expect(subject).ToHaveClassAsync(new Regex("is-invalid"));
        await Assertions.Expect(subject).ToHaveAccessibleDescriptionAsync("Required.");
        await Assertions.Expect(Page.GetByLabel("Notes")).ToHaveValueAsync("Kept after the error");
        await AssertAccessibleAsync();
        await ScreenshotAsync("interaction-form-error-390");

        await summary.GetByRole(AriaRole.Link, new() { Name = "Subject" }).ClickAsync();
        await Assertions.Expect(subject).ToBeFocusedAsync();
        await subject.FillAsync("Pricing review");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log interaction" }).ClickAsync();

        var flash = Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The interaction is on the timeline." });
        await BrowserPages.AssertInViewportAsync(flash);
        // The redirect goes to the timeline, so the new entry is in view beside the flash.
        await BrowserPages.AssertInViewportAsync(Page.Locator("section[aria-labelledby=timeline-heading]").GetByText("Pricing review"));
        await AssertAccessibleAsync();
        await ScreenshotAsync("interaction-logged-390");
    }
}
