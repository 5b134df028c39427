using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class ClaimFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    private async Task SignOutAsync() => await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

    private ILocator Step(string title) => Page.Locator("li.card").Filter(new() { HasText = title });

    [Fact]
    public async Task AFounderClaimsACoachApprovesAndTheRoadmapShowsItAchievedAndVerifiedByTheCoach()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.FounderEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        var step = Step("Business model hypothesis");
        await step.GetByText("Claim this milestone").ClickAsync();
        await step.GetByLabel("Date achieved").FillAsync("2024-06-03");
        await step.GetByLabel("Note for your coach").FillAsync("Canvas signed off by the board");
        await step.GetByRole(AriaRole.Button, new() { Name = "Send claim" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("a coach will verify it");
        await Assertions.Expect(Step("Business model hypothesis").GetByTestId("open-claim")).ToContainTextAsync("2024-06-03");
        await AssertAccessibleAsync();
        await SignOutAsync();

        await SignInAsync(tenant.CoachEmail);
        // The link reads "To verify" and the count, nothing of the template (an @ after a word is text to Razor).
        await Assertions.Expect(Page.GetByTestId("nav-claims")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*To verify\s*1\s*open claims\s*$"));
        await Page.GotoAsync("/Claims");
        var claim = Page.GetByTestId("claim").Filter(new() { HasText = "Business model hypothesis" });
        await Assertions.Expect(claim).ToContainTextAsync("Canvas signed off by the board");
        await AssertAccessibleAsync();
        await ScreenshotAsync("claims-queue");
        await claim.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("approved");

        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        step = Step("Business model hypothesis");
        await Assertions.Expect(step).ToContainTextAsync("3 Jun 2024");
        await Assertions.Expect(step).ToContainTextAsync("verified by Casey Coach");
    }

    [Fact]
    public async Task ACoachDeclinesWithAReasonAndTheFounderReadsIt()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.FounderEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        var step = Step("Business model hypothesis");
        await step.GetByText("Claim this milestone").ClickAsync();
        await step.GetByRole(AriaRole.Button, new() { Name = "Send claim" }).ClickAsync();
        await Assertions.Expect(Step("Business model hypothesis").GetByTestId("open-claim")).ToBeVisibleAsync();
        await SignOutAsync();

        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        step = Step("Business model hypothesis");
        await step.GetByLabel("Reason for declining").FillAsync("Please attach the signed canvas.");
        await step.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("declined");
        await SignOutAsync();

        await SignInAsync(tenant.FounderEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        await Assertions.Expect(Step("Business model hypothesis").GetByTestId("declined-claim")).ToContainTextAsync("Please attach the signed canvas.");
        await AssertAccessibleAsync();
        await ScreenshotAsync("claim-declined");
    }
}
