using System.Net;
using System.Net.Http.Json;
using System.Text;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Companies;

/// <summary>Companies' email domains: through the API and the CSV import, normalized, one company per domain.</summary>
public sealed class CompanyDomainsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static List<string?> Domains(System.Text.Json.JsonElement company) =>
        company.GetProperty("domains").EnumerateArray().Select(d => d.GetString()).ToList();

    [Theory]
    [InlineData(" Lumen.IO ", "lumen.io")]
    [InlineData("@lumen.io.", "lumen.io")]
    [InlineData("eu.lumen.co.uk", "eu.lumen.co.uk")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("lumen", null)]
    [InlineData("lumen..io", null)]
    [InlineData("-lumen.io", null)]
    [InlineData("lumen_io.com", null)]
    [InlineData("10.0.0.1", null)]
    [InlineData("ada@lumen.io", null)]
    [InlineData("https://lumen.io", null)]
    [InlineData("lumen.io/about", null)]
    public void A_domain_is_kept_lower_case_in_ascii_or_refused(string given, string? kept) =>
        Assert.Equal(kept, CompanyDomains.Normalize(given));

    [Fact]
    public async Task Domains_are_given_changed_and_removed_through_the_api_one_company_each()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();

        var created = await (await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Lumen", domains = new[] { "Lumen.IO", "lumen.com", "lumen.io" } }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(["lumen.com", "lumen.io"], Domains(created));
        Assert.Equal(["lumen.com", "lumen.io"], Domains(await coach.GetAsync($"/api/v1/companies/{id}").Json200()));
        var listed = (await coach.GetAsync("/api/v1/companies?q=Lumen").Json200()).GetProperty("items")[0];
        Assert.Equal(["lumen.com", "lumen.io"], Domains(listed));

        await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Copycat", domains = new[] { "lumen.io" } }).ShouldBeInvalid("domains");
        await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Webmail", domains = new[] { "gmail.com" } }).ShouldBeInvalid("domains");
        await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Typo", domains = new[] { "not a domain" } }).ShouldBeInvalid("domains");
        await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Many", domains = Enumerable.Range(0, 21).Select(i => $"d{i}.example").ToArray() }).ShouldBeInvalid("domains");
        var names = (await coach.GetAsync("/api/v1/companies").Json200()).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain(names, n => n is "Copycat" or "Webmail" or "Typo" or "Many");

        // Without domains a PUT leaves them; with a list it makes them exactly that.
        var kept = await coach.PutAsJsonAsync($"/api/v1/companies/{id}", new { name = "Lumen Analytics" }).Json200();
        Assert.Equal(["lumen.com", "lumen.io"], Domains(kept));
        var changed = await coach.PutAsJsonAsync($"/api/v1/companies/{id}", new { name = "Lumen Analytics", domains = new[] { "lumen.io", "lumen.ai" } }).Json200();
        Assert.Equal(["lumen.ai", "lumen.io"], Domains(changed));

        // A domain given up is free for another company; the removed row is archived, not deleted.
        var other = await (await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Lumen Spinout", domains = new[] { "lumen.com" } }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        Assert.Equal(["lumen.com"], Domains(other));
        var cleared = await coach.PutAsJsonAsync($"/api/v1/companies/{id}", new { name = "Lumen Analytics", domains = Array.Empty<string>() }).Json200();
        Assert.Empty(Domains(cleared));
        Assert.Equal(3, await tenant.InScopeAsync((_, db) => db.CompanyDomains.IgnoreQueryFilters().CountAsync(d => d.CompanyId == id && d.ArchivedAt != null)));
    }

    [Fact]
    public async Task The_same_domain_may_belong_to_a_company_in_each_organization()
    {
        var first = await factory.CreateTenantAsync();
        var second = await factory.CreateTenantAsync();
        using var one = await first.CoachAsync();
        using var two = await second.CoachAsync();
        await one.PostAsJsonAsync("/api/v1/companies", new { name = "Lumen", domains = new[] { "lumen.io" } }).ShouldBe(HttpStatusCode.Created);
        await two.PostAsJsonAsync("/api/v1/companies", new { name = "Lumen", domains = new[] { "lumen.io" } }).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_csv_import_gives_domains_to_new_and_existing_companies_and_refuses_another_companys()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var existing = await (await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Acme Robotics", domains = new[] { "acme.example" } }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        var header = "company,domains,milestone,achieved_at\n";
        var csv = header
            + "Nova Labs,nova.example; novalabs.example,Business model hypothesis,2024-01-01\n"
            + "Nova Labs,nova.example,Problem Validation,2024-02-01\n"
            + "Acme Robotics,\"acme.example, acme-robotics.example\",Business model hypothesis,2024-01-01\n";

        var preview = await coach.PostAsync("/api/v1/imports/milestones?dryRun=true", new StringContent(csv, Encoding.UTF8, "text/csv")).Json200();
        Assert.Equal(3, preview.GetProperty("domainsAdded").GetInt32());
        var imported = await coach.PostAsync("/api/v1/imports/milestones", new StringContent(csv, Encoding.UTF8, "text/csv")).Json200();
        Assert.Equal(3, imported.GetProperty("domainsAdded").GetInt32());
        var companies = (await coach.GetAsync("/api/v1/companies").Json200()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["nova.example", "novalabs.example"], Domains(companies.Single(c => c.GetProperty("name").GetString() == "Nova Labs")));
        Assert.Equal(["acme-robotics.example", "acme.example"], Domains(await coach.GetAsync($"/api/v1/companies/{existing.GetProperty("id").GetGuid()}").Json200()));

        var again = await coach.PostAsync("/api/v1/imports/milestones", new StringContent(csv, Encoding.UTF8, "text/csv")).Json200();
        Assert.Equal(0, again.GetProperty("domainsAdded").GetInt32());

        var conflicting = header
            + "Orbit,acme.example,Business model hypothesis,2024-01-01\n"
            + "Zeta,zeta.example,Business model hypothesis,2024-01-01\n"
            + "Yota,zeta.example,Business model hypothesis,2024-01-01\n"
            + "Typo Co,not_a_domain,Business model hypothesis,2024-01-01\n";
        var problem = await coach.PostAsync("/api/v1/imports/milestones", new StringContent(conflicting, Encoding.UTF8, "text/csv")).ShouldBeProblem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(errors, e => e.Row == 2 && e.Column == "domains" && e.Message.Contains("Acme Robotics", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "domains" && e.Message.Contains("Row 3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 5 && e.Column == "domains");
        Assert.DoesNotContain(companies, c => c.GetProperty("name").GetString() == "Orbit");
        Assert.Equal(0, await tenant.InScopeAsync((_, db) => db.CompanyDomains.CountAsync(d => d.Domain == "zeta.example")));
    }
}
