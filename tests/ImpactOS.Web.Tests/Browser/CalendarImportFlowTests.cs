using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class CalendarImportFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task ACoachGivesACompanyItsDomainUploadsACalendarSeesThePreviewImportsAndLandsOnTheTimeline()
    {
        var tenant = await App.CreateTenantAsync();
        var ics = Path.Combine(Path.GetTempPath(), $"coaching-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(ics, Calendar.CalendarImportTests.Ics(
            """
            UID:pricing@test
            DTSTAMP:20250301T000000Z
            DTSTART;TZID=America/New_York:20250310T100000
            SUMMARY:Pricing workshop
            DESCRIPTION:Two tiers to test.
            ATTENDEE:mailto:ada@founders.example
            """,
            """
            UID:standup@test
            DTSTAMP:20250301T000000Z
            DTSTART:20250401T090000Z
            RRULE:FREQ=WEEKLY;COUNT=2
            SUMMARY:Weekly stand-up
            ORGANIZER:mailto:ada@founders.example
            """,
            """
            UID:dentist@test
            DTSTAMP:20250301T000000Z
            DTSTART:20250315T090000Z
            SUMMARY:Dentist
            """));

        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Page.GetByLabel("Email domains").FillAsync("Founders.example");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("updated");

        await Page.GotoAsync("/Imports/Calendar");
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GetByLabel("Calendar file (.ics, at most 50 MB)").SetInputFilesAsync(ics);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var preview = Page.GetByRole(AriaRole.Region, new() { Name = "2. Check what will happen" });
        var meetings = preview.GetByRole(AriaRole.Table);
        await Assertions.Expect(meetings.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pricing workshop" })).ToContainTextAsync("Added");
        await Assertions.Expect(meetings.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pricing workshop" })).ToContainTextAsync(new System.Text.RegularExpressions.Regex("10 Mar 2025\\s*14:00 UTC"));
        await Assertions.Expect(meetings.GetByRole(AriaRole.Row).Filter(new() { HasText = "Dentist" })).ToContainTextAsync("Not matched");
        Assert.True(await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 2, "The preview scrolls sideways at 390 px.");
        await AssertAccessibleAsync();
        await ScreenshotAsync("calendar-import-preview-390");
        await Page.SetViewportSizeAsync(1280, 900);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Import 3 meetings" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported 3 meetings; 0 updated, 0 already there, 1 not matched");

        // From the company's profile: its own upload, which lands on its timeline.
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Import from calendar" }).ClickAsync();
        await Page.GetByLabel("Calendar file (.ics, at most 50 MB)").SetInputFilesAsync(ics);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "2. Check what will happen" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Pricing workshop" })).ToContainTextAsync("Already imported");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import 1 meeting" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/companies/{tenant.FounderCompanyId}$"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported 1 meeting; 0 updated, 3 already there");
        var timeline = Page.GetByRole(AriaRole.Region, new() { Name = "Company Timeline" });
        await Assertions.Expect(timeline).ToContainTextAsync("Meeting with Casey Coach: Pricing workshop");
        await Assertions.Expect(timeline).ToContainTextAsync("Meeting with Casey Coach: Dentist");
        await AssertAccessibleAsync();
        await ScreenshotAsync("calendar-import-timeline");
        File.Delete(ics);
    }
}
