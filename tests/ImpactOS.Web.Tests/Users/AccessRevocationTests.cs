using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Users;

/// <summary>Access can be taken away: a change to an account, or a sign-out, ends its cookies and
/// bearer tokens on their next request.</summary>
public sealed class AccessRevocationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static async Task<string> LoginAsync(AppFactory factory, string email) =>
        (await factory.NewLoginAsync(email)).GetProperty("accessToken").GetString()!;

    private HttpClient Bearer(string token)
    {
        var client = factory.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task ChangeAccountAsync(TestTenant tenant, string email, Func<UserManager<AppUser>, AppUser, Task> change) =>
        tenant.InScopeAsync(async (sp, db) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = await db.Users.SingleAsync(u => u.Email == email);
            await change(users, user);
        });

    [Fact]
    public async Task ABearerTokenStopsWorkingOnTheNextRequestOnceTheSecurityStampChanges()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = Bearer(await LoginAsync(factory, tenant.CoachEmail));
        await coach.GetAsync("/api/v1/me").Json200();

        await ChangeAccountAsync(tenant, tenant.CoachEmail, (users, user) => users.UpdateSecurityStampAsync(user));

        await coach.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ADemotedArchivedAdminWithANewPasswordCannotCreateAnAdminWithTheirOldToken()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        await admin.PostAsJsonAsync("/api/v1/users", new { email = "second-admin@" + tenant.Id + ".test", password = AppFactory.Password, displayName = "Second", role = "admin" }).ShouldBe(HttpStatusCode.Created);
        var email = "second-admin@" + tenant.Id + ".test";
        using var second = Bearer(await LoginAsync(factory, email));

        await ChangeAccountAsync(tenant, email, async (users, user) =>
        {
            user.Role = Roles.Coach;
            user.ArchivedAt = DateTime.UtcNow;
            await users.UpdateAsync(user);
            await users.RemovePasswordAsync(user);
            await users.AddPasswordAsync(user, "an-entirely-new-password");
        });

        await second.PostAsJsonAsync("/api/v1/users", new { email = "sneaky@" + tenant.Id + ".test", password = AppFactory.Password, displayName = "Sneaky", role = "admin" })
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
        var list = await admin.GetAsync("/api/v1/users").Json200();
        Assert.DoesNotContain(list.EnumerateArray(), u => u.GetProperty("email").GetString()!.StartsWith("sneaky@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnArchivedUserIsRefusedAtSignInWithTheSameAnswerAsAWrongPassword()
    {
        var tenant = await factory.CreateTenantAsync();
        await ChangeAccountAsync(tenant, tenant.CoachEmail, async (users, user) =>
        {
            user.ArchivedAt = DateTime.UtcNow;
            await users.UpdateAsync(user);
        });
        using var anonymous = factory.AnonymousClient();

        var archived = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.CoachEmail, password = AppFactory.Password }).ShouldBeProblem(HttpStatusCode.Unauthorized);
        var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.AdminEmail, password = "not-the-password" }).ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(wrong.GetProperty("title").GetString(), archived.GetProperty("title").GetString());
    }

    [Fact]
    public async Task SigningOutEndsTheCookieEvenWhereACopyOfItIsStillSent()
    {
        var tenant = await factory.CreateTenantAsync();
        using var browser = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        using var copy = browser.Copy(factory);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/Companies")).StatusCode);

        var signOut = await browser.PostFormAsync("/Account/Logout", null, []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var after = await copy.GetAsync("/Companies");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoggingOutEndsTheBearerTokenItIsCalledWithAndNoOther()
    {
        var tenant = await factory.CreateTenantAsync();
        using var first = Bearer(await LoginAsync(factory, tenant.CoachEmail));
        using var second = Bearer(await LoginAsync(factory, tenant.CoachEmail));

        await first.PostAsync("/api/v1/auth/logout", null).ShouldBe(HttpStatusCode.NoContent);

        await first.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
        await first.PostAsync("/api/v1/auth/logout", null).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await second.GetAsync("/api/v1/me").Json200();
    }

    [Fact]
    public async Task AnEmailInUseInAnotherOrganizationGetsTheSameAnswerAsOneInUseInThisOne()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();

        var elsewhere = await admin.PostAsJsonAsync("/api/v1/users", new { email = other.CoachEmail, password = AppFactory.Password, displayName = "Taken", role = "coach" }).ShouldBeInvalid("email");
        var here = await admin.PostAsJsonAsync("/api/v1/users", new { email = tenant.CoachEmail, password = AppFactory.Password, displayName = "Taken", role = "coach" }).ShouldBeInvalid("email");

        Assert.Equal(here.GetProperty("errors").ToString(), elsewhere.GetProperty("errors").ToString());
        Assert.Equal("This email is already in use.", elsewhere.GetProperty("errors").GetProperty("email")[0].GetString());
        await admin.PostAsJsonAsync("/api/v1/users", new { email = "fresh@" + tenant.Id + ".test", password = AppFactory.Password, displayName = "Fresh", role = "coach" }).ShouldBe(HttpStatusCode.Created);
    }
}

/// <summary>A cookie whose account changed since it was issued (its security stamp is stale).
/// Its own class: it moves the clock.</summary>
public sealed class StaleCookieTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AStaleCookieSignsTheVisitorOutInsteadOfFailingEveryRequest()
    {
        var tenant = await factory.CreateTenantAsync();
        using var browser = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        await tenant.InScopeAsync(async (sp, db) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            await users.UpdateSecurityStampAsync(await db.Users.SingleAsync(u => u.Email == tenant.CoachEmail));
        });
        // Past the interval after which Identity's own validator would look at the stamp.
        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        using var copy = browser.Copy(factory);
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Contains("/account/login", home.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/Account/Login")).StatusCode);
        await copy.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);

        // The visitor can sign in again straight away.
        using var again = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Companies")).StatusCode);
    }
}
