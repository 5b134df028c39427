using System.Net;
using System.Text;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Imports;

/// <summary>Imports of one organization do not race: parallel requests of the same file, and a
/// preview confirmed twice, import the file once (issue 14, finding 1).</summary>
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

    [Fact]
    public async Task APreviewConfirmedTwiceAtOnceIsImportedOnceAndTheSecondConfirmSaysSo()
    {
        var tenant = await factory.CreateTenantAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);
        var preview = await ImportPage.PreviewAsync(page, Encoding.UTF8.GetBytes(NameOnlyFile("Twice")));
        var token = ImportPage.ConfirmToken(preview);
        var antiforgery = await ImportPage.AntiforgeryTokenAsync(page);

        var confirms = await Task.WhenAll(ImportPage.ConfirmAsync(page, token, antiforgery), ImportPage.ConfirmAsync(page, token, antiforgery));

        Assert.Single(confirms, r => r.StatusCode == HttpStatusCode.Redirect);
        var refused = Assert.Single(confirms, r => r.StatusCode != HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This file was already imported", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1 + Companies, await CompanyCountAsync(tenant));

        var later = await ImportPage.ConfirmAsync(page, token, antiforgery);
        Assert.Contains("This file was already imported", await later.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1 + Companies, await CompanyCountAsync(tenant));
    }

    [Fact]
    public async Task AnUnconfirmedPreviewIsDeletedWhenItIsOlderThanSixHoursAndANewPreviewIsStored()
    {
        var tenant = await factory.CreateTenantAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);
        var staleToken = ImportPage.ConfirmToken(await ImportPage.PreviewAsync(page, Encoding.UTF8.GetBytes(NameOnlyFile("Stale"))));
        var freshToken = ImportPage.ConfirmToken(await ImportPage.PreviewAsync(page, Encoding.UTF8.GetBytes(NameOnlyFile("Fresh"))));
        var folder = Path.Combine(factory.DataDir, "imports", tenant.Id.ToString("N"));
        var stale = Path.Combine(folder, staleToken + ".csv");
        Assert.True(File.Exists(stale));
        File.SetLastWriteTimeUtc(stale, factory.Clock.GetUtcNow().UtcDateTime.AddHours(-7));

        await ImportPage.PreviewAsync(page, Encoding.UTF8.GetBytes(NameOnlyFile("Next")));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(folder, freshToken + ".csv")));
        var antiforgery = await ImportPage.AntiforgeryTokenAsync(page);
        var expired = await ImportPage.ConfirmAsync(page, staleToken, antiforgery);
        Assert.Contains("That upload has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ImportPage.ConfirmAsync(page, freshToken, antiforgery)).StatusCode);
        Assert.Equal(1 + Companies, await CompanyCountAsync(tenant));
    }
}
