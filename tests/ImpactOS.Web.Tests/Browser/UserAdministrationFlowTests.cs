using Microsoft.Playwright;

namespace ImpactOS.Web.Tests.Browser;

public sealed class UserAdministrationFlowTests(BrowserFixture browser, BrowserAppFactory app) : BrowserTest(browser, app)
{
    [Fact]
    public async Task AnAdminManagesAPersonAndTheAccountPagesAreAccessible()
    {
        var tenant = await App.CreateTenantAsync(name: "People Org");
        await SignInAsync(tenant.AdminEmail);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Manage people and their access" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "People", Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        await ScreenshotAsync("people");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Manage Casey Coach" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Casey Coach" })).ToBeVisibleAsync();
        await Page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("founder");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#CompanyId-error")).ToHaveTextAsync("A founder needs a company of this organization.");
        await AssertAccessibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Make a password-reset link" }).ClickAsync();
        await Assertions.Expect(Page.GetByLabel("Password-reset link for Casey Coach")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/account/resetpassword\\?"));
        await AssertAccessibleAsync();
        await ScreenshotAsync("person");
        var link = await Page.GetByLabel("Password-reset link for Casey Coach").InputValueAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Your account" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your account" })).ToBeVisibleAsync();
        await Page.GetByLabel("Current password").FillAsync("not-my-password");
        await Page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-brand-new-passphrase");
        await Page.GetByLabel("New password again").FillAsync("a-brand-new-passphrase");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#CurrentPassword-error")).ToHaveTextAsync("This is not your current password.");
        await AssertAccessibleAsync();
        await ScreenshotAsync("your-account");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("signed out everywhere");

        await Page.GotoAsync(new Uri(link).PathAndQuery);
        await AssertAccessibleAsync();
        await Page.GetByLabel("New password", new() { Exact = true }).FillAsync("coach-new-passphrase");
        await Page.GetByLabel("New password again").FillAsync("coach-new-passphrase");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your new password is set");
    }
}
