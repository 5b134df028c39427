using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class ProgressFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task ACoachMarksProblemValidationWithANoteAndAPdfThenUndoesItAndSeesTheHistory()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}");
        var roadmap = Page.GetByRole(AriaRole.Region, new() { Name = "Milestone Roadmap" });
        await Assertions.Expect(roadmap).ToContainTextAsync("0 of 11 reached");
        await AssertAccessibleAsync();
        await ScreenshotAsync("company-profile");

        await roadmap.GetByRole(AriaRole.Link, new() { Name = "Backdate or add evidence" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Milestones", Exact = true })).ToBeVisibleAsync();
        var step = Page.Locator("li.card").Filter(new() { HasText = "Problem Validation" });
        await step.GetByText("Mark achieved").First.ClickAsync();
        await step.GetByLabel("Note").FillAsync("Reviewed customer discovery logs: 22 interviews.");
        var pdf = Path.Combine(Path.GetTempPath(), $"discovery-{Guid.NewGuid():N}.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
        await step.GetByLabel("Proof file").SetInputFilesAsync(pdf);
        await step.GetByRole(AriaRole.Button, new() { Name = "Mark achieved" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("“Problem Validation” is achieved");
        step = Page.Locator("li.card").Filter(new() { HasText = "Problem Validation" });
        await Assertions.Expect(step).ToContainTextAsync("verified by Casey Coach");
        await Assertions.Expect(step.GetByRole(AriaRole.Link, new() { Name = Path.GetFileName(pdf) })).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        await ScreenshotAsync("company-milestones");

        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}");
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Milestone Roadmap" })).ToContainTextAsync("1 of 11 reached");

        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        step = Page.Locator("li.card").Filter(new() { HasText = "Problem Validation" });
        await step.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("is pending again");
        step = Page.Locator("li.card").Filter(new() { HasText = "Problem Validation" });
        await step.GetByText("History (2)").ClickAsync();
        await Assertions.Expect(step).ToContainTextAsync("Undone");
        await Assertions.Expect(step).ToContainTextAsync("Reviewed customer discovery logs");
        File.Delete(pdf);
    }
}
