using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Authorization;

public enum Actor
{
    Anonymous,
    FounderOfThisCompany,
    FounderOfAnotherCompany,
    Coach,
    Admin,
    AdminOfAnotherTenant,
    PlatformOperator,
}

/// <summary>Two organizations, every kind of user, and one of everything in the first: the world the
/// authorization matrix runs in.</summary>
public sealed partial class MatrixFixture : IAsyncLifetime
{
    public AppFactory Factory { get; } = new();
    public TestTenant Tenant { get; private set; } = null!;
    public TestTenant Other { get; private set; } = null!;
    public Guid CompanyA => Tenant.FounderCompanyId;
    public Guid CompanyB { get; private set; }
    public Guid CustomTrack { get; private set; }
    public Guid CustomMilestone { get; private set; }
    public Guid Program { get; private set; }
    public Guid Enrollment { get; private set; }
    public Guid EvidenceFile { get; private set; }

    /// <summary>An open claim by the founder of company A, with a file: what refused decisions point at.</summary>
    public Guid OpenClaim { get; private set; }

    /// <summary>An account of the first organization that admins' requests change.</summary>
    public Guid Target { get; private set; }

    /// <summary>Who the row being checked is sent as (for rows that end the sender's own session).</summary>
    public Actor Acting { get; set; }
    public static readonly Guid SaaSStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);

    private readonly Dictionary<Actor, HttpClient> _api = [];
    private readonly Dictionary<Actor, HttpClient> _pages = [];
    private readonly Dictionary<Actor, string> _emails = [];
    private readonly Dictionary<HttpClient, string> _antiforgery = [];
    private IReadOnlyList<string>? _tables;
    private int _counter;

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        Tenant = await Factory.CreateTenantAsync(name: "Matrix Org");
        Other = await Factory.CreateTenantAsync(name: "Other Org");
        using var admin = await Tenant.AdminAsync();
        CompanyB = (await (await admin.PostAsJsonAsync("/api/v1/companies", new { name = "Company B" })).JsonBody()).GetProperty("id").GetGuid();
        await admin.PostAsJsonAsync("/api/v1/users", new { email = "founder-b@matrix.test", password = AppFactory.Password, displayName = "Founder B", role = "founder", companyId = CompanyB });
        var track = await (await admin.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/copy", new { title = "Matrix Track" })).JsonBody();
        CustomTrack = track.GetProperty("id").GetGuid();
        CustomMilestone = track.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        Program = (await (await admin.PostAsJsonAsync("/api/v1/programs", new { name = "Matrix Cohort" })).JsonBody()).GetProperty("id").GetGuid();
        Enrollment = (await (await admin.PostAsJsonAsync($"/api/v1/programs/{Program}/enrollments", new { companyId = CompanyA, enrolledOn = "2025-01-01" })).JsonBody()).GetProperty("id").GetGuid();
        Target = (await (await admin.PostAsJsonAsync("/api/v1/users", new { email = "target@matrix.test", password = AppFactory.Password, displayName = "Matrix Target", role = "coach" })).JsonBody()).GetProperty("id").GetGuid();
        using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 matrix"u8.ToArray()), "file", "proof.pdf" } };
        EvidenceFile = (await (await admin.PostAsync($"/api/v1/companies/{CompanyA}/milestones/{SaaSStep}/evidence", form)).JsonBody()).GetProperty("id").GetGuid();

        using (var founder = await Tenant.FounderAsync())
        {
            OpenClaim = (await (await founder.PostAsJsonAsync($"/api/v1/companies/{CompanyA}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 2)}/claims", new { achievedOn = "2024-03-01" })).JsonBody()).GetProperty("id").GetGuid();
            using var claimFile = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 claim"u8.ToArray()), "file", "claim.pdf" } };
            (await founder.PostAsync($"/api/v1/claims/{OpenClaim}/file", claimFile)).EnsureSuccessStatusCode();
        }

        _emails[Actor.FounderOfThisCompany] = Tenant.FounderEmail;
        _emails[Actor.FounderOfAnotherCompany] = "founder-b@matrix.test";
        _emails[Actor.Coach] = Tenant.CoachEmail;
        _emails[Actor.Admin] = Tenant.AdminEmail;
        _emails[Actor.AdminOfAnotherTenant] = Other.AdminEmail;
        _emails[Actor.PlatformOperator] = await Factory.EnsureOperatorAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _api.Values.Concat(_pages.Values))
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
    }

    /// <summary>A unique suffix for names and emails made by repeated requests.</summary>
    public string Unique() => $"{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..12];

    public async Task<HttpClient> ApiAsync(Actor actor)
    {
        if (!_api.TryGetValue(actor, out var client))
        {
            client = Factory.AnonymousClient();
            if (actor != Actor.Anonymous)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Factory.TokenForAsync(_emails[actor]));
            }

            _api[actor] = client;
        }

        return client;
    }

    /// <summary>A bearer token of a new sign-in of <paramref name="actor"/>: ending it leaves the
    /// actor's other clients signed in.</summary>
    public async Task<string> NewTokenAsync(Actor actor) =>
        (await Factory.NewLoginAsync(_emails[actor])).GetProperty("accessToken").GetString()!;

    /// <summary>A browser-like client signed in with the cookie, for pages.</summary>
    public async Task<HttpClient> PagesAsync(Actor actor)
    {
        if (!_pages.TryGetValue(actor, out var client))
        {
            client = actor == Actor.Anonymous
                ? Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
                : await Factory.PageClientForAsync(_emails[actor]);
            _pages[actor] = client;
        }

        return client;
    }

    /// <summary>A company of the first organization made for one request that changes it.</summary>
    public Task<Guid> FreshCompanyAsync() => Tenant.InScopeAsync(async (_, db) =>
    {
        var company = new Features.Companies.Company { Name = "Fresh " + Unique(), MilestoneTrackId = SystemStandards.SaaS, CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        return company.Id;
    });

    /// <summary>Drops the signed-in clients, so the next request of each actor signs in afresh: after
    /// a row that ended every session of an account ("sign out everywhere").</summary>
    public void ForgetSignIns()
    {
        foreach (var client in _api.Values.Concat(_pages.Values))
        {
            _antiforgery.Remove(client);
            client.Dispose();
        }

        _api.Clear();
        _pages.Clear();
        Factory.ForgetTokens();
    }

    /// <summary>An archived company of the first organization, for one request that restores it.</summary>
    public Task<Guid> ArchivedCompanyAsync() => Tenant.InScopeAsync(async (_, db) =>
    {
        var company = new Features.Companies.Company { Name = "Archived " + Unique(), MilestoneTrackId = SystemStandards.SaaS, CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow, ArchivedAt = db.UtcNow };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        return company.Id;
    });

    /// <summary>A browser-like client of its own, for a request that changes who the client is
    /// (signing in, signing out); the caller disposes it.</summary>
    public async Task<HttpClient> FreshPagesAsync(Actor actor) =>
        actor == Actor.Anonymous
            ? Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
            : await Factory.PageClientForAsync(_emails[actor]);

    /// <summary>The antiforgery token a form shown to this client carries (any page's form: the token
    /// belongs to the client's cookie and user, not to a page). The login page shows a form to everyone.</summary>
    public async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        if (!_antiforgery.TryGetValue(client, out var token))
        {
            var page = await client.GetStringAsync("/Account/Login");
            token = AntiforgeryField().Match(page).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(token), "The login page carries no antiforgery token.");
            _antiforgery[client] = token;
        }

        return token;
    }

    /// <summary>What every application table holds, read past row-level security (PostgreSQL: the
    /// test's superuser connection) and past the query filters (raw SQL): table → digest of its rows.
    /// Two equal fingerprints mean a request changed nothing in the database.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FingerprintAsync()
    {
        _tables ??= await Factory.InScopeAsync(null, (_, db) => Task.FromResult<IReadOnlyList<string>>(db.Model.GetEntityTypes()
            .Select(e => e.GetTableName())
            .OfType<string>()
            .Where(t => t != "data_protection_keys")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList()));
        await using var connection = TestDatabase.IsPostgres
            ? (DbConnection)new Npgsql.NpgsqlConnection(Factory.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        var fingerprint = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in _tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
                }
            }

            rows.Sort(StringComparer.Ordinal);
            fingerprint[table] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", rows))));
        }

        return fingerprint;
    }

    /// <summary>The path of a new address of the coach's calendar feed (a new one per request, as
    /// the matrix's own POST row rotates the actors' addresses).</summary>
    public async Task<string> CoachFeedPathAsync()
    {
        using var coach = await Tenant.CoachAsync();
        var issued = await (await coach.PostAsync("/api/v1/me/calendar-feed", null)).JsonBody();
        return new Uri(issued.GetProperty("url").GetString()!).PathAndQuery;
    }

    /// <summary>An upload previewed by the first organization's admin and waiting for confirmation: its token.</summary>
    public async Task<string> PendingImportAsync(string csv)
    {
        var admin = await PagesAsync(Actor.Admin);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await AntiforgeryTokenAsync(admin)), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "import.csv" },
        };
        using var preview = await admin.PostAsync("/Imports?handler=Preview", form);
        var token = PendingToken().Match(await preview.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The preview offers no confirmation.");
        return token;
    }

    /// <summary>A calendar upload of the organization's admin waiting for its confirm, as <see cref="PendingImportAsync"/>.</summary>
    public async Task<string> PendingCalendarImportAsync(string ics)
    {
        var admin = await PagesAsync(Actor.Admin);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await AntiforgeryTokenAsync(admin)), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(ics)), "file", "meetings.ics" },
        };
        using var preview = await admin.PostAsync("/Imports/Calendar?handler=Preview", form);
        var token = PendingToken().Match(await preview.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The calendar preview offers no confirmation.");
        return token;
    }

    private int _claimStep = 2;

    /// <summary>A SaaS step of company A that nobody has claimed or marked yet (steps 3 to 10; 11 is for declines).</summary>
    public Guid UnclaimedStep()
    {
        var step = Interlocked.Increment(ref _claimStep);
        Assert.True(step <= 10, "The matrix ran out of unclaimed SaaS steps.");
        return SystemStandards.MilestoneId(SystemStandards.SaaS, step);
    }

    /// <summary>For a decision row: a fresh open claim when the actor may decide (the decision uses
    /// it up), else the standing open claim (which a refusal must leave as it is).</summary>
    public async Task<Guid> ClaimToDecideAsync(bool approving)
    {
        if (Acting is not (Actor.Coach or Actor.Admin))
        {
            return OpenClaim;
        }

        // A declined claim leaves its step free, so declines reuse the last step.
        var step = approving ? UnclaimedStep() : SystemStandards.MilestoneId(SystemStandards.SaaS, 11);
        using var founder = await Tenant.FounderAsync();
        var created = await founder.PostAsJsonAsync($"/api/v1/companies/{CompanyA}/milestones/{step}/claims", new { achievedOn = "2024-04-01" });
        return (await created.JsonBody()).GetProperty("id").GetGuid();
    }

    /// <summary>A milestone added to the Custom Track for one request that archives it.</summary>
    public async Task<Guid> DoomedMilestoneAsync()
    {
        using var admin = await Tenant.AdminAsync();
        var track = await (await admin.PostAsJsonAsync($"/api/v1/tracks/{CustomTrack}/milestones", new { title = "Doomed " + Unique() })).JsonBody();
        return track.GetProperty("milestones").EnumerateArray().Last().GetProperty("id").GetGuid();
    }

    /// <summary>An archived milestone of the Custom Track, for one request that restores it.</summary>
    public async Task<Guid> ArchivedMilestoneAsync()
    {
        var id = await DoomedMilestoneAsync();
        using var admin = await Tenant.AdminAsync();
        (await admin.DeleteAsync($"/api/v1/tracks/{CustomTrack}/milestones/{id}")).EnsureSuccessStatusCode();
        return id;
    }

    [GeneratedRegex("name=\"Token\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex PendingToken();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
