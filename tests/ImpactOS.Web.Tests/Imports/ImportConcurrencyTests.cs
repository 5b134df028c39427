using System.Text;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Imports;

/// <summary>Imports of one organization do not race: parallel requests of the same file import
/// it once (issue 14, finding 1).</summary>
public sealed class ImportConcurrencyTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const int Companies = 20;

    /// <summary>Companies matched by name only (no external_id): the case that duplicated.</summary>
    private static string NameOnlyFile(string prefix)
    {
        var text = new StringBuilder("company,milestone,achieved_at\n");
        for (var i = 1; i <= Companies; i++)
        {
            text.Append(prefix).Append(" Co ").Append(i).Append(",Business model hypothesis,2022-03-01\n");
        }

        return text.ToString();
    }

    private static Task<int> CompanyCountAsync(TestTenant tenant) =>
        tenant.InScopeAsync((_, db) => db.Companies.CountAsync());

    [Fact]
    public async Task SixParallelImportsOfTheSameFileCreateTheCompaniesOfOneImport()
    {
        var tenant = await factory.CreateTenantAsync();
        var csv = NameOnlyFile("Parallel");
        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => tenant.CoachAsync()));

        var answers = await Task.WhenAll(clients.Select(client =>
            client.PostAsync("/api/v1/imports/milestones", new StringContent(csv, Encoding.UTF8, "text/csv")).Json200()));

        Assert.Equal(Companies, answers.Sum(a => a.GetProperty("companiesCreated").GetInt32()));
        Assert.Equal(Companies, answers.Sum(a => a.GetProperty("achievementsCreated").GetInt32()));
        Assert.Equal(1 + Companies, await CompanyCountAsync(tenant));
        var again = await clients[0].PostAsync("/api/v1/imports/milestones", new StringContent(csv, Encoding.UTF8, "text/csv")).Json200();
        Assert.Equal(Companies, again.GetProperty("unchanged").GetInt32());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
