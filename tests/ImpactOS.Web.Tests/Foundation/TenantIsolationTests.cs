using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Foundation;

public sealed class TenantIsolationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnotherTenantsCompanyAnswers404LikeAMissingOne()
    {
        var mine = await factory.CreateTenantAsync();
        var theirs = await factory.CreateTenantAsync();
        using var admin = await mine.AdminAsync();

        var foreign = await admin.GetAsync($"/api/v1/companies/{theirs.FounderCompanyId}").ShouldBeProblem(HttpStatusCode.NotFound);
        var missing = await admin.GetAsync($"/api/v1/companies/{Guid.NewGuid()}").ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(missing.GetProperty("title").GetString(), foreign.GetProperty("title").GetString());

        await admin.PutAsJsonAsync($"/api/v1/companies/{theirs.FounderCompanyId}", new { name = "Hijacked" }).ShouldBeProblem(HttpStatusCode.NotFound);
        var page = await admin.GetAsync($"/Companies/{theirs.FounderCompanyId}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        var list = await admin.GetAsync("/api/v1/companies?limit=200").Json200();
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == theirs.FounderCompanyId);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == mine.FounderCompanyId);

        using var theirAdmin = await theirs.AdminAsync();
        var untouched = await theirAdmin.GetAsync($"/api/v1/companies/{theirs.FounderCompanyId}").Json200();
        Assert.StartsWith("Founder's Co", untouched.GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFounderSeesOnlyTheirOwnCompany()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var sibling = await (await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Sibling Co" }).ShouldBe(HttpStatusCode.Created)).JsonBody();

        using var founder = await tenant.FounderAsync();
        await founder.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}").ShouldBe(HttpStatusCode.OK);
        await founder.GetAsync($"/api/v1/companies/{sibling.GetProperty("id").GetGuid()}").ShouldBeProblem(HttpStatusCode.NotFound);
        var list = await founder.GetAsync("/api/v1/companies").Json200();
        Assert.Equal([tenant.FounderCompanyId], list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        await founder.PostAsJsonAsync("/api/v1/companies", new { name = "Founder made" }).ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
