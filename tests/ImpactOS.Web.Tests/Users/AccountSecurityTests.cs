using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Tests.Hardening;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Users;

/// <summary>A person's own access: changing their password, renewing an API token, and the one-time
/// password-reset link an admin hands over.</summary>
public sealed class AccountSecurityTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private HttpClient Bearer(JsonElement login)
    {
        var client = factory.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        return client;
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        using var anonymous = factory.AnonymousClient();
        return await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
    }

    private async Task<HttpResponseMessage> RefreshAsync(string? refreshToken)
    {
        using var anonymous = factory.AnonymousClient();
        return await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
    }

    [Fact]
    public async Task ChangingYourPasswordEndsEverySessionOfTheAccountAndOnlyTheNewPasswordSignsIn()
    {
        var tenant = await factory.CreateTenantAsync();
        using var caller = Bearer(await factory.NewLoginAsync(tenant.CoachEmail));
        using var elsewhere = Bearer(await factory.NewLoginAsync(tenant.CoachEmail));
        const string newPassword = "a-brand-new-passphrase";

        await caller.PutAsJsonAsync("/api/v1/me/password", new { currentPassword = "not-my-password", newPassword }).ShouldBeInvalid("currentPassword");
        await caller.PutAsJsonAsync("/api/v1/me/password", new { currentPassword = AppFactory.Password, newPassword = "short" }).ShouldBeInvalid("newPassword");
        await caller.PutAsJsonAsync("/api/v1/me/password", new { }).ShouldBeInvalid("currentPassword");
        await caller.GetAsync("/api/v1/me").Json200();

        await caller.PutAsJsonAsync("/api/v1/me/password", new { currentPassword = AppFactory.Password, newPassword }).ShouldBe(HttpStatusCode.NoContent);

        await caller.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
        await elsewhere.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
        await LoginAsync(tenant.CoachEmail, AppFactory.Password).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await LoginAsync(tenant.CoachEmail, newPassword).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARefreshTokenGivesANewTokenPairWhileItsSessionIsCurrent()
    {
        var tenant = await factory.CreateTenantAsync();
        var login = await factory.NewLoginAsync(tenant.CoachEmail);

        var refreshed = await RefreshAsync(login.GetProperty("refreshToken").GetString()).Json200();
        Assert.Equal("Bearer", refreshed.GetProperty("tokenType").GetString());
        using var renewed = Bearer(refreshed);
        Assert.Equal(tenant.CoachEmail, (await renewed.GetAsync("/api/v1/me").Json200()).GetProperty("email").GetString());

        // Not a refresh token: refused like a forged one.
        await RefreshAsync(login.GetProperty("accessToken").GetString()).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await RefreshAsync("forged").ShouldBeProblem(HttpStatusCode.Unauthorized);
        await RefreshAsync(null).ShouldBeProblem(HttpStatusCode.Unauthorized);

        // The renewed pair continues the session: signing it out ends the original refresh token too.
        await renewed.PostAsync("/api/v1/auth/logout", null).ShouldBe(HttpStatusCode.NoContent);
        await RefreshAsync(login.GetProperty("refreshToken").GetString()).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await RefreshAsync(refreshed.GetProperty("refreshToken").GetString()).ShouldBeProblem(HttpStatusCode.Unauthorized);
        using var original = Bearer(login);
        await original.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ARefreshTokenStopsWorkingOnceTheAccountIsDeactivated()
    {
        var tenant = await factory.CreateTenantAsync();
        var login = await factory.NewLoginAsync(tenant.CoachEmail);
        using var admin = await tenant.AdminAsync();
        var users = await admin.GetAsync("/api/v1/users").Json200();
        var coachId = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == tenant.CoachEmail).GetProperty("id").GetGuid();

        await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { active = false }).Json200();

        await RefreshAsync(login.GetProperty("refreshToken").GetString()).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task APasswordResetLinkSetsANewPasswordOnceAndSignsTheAccountOutEverywhere()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var founder = Bearer(await factory.NewLoginAsync(tenant.FounderEmail));
        var users = await admin.GetAsync("/api/v1/users").Json200();
        var founderId = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == tenant.FounderEmail).GetProperty("id").GetGuid();

        var link = await admin.PostAsync($"/api/v1/users/{founderId}/password-reset", null).Json200();
        var resetUrl = new Uri(link.GetProperty("resetUrl").GetString()!);
        Assert.True(link.GetProperty("expiresAt").GetDateTime() > DateTime.UtcNow.AddHours(23));
        Assert.Equal("/account/resetpassword", resetUrl.AbsolutePath);

        using var visitor = BrowserSession.Anonymous(factory);
        var mismatch = await visitor.PostFormAsync(resetUrl.PathAndQuery, null, new() { ["NewPassword"] = "reset-passphrase-1", ["ConfirmPassword"] = "something-else-2" });
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("The two passwords differ.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tooShort = await visitor.PostFormAsync(resetUrl.PathAndQuery, null, new() { ["NewPassword"] = "short", ["ConfirmPassword"] = "short" });
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        await LoginAsync(tenant.FounderEmail, AppFactory.Password).ShouldBe(HttpStatusCode.OK);

        var set = await visitor.PostFormAsync(resetUrl.PathAndQuery, null, new() { ["NewPassword"] = "reset-passphrase-1", ["ConfirmPassword"] = "reset-passphrase-1" });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Contains("/account/login", set.Headers.Location!.OriginalString, StringComparison.Ordinal);

        await founder.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
        await LoginAsync(tenant.FounderEmail, AppFactory.Password).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await LoginAsync(tenant.FounderEmail, "reset-passphrase-1").ShouldBe(HttpStatusCode.OK);

        // Single use.
        var again = await visitor.PostFormAsync(resetUrl.PathAndQuery, null, new() { ["NewPassword"] = "reset-passphrase-2", ["ConfirmPassword"] = "reset-passphrase-2" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("expired or was already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await LoginAsync(tenant.FounderEmail, "reset-passphrase-2").ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task APasswordResetLinkNamingAnotherOrganizationOrATamperedTokenChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var users = await admin.GetAsync("/api/v1/users").Json200();
        var coachId = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == tenant.CoachEmail).GetProperty("id").GetGuid();
        var link = new Uri((await admin.PostAsync($"/api/v1/users/{coachId}/password-reset", null).Json200()).GetProperty("resetUrl").GetString()!);
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);

        using var visitor = BrowserSession.Anonymous(factory);
        foreach (var url in new[]
        {
            $"/Account/ResetPassword?tenant={other.Id}&user={coachId}&token={Uri.EscapeDataString(query["token"]!)}",
            $"/Account/ResetPassword?tenant={tenant.Id}&user={coachId}&token={Uri.EscapeDataString("x" + query["token"])}",
        })
        {
            var answer = await visitor.PostFormAsync(url, null, new() { ["NewPassword"] = "hijacked-passphrase", ["ConfirmPassword"] = "hijacked-passphrase" });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("expired or was already used", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var incomplete = await visitor.GetAsync("/Account/ResetPassword");
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        Assert.Contains("expired or was already used", await incomplete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await LoginAsync(tenant.CoachEmail, "hijacked-passphrase").ShouldBeProblem(HttpStatusCode.Unauthorized);
        await LoginAsync(tenant.CoachEmail, AppFactory.Password).ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>The production limit on failed sign-ins also covers guessing the current password
/// through a stolen session.</summary>
public sealed class PasswordChangeThrottleTests(StrictLoginFactory factory) : IClassFixture<StrictLoginFactory>
{
    [Fact]
    public async Task WrongCurrentPasswordsCountAgainstTheAccountLikeFailedSignIns()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        for (var i = 0; i < 10; i++)
        {
            await coach.PutAsJsonAsync("/api/v1/me/password", new { currentPassword = "guess-" + i, newPassword = "a-brand-new-passphrase" }).ShouldBeInvalid("currentPassword");
        }

        var locked = await coach.PutAsJsonAsync("/api/v1/me/password", new { currentPassword = AppFactory.Password, newPassword = "a-brand-new-passphrase" }).ShouldBeInvalid("currentPassword");
        Assert.Contains("Too many", locked.GetProperty("errors").GetProperty("currentPassword")[0].GetString(), StringComparison.Ordinal);
        using var anonymous = factory.AnonymousClient();
        await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.CoachEmail, password = AppFactory.Password }).ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
