using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Users;

/// <summary>Admins change role, name, company and activity of their organization's accounts; a
/// change of access ends the account's sessions; the organization always keeps an active admin.</summary>
public sealed class UserAdministrationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> NewBearerAsync(string email)
    {
        var client = factory.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await factory.NewLoginAsync(email)).GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<Guid> IdOfAsync(HttpClient admin, string email)
    {
        var users = await admin.GetAsync("/api/v1/users").Json200();
        return users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
    }

    private static async Task<string> AddAsync(HttpClient admin, TestTenant tenant, string role, string name)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@{tenant.Id}.test";
        await admin.PostAsJsonAsync("/api/v1/users", new { email, password = AppFactory.Password, displayName = name, role }).ShouldBe(HttpStatusCode.Created);
        return email;
    }

    [Fact]
    public async Task AnAdminReadsAnAccountAndRenamesItWithoutSigningItOut()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await NewBearerAsync(tenant.CoachEmail);
        var coachId = await IdOfAsync(admin, tenant.CoachEmail);

        var read = await admin.GetAsync($"/api/v1/users/{coachId}").Json200();
        Assert.Equal(tenant.CoachEmail, read.GetProperty("email").GetString());
        Assert.Equal("coach", read.GetProperty("role").GetString());
        Assert.True(read.GetProperty("active").GetBoolean());

        var renamed = await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { displayName = "Casey Renamed" }).Json200();
        Assert.Equal("Casey Renamed", renamed.GetProperty("displayName").GetString());
        Assert.Equal("coach", renamed.GetProperty("role").GetString());
        await coach.GetAsync("/api/v1/me").Json200();

        // Another organization's admin does not even learn that the account exists.
        using var otherAdmin = await other.AdminAsync();
        await otherAdmin.GetAsync($"/api/v1/users/{coachId}").ShouldBeProblem(HttpStatusCode.NotFound);
        await otherAdmin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { role = "admin" }).ShouldBeProblem(HttpStatusCode.NotFound);
        await otherAdmin.PostAsync($"/api/v1/users/{coachId}/password-reset", null).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.GetAsync($"/api/v1/users/{Guid.NewGuid()}").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ANewRoleEndsTheAccountsTokensAndCookiesAndAppliesAtItsNextSignIn()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await NewBearerAsync(tenant.CoachEmail);
        using var browser = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var coachId = await IdOfAsync(admin, tenant.CoachEmail);

        var promoted = await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { role = "admin" }).Json200();
        Assert.Equal("admin", promoted.GetProperty("role").GetString());

        await coach.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);
        var page = await browser.GetAsync("/Companies");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var again = await NewBearerAsync(tenant.CoachEmail);
        Assert.Equal("admin", (await again.GetAsync("/api/v1/me").Json200()).GetProperty("role").GetString());
        await again.GetAsync("/api/v1/users").Json200();
    }

    [Fact]
    public async Task ADeactivatedAccountIsSignedOutAndRefusedAtSignInUntilReactivated()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await NewBearerAsync(tenant.CoachEmail);
        var coachId = await IdOfAsync(admin, tenant.CoachEmail);

        var deactivated = await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { active = false }).Json200();
        Assert.False(deactivated.GetProperty("active").GetBoolean());
        await coach.GetAsync("/api/v1/me").ShouldBeProblem(HttpStatusCode.Unauthorized);

        using var anonymous = factory.AnonymousClient();
        var refused = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.CoachEmail, password = AppFactory.Password }).ShouldBeProblem(HttpStatusCode.Unauthorized);
        var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.AdminEmail, password = "not-the-password" }).ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(wrong.GetProperty("title").GetString(), refused.GetProperty("title").GetString());

        await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { active = true }).Json200();
        using var back = await NewBearerAsync(tenant.CoachEmail);
        await back.GetAsync("/api/v1/me").Json200();
    }

    [Fact]
    public async Task TheLastActiveAdminCanBeNeitherDemotedNorDeactivated()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var adminId = await IdOfAsync(admin, tenant.AdminEmail);

        await admin.PutAsJsonAsync($"/api/v1/users/{adminId}", new { role = "coach" }).ShouldBeProblem(HttpStatusCode.Conflict);
        await admin.PutAsJsonAsync($"/api/v1/users/{adminId}", new { active = false }).ShouldBeProblem(HttpStatusCode.Conflict);

        // A deactivated admin is no stand-in.
        var second = await AddAsync(admin, tenant, "admin", "Second");
        var secondId = await IdOfAsync(admin, second);
        await admin.PutAsJsonAsync($"/api/v1/users/{secondId}", new { active = false }).Json200();
        await admin.PutAsJsonAsync($"/api/v1/users/{adminId}", new { role = "coach" }).ShouldBeProblem(HttpStatusCode.Conflict);

        var read = await admin.GetAsync($"/api/v1/users/{adminId}").Json200();
        Assert.Equal("admin", read.GetProperty("role").GetString());
        Assert.True(read.GetProperty("active").GetBoolean());

        // With another active admin, the first may step down (and is signed out by it).
        await admin.PutAsJsonAsync($"/api/v1/users/{secondId}", new { active = true }).Json200();
        var steppedDown = await admin.PutAsJsonAsync($"/api/v1/users/{adminId}", new { role = "coach" }).Json200();
        Assert.Equal("coach", steppedDown.GetProperty("role").GetString());
        await admin.GetAsync("/api/v1/users").ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TwoAdminsDemotingEachOtherAtOnceLeaveTheOrganizationAnActiveAdmin()
    {
        var tenant = await factory.CreateTenantAsync();
        using var first = await tenant.AdminAsync();
        var second = await AddAsync(first, tenant, "admin", "Second");
        using var secondClient = await NewBearerAsync(second);
        var firstId = await IdOfAsync(first, tenant.AdminEmail);
        var secondId = await IdOfAsync(first, second);

        var answers = await Task.WhenAll(
            first.PutAsJsonAsync($"/api/v1/users/{secondId}", new { role = "coach" }),
            secondClient.PutAsJsonAsync($"/api/v1/users/{firstId}", new { role = "coach" }));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.Unauthorized, a.StatusCode.ToString()));
        var admins = await tenant.InScopeAsync((_, db) => Task.FromResult(db.Users.Count(u => u.TenantId == tenant.Id && u.Role == "admin" && u.ArchivedAt == null)));
        Assert.Equal(1, admins);
    }

    [Fact]
    public async Task AFounderNeedsACompanyOfTheOrganizationAndOnlyFoundersHaveOne()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var coachId = await IdOfAsync(admin, tenant.CoachEmail);
        var founderId = await IdOfAsync(admin, tenant.FounderEmail);

        await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { role = "founder" }).ShouldBeInvalid("companyId");
        await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { role = "founder", companyId = other.FounderCompanyId }).ShouldBeInvalid("companyId");
        await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { companyId = tenant.FounderCompanyId }).ShouldBeInvalid("companyId");
        await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { role = "owner" }).ShouldBeInvalid("role");
        await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { displayName = "  " }).ShouldBeInvalid("displayName");
        var unchanged = await admin.GetAsync($"/api/v1/users/{coachId}").Json200();
        Assert.Equal("coach", unchanged.GetProperty("role").GetString());
        Assert.Equal("Casey Coach", unchanged.GetProperty("displayName").GetString());

        var founder = await admin.PutAsJsonAsync($"/api/v1/users/{coachId}", new { role = "founder", companyId = tenant.FounderCompanyId }).Json200();
        Assert.Equal(tenant.FounderCompanyId, founder.GetProperty("companyId").GetGuid());
        Assert.False(string.IsNullOrEmpty(founder.GetProperty("companyName").GetString()));

        var coach = await admin.PutAsJsonAsync($"/api/v1/users/{founderId}", new { role = "coach" }).Json200();
        Assert.Equal(JsonValueKind.Null, coach.GetProperty("companyId").ValueKind);
    }
}
