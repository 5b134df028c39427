using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Foundation;

public sealed class RoleTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task OnlyAnAdminCanChangeOrganizationSettings()
    {
        var tenant = await factory.CreateTenantAsync(milestones: false);
        using var coach = await tenant.CoachAsync();
        using var founder = await tenant.FounderAsync();
        using var admin = await tenant.AdminAsync();

        await coach.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = true }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await founder.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = true }).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.False((await coach.GetAsync("/api/v1/settings").Json200()).GetProperty("featureMilestones").GetBoolean());

        var changed = await admin.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = true }).Json200();
        Assert.True(changed.GetProperty("featureMilestones").GetBoolean());
        Assert.True((await founder.GetAsync("/api/v1/settings").Json200()).GetProperty("featureMilestones").GetBoolean());
    }

    [Fact]
    public async Task SettingsRequireAValue()
    {
        var tenant = await factory.CreateTenantAsync(milestones: false);
        using var admin = await tenant.AdminAsync();
        await admin.PutAsJsonAsync("/api/v1/settings", new { }).ShouldBeInvalid("featureMilestones");
    }

    [Fact]
    public async Task AnAdminCreatesAccountsAndAFounderIsTiedToACompanyOfTheTenant()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await tenant.CoachAsync();

        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email = "new-coach@test.example", password = AppFactory.Password, displayName = "Nia New", role = "coach" })
            .ShouldBe(HttpStatusCode.Created);
        Assert.Equal("coach", (await created.JsonBody()).GetProperty("role").GetString());
        using var newCoach = await factory.ClientForAsync("new-coach@test.example");
        Assert.Equal(tenant.Id, (await newCoach.GetAsync("/api/v1/me").Json200()).GetProperty("tenantId").GetGuid());

        await admin.PostAsJsonAsync("/api/v1/users", new { email = "f@test.example", password = AppFactory.Password, displayName = "F", role = "founder", companyId = other.FounderCompanyId })
            .ShouldBeInvalid("companyId");
        await admin.PostAsJsonAsync("/api/v1/users", new { email = "o@test.example", password = AppFactory.Password, displayName = "O", role = "operator" })
            .ShouldBeInvalid("role");
        await admin.PostAsJsonAsync("/api/v1/users", new { email = "new-coach@test.example", password = AppFactory.Password, displayName = "Dup", role = "coach" })
            .ShouldBeInvalid("email");
        await admin.PostAsJsonAsync("/api/v1/users", new { email = "short@test.example", password = "short", displayName = "Short", role = "coach" })
            .ShouldBeInvalid("password");
        await coach.PostAsJsonAsync("/api/v1/users", new { email = "c2@test.example", password = AppFactory.Password, displayName = "C", role = "admin" })
            .ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TenantAndRoleInABodyAreIgnored()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();

        var created = await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Mass Assigned", tenantId = other.Id, role = "admin" })
            .ShouldBe(HttpStatusCode.Created);
        var id = (await created.JsonBody()).GetProperty("id").GetGuid();

        await coach.GetAsync($"/api/v1/companies/{id}").ShouldBe(HttpStatusCode.OK);
        using var otherAdmin = await other.AdminAsync();
        await otherAdmin.GetAsync($"/api/v1/companies/{id}").ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
