using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using IcalCalendar = Ical.Net.Calendar;

namespace ImpactOS.Web.Tests.Browser;

public sealed class CalendarFeedFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task A_founder_makes_a_feed_address_on_their_account_fetches_it_and_revokes_it()
    {
        var tenant = await App.CreateTenantAsync(name: "Feed Flow Org");
        using (var admin = await tenant.AdminAsync())
        {
            await admin.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 1)}", new { achievedAt = "2025-03-31T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        }

        await SignInAsync(tenant.FounderEmail);
        await Page.GotoAsync("/Settings/Account");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Calendar feed" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("You have no active address.")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Make an address" }).ClickAsync();

        var address = Page.GetByLabel("Your calendar feed's address");
        await Assertions.Expect(address).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"/feeds/[A-Za-z0-9_-]{43}\.ics$"));
        await AssertAccessibleAsync();
        await ScreenshotAsync("calendar-feed-made");
        var url = new Uri(await address.InputValueAsync());

        using var calendarApp = App.AnonymousClient();
        var text = await (await calendarApp.GetAsync(url.PathAndQuery).ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var feed = IcalCalendar.Load(text)!;
        var milestone = Assert.Single(feed.Events);
        Assert.Equal(new DateOnly(2025, 3, 31), milestone.DtStart!.Date);

        // The address is shown once: a reload shows that it is active, not the address.
        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByLabel("Your calendar feed's address")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByText("Active since")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Revoke the address" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("is revoked")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("You have no active address.")).ToBeVisibleAsync();
        await calendarApp.GetAsync(url.PathAndQuery).ShouldBeProblem(HttpStatusCode.NotFound);
        await AssertAccessibleAsync();
    }
}
