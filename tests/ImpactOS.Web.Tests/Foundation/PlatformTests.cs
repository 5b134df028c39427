using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Foundation;

public sealed class PlatformTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task TheOperatorCreatesATenantWhoseAdminSignsInWithTheFeatureOff()
    {
        using var operatorClient = await factory.ClientForAsync(await factory.EnsureOperatorAsync());

        var created = await operatorClient.PostAsJsonAsync("/api/v1/platform/tenants", new
        {
            name = "Riverbend Incubator",
            adminEmail = "director@riverbend.test",
            adminPassword = "a-long-enough-password",
            adminDisplayName = "Rita Director",
        }).ShouldBe(HttpStatusCode.Created);
        var tenant = await created.JsonBody();
        Assert.Equal("Riverbend Incubator", tenant.GetProperty("name").GetString());

        using var anonymous = factory.AnonymousClient();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "director@riverbend.test", password = "a-long-enough-password" }).Json200();
        using var admin = factory.AnonymousClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("accessToken").GetString());

        var me = await admin.GetAsync("/api/v1/me").Json200();
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(tenant.GetProperty("id").GetGuid(), me.GetProperty("tenantId").GetGuid());
        Assert.False((await admin.GetAsync("/api/v1/settings").Json200()).GetProperty("featureMilestones").GetBoolean());
    }

    [Fact]
    public async Task OnlyTheOperatorCreatesTenants()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        await admin.PostAsJsonAsync("/api/v1/platform/tenants", new { name = "Sneaky", adminEmail = "s@test.example", adminPassword = "a-long-enough-password" })
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        using var anonymous = factory.AnonymousClient();
        await anonymous.PostAsJsonAsync("/api/v1/platform/tenants", new { name = "Sneaky", adminEmail = "s@test.example", adminPassword = "a-long-enough-password" })
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATenantWithABadAdminIsNotHalfCreated()
    {
        using var operatorClient = await factory.ClientForAsync(await factory.EnsureOperatorAsync());
        await operatorClient.PostAsJsonAsync("/api/v1/platform/tenants", new { name = "Half Made", adminEmail = "half@test.example", adminPassword = "short" })
            .ShouldBeInvalid("adminPassword");

        var tenants = await operatorClient.GetAsync("/api/v1/platform/tenants").Json200();
        Assert.DoesNotContain(tenants.EnumerateArray(), t => t.GetProperty("name").GetString() == "Half Made");
        await operatorClient.PostAsJsonAsync("/api/v1/platform/tenants", new { name = "", adminEmail = "", adminPassword = "" })
            .ShouldBeInvalid("name");
    }

    [Fact]
    public async Task TheOperatorCannotReadATenantsCompanies()
    {
        var tenant = await factory.CreateTenantAsync();
        using var operatorClient = await factory.ClientForAsync(await factory.EnsureOperatorAsync());
        await operatorClient.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}").ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
