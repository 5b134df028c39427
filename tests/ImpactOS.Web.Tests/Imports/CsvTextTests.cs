using System.Net;
using System.Text;
using System.Text.Json;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Imports;

/// <summary>Text that is not what it claims is refused with the line it goes wrong on, and nothing
/// is written: a quote left open, bytes that are not UTF-8 (issue 14, finding 8).</summary>
public sealed class CsvTextTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string Header = "company,milestone,achieved_at,evidence_note\n";

    private static readonly byte[] UnclosedQuote = Encoding.UTF8.GetBytes(Header +
        "Good Co,Business model hypothesis,2022-03-01,fine\n" +
        "Open Co,Business model hypothesis,2022-03-01,\"this note never ends\n" +
        "Third Co,Business model hypothesis,2022-03-01,\n" +
        "Fourth Co,Business model hypothesis,2022-03-01,\n");

    /// <summary>"Café" in Latin-1 (0xE9 is not UTF-8) on line 503, past the first read buffers.</summary>
    private static byte[] Latin1(int goodRows = 501)
    {
        var text = new StringBuilder(Header);
        for (var i = 1; i <= goodRows; i++)
        {
            text.Append("Good Co ").Append(i).Append(",Business model hypothesis,2022-03-01,fine\n");
        }

        text.Append("Café Co,Business model hypothesis,2022-03-01,\n").Append("Last Co,Business model hypothesis,2022-03-01,\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return client.PostAsync("/api/v1/imports/milestones", content);
    }

    private static Task<int> CompanyCountAsync(TestTenant tenant) => tenant.InScopeAsync((_, db) => db.Companies.CountAsync());

    private static JsonElement SingleError(JsonElement problem, int line)
    {
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(line, error.GetProperty("row").GetInt32());
        Assert.Contains($"line {line}", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        return error;
    }

    [Fact]
    public async Task AQuoteLeftOpenIsRefusedWithTheLineItOpensOnAndNothingIsWritten()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();

        var problem = await ImportAsync(coach, UnclosedQuote).ShouldBeProblem(HttpStatusCode.BadRequest);

        SingleError(problem, 3);
        Assert.Equal(1, await CompanyCountAsync(tenant));
    }

    [Fact]
    public async Task AQuoteInsideAQuotedFieldThatIsNotDoubledIsRefusedWithItsLine()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var file = Encoding.UTF8.GetBytes(Header +
            "Good Co,Business model hypothesis,2022-03-01,\"two\nlines are fine\"\n" +
            "Odd Co,Business model hypothesis,2022-03-01,\"a \"quoted\" word\"\n");

        var problem = await ImportAsync(coach, file).ShouldBeProblem(HttpStatusCode.BadRequest);

        SingleError(problem, 4);
        Assert.Equal(1, await CompanyCountAsync(tenant));
    }

    [Fact]
    public async Task AFileThatIsNotUtf8IsRefusedWithTheLineOfTheFirstBadByteAndNothingIsWritten()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();

        var problem = await ImportAsync(coach, Latin1()).ShouldBeProblem(HttpStatusCode.BadRequest);

        var error = SingleError(problem, 503);
        Assert.Contains("UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CompanyCountAsync(tenant));
    }

    [Fact]
    public async Task AUtf8FileWithAByteOrderMarkAndAQuotedNoteOverSeveralLinesImportsIntact()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var file = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Header +
            "Café Crème,Business model hypothesis,2022-03-01,\"first line\nsecond line, with a \"\"quote\"\"\"\n")).ToArray();

        var imported = await ImportAsync(coach, file).Json200();

        Assert.Equal(1, imported.GetProperty("companiesCreated").GetInt32());
        var company = await tenant.InScopeAsync((_, db) => db.Companies.SingleAsync(c => c.Id != tenant.FounderCompanyId));
        Assert.Equal("Café Crème", company.Name);
        var note = await tenant.InScopeAsync((_, db) => db.CompanyMilestones.Where(m => m.CompanyId == company.Id).Select(m => m.EvidenceNote).SingleAsync());
        Assert.Equal("first line\nsecond line, with a \"quote\"", note);
    }

    [Fact]
    public async Task TheImportPageShowsTheLineOfAnOpenQuoteOrABadByteAndOffersNoConfirm()
    {
        var tenant = await factory.CreateTenantAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);

        var quote = await ImportPage.PreviewAsync(page, UnclosedQuote);
        var latin1 = await ImportPage.PreviewAsync(page, Latin1(goodRows: 1));

        Assert.Contains("opens on line 3", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Token\"", quote, StringComparison.Ordinal);
        Assert.Contains("Line 3 is not UTF-8", latin1, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Token\"", latin1, StringComparison.Ordinal);
        Assert.Equal(1, await CompanyCountAsync(tenant));
    }
}
