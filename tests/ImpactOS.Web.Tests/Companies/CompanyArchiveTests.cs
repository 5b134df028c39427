using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Companies;

public sealed class CompanyArchiveTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static async Task<Guid> CreateAsync(HttpClient client, string name) =>
        (await (await client.PostAsJsonAsync("/api/v1/companies", new { name }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();

    private static async Task<List<Guid>> ListedAsync(HttpClient client, string query = "") =>
        (await client.GetAsync("/api/v1/companies" + query).Json200()).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task AnAdminRestoresAnArchivedCompanyAndItIsBackInTheList()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var id = await CreateAsync(admin, "Phoenix Labs");
        await admin.DeleteAsync($"/api/v1/companies/{id}").Json200();
        Assert.DoesNotContain(id, await ListedAsync(admin));

        var restored = await (await admin.PostAsync($"/api/v1/companies/{id}/restore", null).ShouldBe(HttpStatusCode.OK)).JsonBody();

        Assert.Equal(System.Text.Json.JsonValueKind.Null, restored.GetProperty("archivedAt").ValueKind);
        Assert.Contains(id, await ListedAsync(admin));
        await admin.PostAsync($"/api/v1/companies/{id}/restore", null).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OnlyAdminsOfTheOrganizationArchiveOrRestoreACompany()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await tenant.CoachAsync();
        using var otherAdmin = await other.AdminAsync();
        var id = await CreateAsync(admin, "Guarded Co");
        await admin.DeleteAsync($"/api/v1/companies/{id}").Json200();

        await coach.PostAsync($"/api/v1/companies/{id}/restore", null).ShouldBeProblem(HttpStatusCode.Forbidden);
        await otherAdmin.PostAsync($"/api/v1/companies/{id}/restore", null).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PostAsync($"/api/v1/companies/{Guid.NewGuid()}/restore", null).ShouldBeProblem(HttpStatusCode.NotFound);

        Assert.DoesNotContain(id, await ListedAsync(admin));
        Assert.Contains(id, await ListedAsync(admin, "?includeArchived=true"));
    }

    [Fact]
    public async Task TheApiStillAcceptsASecondCompanyWithTheSameName()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var first = await CreateAsync(coach, "Twin Name Co");
        var second = await CreateAsync(coach, "Twin Name Co");
        Assert.NotEqual(first, second);
    }
}
