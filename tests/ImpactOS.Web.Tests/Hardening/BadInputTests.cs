using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>Hostile input against every write: never a 500; a refusal is a 4xx problem and changes
/// nothing; what is accepted is stored exactly and rendered harmlessly.</summary>
public sealed class BadInputTests(AppFactory factory) : IClassFixture<AppFactory>
{
    /// <summary>Each hostile value as raw JSON (so a lone surrogate reaches the server as sent) and,
    /// for ordinary text that may be accepted, the text it must be stored as.</summary>
    public static readonly IReadOnlyDictionary<string, (string Json, string? Text)> Values = new Dictionary<string, (string, string?)>
    {
        ["empty"] = ("\"\"", ""),
        ["megabyte"] = ("\"" + new string('a', 1024 * 1024) + "\"", null),
        ["nul"] = ("\"before\\u0000after\"", null),
        ["lone surrogate"] = ("\"broken\\ud800text\"", null),
        ["rtl override"] = ("\"invoice\\u202efdp.exe\"", null),
        ["markup"] = (JsonSerializer.Serialize("\"><img src=x onerror=alert(1)>"), "\"><img src=x onerror=alert(1)>"),
        ["sql"] = (JsonSerializer.Serialize("' OR 1=1--"), "' OR 1=1--"),
        ["unicode"] = (JsonSerializer.Serialize("Zoë Café Ω 🚀"), "Zoë Café Ω 🚀"),
    };

    private const string Placeholder = "@@VALUE@@";

    /// <summary>Each write with one text field under attack: (name, method, route, body with the value in it).</summary>
    /// <summary>Each write with one text field under attack: its route, a body with the field, and whether the field is required.</summary>
    public static readonly (string Name, string Method, Func<TestTenant, string> Route, Func<string, object> Body, bool Required)[] Writes =
    [
        ("company name", "POST", _ => "/api/v1/companies", v => new { name = v }, true),
        ("company industry", "PUT", t => $"/api/v1/companies/{t.FounderCompanyId}", v => new { name = "Still named", industry = v }, false),
        ("track title", "POST", _ => "/api/v1/tracks", v => new { title = v }, true),
        ("milestone title", "POST", _ => $"/api/v1/tracks/{SystemStandards.SaaS}/copy", v => new { title = v }, true),
        ("interaction subject", "POST", t => $"/api/v1/companies/{t.FounderCompanyId}/interactions", v => new { kind = "note", occurredAt = "2025-01-01T00:00:00Z", subject = v }, true),
        ("interaction notes", "POST", t => $"/api/v1/companies/{t.FounderCompanyId}/interactions", v => new { kind = "note", occurredAt = "2025-01-01T00:00:00Z", subject = "Notes", notes = v }, false),
        ("update summary", "POST", t => $"/api/v1/companies/{t.FounderCompanyId}/updates", v => new { period = "Q1", summary = v }, true),
        ("program name", "POST", _ => "/api/v1/programs", v => new { name = v }, true),
        ("evidence note", "PUT", t => $"/api/v1/companies/{t.FounderCompanyId}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 1)}", v => new { achievedAt = "2024-02-01T00:00:00Z", evidenceNote = v }, false),
        ("person name", "POST", _ => "/api/v1/users", v => new { email = $"p{Guid.NewGuid():N}@test.example", password = AppFactory.Password, displayName = v, role = "coach" }, true),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var write in Writes)
        {
            foreach (var value in Values.Keys)
            {
                data.Add(write.Name, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileTextIsRefusedCleanlyOrStoredExactly(string write, string value)
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var (_, method, route, body, required) = Writes.Single(w => w.Name == write);
        var (json, text) = Values[value];
        var before = await CountsAsync(tenant);
        var raw = JsonSerializer.Serialize(body(Placeholder)).Replace("\"" + Placeholder + "\"", json, StringComparison.Ordinal);

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), route(tenant)) { Content = new StringContent(raw, Encoding.UTF8, "application/json") });
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{write} with {value}: {status} {await response.Content.ReadAsStringAsync()}");
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(before, await CountsAsync(tenant));
        }
        else
        {
            // Accepted: only ordinary text gets here, and it is kept exactly.
            Assert.NotNull(text);
            if (text.Length > 0)
            {
                Assert.Contains(text, Strings(await response.Content.ReadFromJsonAsync<JsonElement>()));
            }
        }

        if (value is "megabyte" or "nul" or "lone surrogate" or "rtl override" || (value == "empty" && required))
        {
            Assert.True(status is 400 or 413, $"{write} with {value} was accepted ({status}).");
        }
    }

    [Fact]
    public async Task MarkupInANameIsShownAsTextOnThePages()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var markup = Values["markup"].Text!;
        var created = await (await admin.PostAsJsonAsync("/api/v1/companies", new { name = markup }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        var id = created.GetProperty("id").GetGuid();

        using var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await browser.GetStringAsync("/Account/Login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = tenant.AdminEmail, ["Password"] = AppFactory.Password, ["__RequestVerificationToken"] = token }));
        foreach (var page in new[] { $"/Companies/{id}", "/Companies", "/" })
        {
            var html = await browser.GetStringAsync(page);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"name\":\"X\",\"foundedOn\":\"2026-02-30\"}")]
    [InlineData("{\"name\":\"X\",\"foundedOn\":\"9999-12-31\"}")]
    [InlineData("{\"name\":\"X\",\"foundedOn\":\"yesterday\"}")]
    [InlineData("{\"name\":\"X\",\"milestoneTrackId\":\"not-a-guid\"}")]
    [InlineData("{\"name\":\"X\",\"milestoneTrackId\":\"00000000-0000-0000-0000-000000000000\"}")]
    [InlineData("{\"name\":[1,2,3]}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"name\":\"X\"")]
    public async Task MalformedCompaniesAreRefusedWithout500(string json)
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var before = await CountsAsync(tenant);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await coach.PostAsync("/api/v1/companies", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountsAsync(tenant));
    }

    [Fact]
    public async Task OtherTenantsIdsInBodiesAndQueriesAreRefused()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var otherAdmin = await other.AdminAsync();
        var foreignTrack = (await (await otherAdmin.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/copy", new { title = "Foreign" })).JsonBody()).GetProperty("id").GetGuid();
        var foreignProgram = (await (await otherAdmin.PostAsJsonAsync("/api/v1/programs", new { name = "Foreign program" })).JsonBody()).GetProperty("id").GetGuid();

        using var admin = await tenant.AdminAsync();
        var before = await CountsAsync(tenant);
        await admin.PostAsJsonAsync("/api/v1/companies", new { name = "Uses foreign track", milestoneTrackId = foreignTrack }).ShouldBeInvalid("milestoneTrackId");
        await admin.PostAsJsonAsync("/api/v1/users", new { email = "f@x.test", password = AppFactory.Password, displayName = "F", role = "founder", companyId = other.FounderCompanyId }).ShouldBeInvalid("companyId");
        await admin.PostAsJsonAsync($"/api/v1/programs/{foreignProgram}/enrollments", new { companyId = tenant.FounderCompanyId, enrolledOn = "2025-01-01" }).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.GetAsync($"/api/v1/reports/attribution?programId={foreignProgram}").ShouldBeInvalid("programId");
        await admin.GetAsync($"/api/v1/companies?trackId={foreignTrack}").Json200();
        await admin.GetAsync($"/api/v1/portfolio?programId={foreignProgram}").Json200();
        Assert.Equal(before, await CountsAsync(tenant));
    }

    /// <summary>Every string anywhere in a JSON document.</summary>
    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private Task<string> CountsAsync(TestTenant tenant) => tenant.InScopeAsync(async (_, db) =>
        string.Join(",",
            await db.Companies.IgnoreQueryFilters().CountAsync(),
            await db.MilestoneTracks.CountAsync(),
            await db.MilestoneDefinitions.IgnoreQueryFilters().CountAsync(),
            await db.CompanyMilestones.CountAsync(),
            await db.MilestoneEvents.CountAsync(),
            await db.Interactions.CountAsync(),
            await db.CompanyUpdates.CountAsync(),
            await db.Programs.CountAsync(),
            await db.ProgramEnrollments.CountAsync(),
            await db.Users.CountAsync()));
}
