using ImpactOS.Web.Features.Timeline;
using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class TimelineFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task ACoachLogsAMeetingSeesItOnTheTimelineAndPagesBack()
    {
        var tenant = await App.CreateTenantAsync();
        var start = App.Clock.GetUtcNow().UtcDateTime.AddDays(-200);
        await tenant.InScopeAsync(async (_, db) =>
        {
            for (var i = 0; i < 40; i++)
            {
                db.Interactions.Add(new Interaction { CompanyId = tenant.FounderCompanyId, Kind = InteractionKind.Email, OccurredAt = start.AddDays(i * 4), Subject = $"Weekly check-in {i + 1}", CreatedAt = start });
            }

            await db.SaveChangesAsync();
        });

        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Log interaction" }).ClickAsync();
        await Page.GetByLabel("Kind").SelectOptionAsync("meeting");
        await Page.GetByLabel("Subject").FillAsync("Discussed GTM");
        await Page.GetByLabel("Notes").FillAsync("Agreed to test two pricing tiers.");
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log interaction" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("on the timeline");
        var timeline = Page.GetByRole(AriaRole.Region, new() { Name = "Company Timeline" });
        await Assertions.Expect(timeline.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Meeting with Casey Coach: Discussed GTM");
        await AssertAccessibleAsync();
        await ScreenshotAsync("company-timeline");

        await timeline.GetByRole(AriaRole.Link, new() { Name = "Older entries" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Company Timeline" })).ToContainTextAsync("Weekly check-in 1");
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Company Timeline" })).Not.ToContainTextAsync("Discussed GTM");
    }

    [Fact]
    public async Task AnAdminCreatesAProgramAndEnrolsACompany()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.AdminEmail);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Programs" }).ClickAsync();
        await Page.GetByLabel("Name").FillAsync("Spring 2027 Cohort");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create program" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Spring 2027 Cohort" })).ToBeVisibleAsync();
        await Page.GetByLabel("Company", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = tenant.FounderCompanyId.ToString() });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Enrol" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("is enrolled");
        await AssertAccessibleAsync();
        await ScreenshotAsync("program");

        await Page.GotoAsync($"/Companies/{tenant.FounderCompanyId}");
        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Company Timeline" })).ToContainTextAsync("Joined Spring 2027 Cohort");
    }
}
