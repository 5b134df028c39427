using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Users;

/// <summary>The pages for all of it, used as a browser without JavaScript would: plain forms.</summary>
public sealed partial class UserPagesTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static async Task<string> BodyAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static void AssertSignedOut(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<Guid> IdOfAsync(TestTenant tenant, string email)
    {
        using var admin = await tenant.AdminAsync();
        var users = await admin.GetAsync("/api/v1/users").Json200();
        return users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task ChangingYourPasswordKeepsThisBrowserSignedInAndSignsOutTheOthers()
    {
        var tenant = await factory.CreateTenantAsync();
        using var here = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        using var there = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);

        var page = await here.GetAsync("/Settings/Account");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(tenant.CoachEmail, await BodyAsync(page), StringComparison.Ordinal);

        var wrong = await here.PostFormAsync("/Settings/Account", "/Settings/Account?handler=Password",
            new() { ["CurrentPassword"] = "not-my-password", ["NewPassword"] = "a-brand-new-passphrase", ["ConfirmPassword"] = "a-brand-new-passphrase" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        // The message is beside its field, and the field points at it.
        FormHtml.AssertErrorBeside(await wrong.Content.ReadAsStringAsync(), "CurrentPassword", "Current password", "This is not your current password.");

        var changed = await here.PostFormAsync("/Settings/Account", "/Settings/Account?handler=Password",
            new() { ["CurrentPassword"] = AppFactory.Password, ["NewPassword"] = "a-brand-new-passphrase", ["ConfirmPassword"] = "a-brand-new-passphrase" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/Companies")).StatusCode);
        AssertSignedOut(await there.GetAsync("/Companies"));
        using var withNewPassword = await BrowserSession.SignInAsync(factory, tenant.CoachEmail, "a-brand-new-passphrase");
    }

    [Fact]
    public async Task SigningOutEverywhereEndsEveryBrowserAndTokenOfTheAccount()
    {
        var tenant = await factory.CreateTenantAsync();
        using var here = await BrowserSession.SignInAsync(factory, tenant.FounderEmail);
        using var there = await BrowserSession.SignInAsync(factory, tenant.FounderEmail);
        using var api = factory.AnonymousClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await factory.NewLoginAsync(tenant.FounderEmail)).GetProperty("accessToken").GetString());

        var signedOut = await here.PostFormAsync("/Settings/Account", "/Settings/Account?handler=SignOutEverywhere", []);
        AssertSignedOut(signedOut);

        AssertSignedOut(await here.GetAsync($"/Companies/{tenant.FounderCompanyId}"));
        AssertSignedOut(await there.GetAsync($"/Companies/{tenant.FounderCompanyId}"));
        await api.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
        using var again = await BrowserSession.SignInAsync(factory, tenant.FounderEmail);
    }

    [Fact]
    public async Task AnAdminDeactivatesAndReactivatesSomeoneFromThePeopleList()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);
        using var coach = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var coachId = await IdOfAsync(tenant, tenant.CoachEmail);

        var list = await BodyAsync(await admin.GetAsync("/Settings/Users"));
        Assert.Contains("Casey Coach", list, StringComparison.Ordinal);
        Assert.Contains("Active", list, StringComparison.Ordinal);

        var deactivated = await admin.PostFormAsync("/Settings/Users", "/Settings/Users?handler=Deactivate", new() { ["userId"] = coachId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        var after = await BodyAsync(await admin.GetAsync("/Settings/Users"));
        Assert.Contains("Casey Coach is deactivated and signed out everywhere.", after, StringComparison.Ordinal);
        Assert.Contains("Deactivated", after, StringComparison.Ordinal);
        AssertSignedOut(await coach.GetAsync("/Companies"));

        var reactivated = await admin.PostFormAsync("/Settings/Users", "/Settings/Users?handler=Reactivate", new() { ["userId"] = coachId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        using var back = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
    }

    [Fact]
    public async Task ThePeopleListExplainsWhyTheLastAdminCannotBeDeactivated()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);
        var adminId = await IdOfAsync(tenant, tenant.AdminEmail);

        var refused = await admin.PostFormAsync("/Settings/Users", "/Settings/Users?handler=Deactivate", new() { ["userId"] = adminId.ToString() });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("An organization needs at least one active admin", await BodyAsync(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Settings")).StatusCode);
    }

    [Fact]
    public async Task TheAccountPageChangesARoleShowsErrorsBesideTheFieldsAndMakesAResetLink()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);
        var coachId = await IdOfAsync(tenant, tenant.CoachEmail);
        var page = $"/Settings/Users/{coachId}";

        var invalid = await admin.PostFormAsync(page, page + "?handler=Save", new() { ["DisplayName"] = "", ["Role"] = "founder", ["CompanyId"] = "" });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var raw = await invalid.Content.ReadAsStringAsync();
        FormHtml.AssertErrorBeside(raw, "DisplayName", "Name", "Required.");
        FormHtml.AssertErrorBeside(raw, "CompanyId", "Company", "A founder needs a company of this organization.");

        var saved = await admin.PostFormAsync(page, page + "?handler=Save", new() { ["DisplayName"] = "Casey Head Coach", ["Role"] = "admin", ["CompanyId"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var shown = await BodyAsync(await admin.GetAsync(page));
        Assert.Contains("Casey Head Coach", shown, StringComparison.Ordinal);
        Assert.Matches(AdminSelected(), shown);
        using (var api = await tenant.AdminAsync())
        {
            Assert.Equal("admin", (await api.GetAsync($"/api/v1/users/{coachId}").Json200()).GetProperty("role").GetString());
        }

        var reset = await admin.PostFormAsync(page, page + "?handler=ResetLink", []);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var link = ResetLink().Match(await BodyAsync(reset));
        Assert.True(link.Success, "The page shows no reset link.");
        using var visitor = BrowserSession.Anonymous(factory);
        var form = await visitor.GetAsync(new Uri(link.Groups[1].Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Set a new password", await BodyAsync(form), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherOrganizationsAccountPageIsNotFound()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var otherAdmin = await BrowserSession.SignInAsync(factory, other.AdminEmail);
        var coachId = await IdOfAsync(tenant, tenant.CoachEmail);

        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync($"/Settings/Users/{coachId}")).StatusCode);
        var post = await otherAdmin.PostFormAsync("/Settings/Users", "/Settings/Users?handler=Deactivate", new() { ["userId"] = coachId.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        using var coach = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
    }

    [GeneratedRegex("<option (selected=\"selected\" value=\"admin\"|value=\"admin\" selected=\"selected\")>")]
    private static partial Regex AdminSelected();

    [GeneratedRegex("id=\"resetUrl\" class=\"form-control font-monospace\" value=\"([^\"]+)\"")]
    private static partial Regex ResetLink();
}
