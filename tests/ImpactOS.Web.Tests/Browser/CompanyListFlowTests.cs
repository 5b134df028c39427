using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class CompanyListFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task AnAdminArchivesACompanyFindsItAmongTheArchivedAndRestoresIt()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.AdminEmail);
        await Page.GotoAsync("/Companies/New");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Lantern Robotics");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create company" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Lantern Robotics" })).ToBeVisibleAsync();

        // The archive form asks first; the admin confirms.
        Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Archive" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("This company is hidden from lists and reports")).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        await ScreenshotAsync("company-archived");

        await Page.GotoAsync("/Companies");
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Lantern Robotics" })).ToHaveCountAsync(0);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Archived companies" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Archived companies" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("1 company archived")).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Lantern Robotics" }).ClickAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Restore company" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "is restored" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("This company is hidden from lists and reports")).ToHaveCountAsync(0);

        var search = Page.GetByRole(AriaRole.Search, new() { Name = "Search companies" });
        await search.GetByLabel("Find companies").FillAsync("lantern");
        await search.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Lantern Robotics" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("1 company match")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheFormWarnsBeforeASecondCompanyOfTheSameNameAndCreatesItOnlyWhenAsked()
    {
        var tenant = await App.CreateTenantAsync();
        await SignInAsync(tenant.CoachEmail);
        await Page.GotoAsync("/Companies/New");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Harbor Health");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create company" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Harbor Health" })).ToBeVisibleAsync();
        var first = Page.Url;

        await Page.GotoAsync("/Companies/New");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("harbor health");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create company" }).ClickAsync();
        var warning = Page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(warning).ToContainTextAsync("A company named Harbor Health already exists.");
        await Assertions.Expect(warning.GetByRole(AriaRole.Link, new() { Name = "Harbor Health" })).ToHaveAttributeAsync("href", new Uri(first).AbsolutePath);
        await AssertAccessibleAsync();
        await ScreenshotAsync("company-same-name");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Create anyway" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "harbor health" })).ToBeVisibleAsync();
        Assert.NotEqual(first, Page.Url);
        await Page.GotoAsync("/Companies?q=harbor");
        await Assertions.Expect(Page.GetByText("2 companies match")).ToBeVisibleAsync();

        // Column headers sort by links (no script needed) and say so with aria-sort; the filter stays.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Added" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Added" })).ToHaveAttributeAsync("aria-sort", "ascending");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Added" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Added" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Assertions.Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Company" })).ToHaveAttributeAsync("aria-sort", "none");
        await Assertions.Expect(Page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("harbor health");
        await Assertions.Expect(Page.GetByText("2 companies match")).ToBeVisibleAsync();
    }
}
