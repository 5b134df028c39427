using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Performance;

/// <summary>Counts the SQL commands the app sends for each request that carries the
/// <see cref="Header"/>. The feature flag's cached read is left out: it is refreshed every few
/// seconds, whichever request happens to come then. The session check every signed-in request
/// makes (<see cref="UserSessions"/>) is counted on its own, so each budget is about its page.</summary>
public sealed class SqlCommandCounter(IHttpContextAccessor http) : DbCommandInterceptor
{
    public const string Header = "X-Count-Sql";

    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _texts = new();
    private readonly ConcurrentDictionary<string, int> _sessionChecks = new();

    public int For(string request) => _counts.GetValueOrDefault(request);

    public int SessionChecksFor(string request) => _sessionChecks.GetValueOrDefault(request);

    public string TextsFor(string request) => string.Join("\n---\n", _texts.GetValueOrDefault(request) ?? []);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    private void Count(DbCommand command)
    {
        var request = http.HttpContext?.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(request) || command.CommandText.Contains("tenant_config", StringComparison.Ordinal))
        {
            return;
        }

        if (command.CommandText.Contains(UserSessions.QueryTag, StringComparison.Ordinal))
        {
            _sessionChecks.AddOrUpdate(request, 1, (_, n) => n + 1);
            return;
        }

        _counts.AddOrUpdate(request, 1, (_, n) => n + 1);
        _texts.GetOrAdd(request, _ => new ConcurrentQueue<string>()).Enqueue(command.CommandText);
    }
}

/// <summary>The app with the command counter plugged into every context.</summary>
public sealed class SqlCountingAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<SqlCommandCounter>();
            services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<SqlCommandCounter>());
        });
    }
}

/// <summary>Each hot path sends a fixed number of SQL commands, whatever the amount of data behind
/// it (no N+1), within a budget. A change that adds a query per row, or a query to a hot path,
/// fails here before it shows in the benchmark. (On PostgreSQL each request also sets its
/// session once, outside EF: one more round trip, not counted.)</summary>
public sealed class SqlCommandBudgetTests(SqlCountingAppFactory factory) : IClassFixture<SqlCountingAppFactory>
{
    private static readonly Guid LastSaaSStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 11);

    private SqlCommandCounter Counter => factory.Services.GetRequiredService<SqlCommandCounter>();

    private sealed record Sent(int Count, string Commands, int SessionChecks);

    private async Task<Sent> SendCountingAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(SqlCommandCounter.Header, id);
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return new Sent(Counter.For(id), Counter.TextsFor(id), Counter.SessionChecksFor(id));
    }

    private async Task<int> CountAsync(HttpClient client, HttpMethod method, string url, object? body = null) =>
        (await SendCountingAsync(client, method, url, body)).Count;

    /// <summary>A page read the second time by the tenant's coach (the first read loads the cached
    /// analytics, which the budget does not count).</summary>
    private async Task<Sent> WarmPageAsync(TestTenant tenant, string url)
    {
        using var pages = await factory.PageClientForAsync(tenant.CoachEmail);
        await pages.GetAsync(url);
        return await SendCountingAsync(pages, HttpMethod.Get, url);
    }

    private static void WithinBudget(int budget, Sent sent, string what) =>
        Assert.True(sent.Count <= budget, $"{what} sent {sent.Count} SQL commands; its budget is {budget}:\n{sent.Commands}");

    /// <summary>A year of history for the company: interactions, updates, achievements with proof, program windows.</summary>
    private static Task AddHistoryAsync(TestTenant tenant, int interactions) => tenant.InScopeAsync(async (_, db) =>
    {
        var start = new DateTime(2025, 1, 1, 9, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < interactions; i++)
        {
            db.Interactions.Add(new Interaction { CompanyId = tenant.FounderCompanyId, Kind = InteractionKind.Meeting, OccurredAt = start.AddDays(i * 3), Subject = $"Session {i}", CreatedAt = start });
            db.CompanyUpdates.Add(new CompanyUpdate { CompanyId = tenant.FounderCompanyId, Period = $"P{i}", SubmittedAt = start.AddDays((i * 3) + 1), Summary = $"Update {i}", CreatedAt = start });
        }

        for (var step = 1; step <= Math.Min(interactions, 5); step++)
        {
            var milestone = new CompanyMilestone { CompanyId = tenant.FounderCompanyId, MilestoneId = SystemStandards.MilestoneId(SystemStandards.SaaS, step), LoggedAt = start };
            milestone.Achieve(start.AddDays((interactions * 3) - (step * 2)), "Verified.", null, null, start);
            db.CompanyMilestones.Add(milestone);
        }

        var program = new SupportProgram { Name = "Cohort " + Guid.NewGuid().ToString("N")[..6], CreatedAt = start };
        db.Programs.Add(program);
        db.ProgramEnrollments.Add(new ProgramEnrollment { ProgramId = program.Id, CompanyId = tenant.FounderCompanyId, EnrolledOn = new DateOnly(2025, 2, 1), CreatedAt = start });
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task EachSignedInRequestChecksItsSessionWithOneQuery()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        using var pages = await factory.PageClientForAsync(tenant.CoachEmail);

        // The account (exists, active, same security stamp) and whether this session was signed out.
        Assert.Equal(1, (await SendCountingAsync(coach, HttpMethod.Get, "/api/v1/me")).SessionChecks);
        Assert.Equal(1, (await SendCountingAsync(coach, HttpMethod.Get, $"/api/v1/companies/{tenant.FounderCompanyId}/timeline")).SessionChecks);
        Assert.Equal(1, (await SendCountingAsync(pages, HttpMethod.Get, "/Companies")).SessionChecks);
        Assert.Equal(1, (await SendCountingAsync(pages, HttpMethod.Get, $"/Companies/{tenant.FounderCompanyId}")).SessionChecks);
    }

    [Fact]
    public async Task ATimelinePageReadsEachSourceOnceHoweverLongTheHistory()
    {
        var small = await factory.CreateTenantAsync();
        var large = await factory.CreateTenantAsync();
        await AddHistoryAsync(small, 1);
        await AddHistoryAsync(large, 80);
        using var smallCoach = await small.CoachAsync();
        using var largeCoach = await large.CoachAsync();
        var smallCount = await CountAsync(smallCoach, HttpMethod.Get, $"/api/v1/companies/{small.FounderCompanyId}/timeline?limit=50");
        var largeSent = await SendCountingAsync(largeCoach, HttpMethod.Get, $"/api/v1/companies/{large.FounderCompanyId}/timeline?limit=50");
        var largeCount = largeSent.Count;
        var first = await largeCoach.GetFromJsonAsync<JsonElement>($"/api/v1/companies/{large.FounderCompanyId}/timeline?limit=50");
        var deepCount = await CountAsync(largeCoach, HttpMethod.Get, $"/api/v1/companies/{large.FounderCompanyId}/timeline?limit=50&cursor={first.GetProperty("nextCursor").GetString()}");

        // Milestones, interactions, updates, program windows: one query (UNION ALL) for all four.
        WithinBudget(1, largeSent, "A timeline page");
        Assert.Equal(smallCount, largeCount);
        Assert.Equal(largeCount, deepCount);
    }

    [Fact]
    public async Task TheCompanyProfileHasAFixedNumberOfQueries()
    {
        var small = await factory.CreateTenantAsync();
        var large = await factory.CreateTenantAsync();
        await AddHistoryAsync(small, 1);
        await AddHistoryAsync(large, 80);
        var sent = new[] { await WarmPageAsync(small, $"/Companies/{small.FounderCompanyId}"), await WarmPageAsync(large, $"/Companies/{large.FounderCompanyId}") };

        // The company; its roadmap (steps with progress; their proof files only when a step has
        // some, and these have none); the timeline's four
        // sources (one query); the interactions leading up to the milestones on the page. (The
        // navigation's "to verify" count is cached until a claim is written: OpenClaimsCount.)
        WithinBudget(4, sent[1], "The company profile");
        Assert.Equal(sent[0].Count, sent[1].Count);
    }

    [Fact]
    public async Task ThePortfolioCostsTheSameForOneCompanyAndForMany()
    {
        var small = await factory.CreateTenantAsync();
        var large = await factory.CreateTenantAsync();
        await large.InScopeAsync(async (_, db) =>
        {
            for (var i = 0; i < 40; i++)
            {
                db.Companies.Add(new Features.Companies.Company { Name = $"Portfolio Co {i:D2}", MilestoneTrackId = SystemStandards.SaaS, CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow });
            }

            await db.SaveChangesAsync();
        });

        var sent = new[] { await WarmPageAsync(small, "/"), await WarmPageAsync(large, "/") };

        // The coach and last contact of the companies on the page (one query). The velocity chips
        // come from the cached snapshots; the organization's name, the tracks in use and the
        // three filter lists from the cached lookups (PortfolioLookups), the navigation's "to
        // verify" count from OpenClaimsCount, each until a write changes them.
        WithinBudget(1, sent[1], "The portfolio");
        Assert.Equal(sent[0].Count, sent[1].Count);
    }

    [Fact]
    public async Task MarkAndUndoStayWithinTheirBudget()
    {
        var tenant = await factory.CreateTenantAsync();
        await AddHistoryAsync(tenant, 10);
        using var coach = await tenant.CoachAsync();
        var route = $"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{LastSaaSStep}";
        await CountAsync(coach, HttpMethod.Put, route, new { status = "achieved" });
        await CountAsync(coach, HttpMethod.Delete, route);

        var mark = await SendCountingAsync(coach, HttpMethod.Put, route, new { status = "achieved" });
        var undo = await SendCountingAsync(coach, HttpMethod.Delete, route);

        // The company with the track check and the row (one query), the change with its history entry (one batch
        // on PostgreSQL, two commands on SQLite), then the step as it now is (steps with progress;
        // proof files only when a step has some).
        var budget = TestDatabase.Provider == Web.Infrastructure.DatabaseProvider.Postgres ? 3 : 4;
        WithinBudget(budget, mark, "Marking a milestone");
        WithinBudget(budget, undo, "Undoing a milestone");
    }

    [Fact]
    public async Task AfterAMarkTheTracksVelocityReloadsOnlyTheChangedCompany()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var velocity = $"/api/v1/tracks/{SystemStandards.SaaS}/velocity";
        var cold = await CountAsync(coach, HttpMethod.Get, velocity);
        var warm = await CountAsync(coach, HttpMethod.Get, velocity);
        await CountAsync(coach, HttpMethod.Put, $"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{LastSaaSStep}", new { status = "achieved" });
        var afterMark = await SendCountingAsync(coach, HttpMethod.Get, velocity);

        // The track check, then the track's steps, companies and achievements; when nothing
        // changed, nothing (the cached snapshot answers); after a mark, the track check and the
        // changed company's achievements.
        Assert.Equal(4, cold);
        Assert.Equal(0, warm);
        WithinBudget(2, afterMark, "Track velocity after a mark");
    }

    [Fact]
    public async Task TheReportsReadEachTableOnceWhateverTheNumberOfCompanies()
    {
        var small = await factory.CreateTenantAsync();
        var large = await factory.CreateTenantAsync();
        await AddHistoryAsync(small, 1);
        await large.InScopeAsync(async (_, db) =>
        {
            var program = new SupportProgram { Name = "Cohort", CreatedAt = db.UtcNow };
            db.Programs.Add(program);
            for (var i = 0; i < 30; i++)
            {
                var company = new Features.Companies.Company { Name = $"Report Co {i:D2}", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = new DateOnly(2023, 1, 1), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
                db.Companies.Add(company);
                db.ProgramEnrollments.Add(new ProgramEnrollment { ProgramId = program.Id, CompanyId = company.Id, EnrolledOn = new DateOnly(2024, 1, 1), CreatedAt = db.UtcNow });
                var milestone = new CompanyMilestone { CompanyId = company.Id, MilestoneId = SystemStandards.MilestoneId(SystemStandards.SaaS, 1), LoggedAt = db.UtcNow };
                milestone.Achieve(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), null, null, null, db.UtcNow);
                db.CompanyMilestones.Add(milestone);
            }

            await db.SaveChangesAsync();
        });

        foreach (var report in new[] { "attribution", "program-lift" })
        {
            var sent = new List<Sent>();
            foreach (var tenant in new[] { small, large })
            {
                using var admin = await tenant.AdminAsync();
                sent.Add(await SendCountingAsync(admin, HttpMethod.Get, $"/api/v1/reports/{report}"));
            }

            // Companies, enrolment windows, achievements, programs; once, then cached until a write.
            WithinBudget(4, sent[1], "The " + report + " report");
            Assert.Equal(sent[0].Count, sent[1].Count);
        }

        using var again = await large.AdminAsync();
        Assert.Equal(0, await CountAsync(again, HttpMethod.Get, "/api/v1/reports/attribution"));

        // After a mark, only the marked company's achievements are read again.
        await CountAsync(again, HttpMethod.Put, $"/api/v1/companies/{large.FounderCompanyId}/milestones/{LastSaaSStep}", new { status = "achieved" });
        Assert.Equal(1, await CountAsync(again, HttpMethod.Get, "/api/v1/reports/attribution"));
    }
    [Fact]
    public async Task ProgramEffectsReadEachTableOnceAndAfterAMeetingOnlyThatCompany()
    {
        var small = await factory.CreateTenantAsync();
        var large = await factory.CreateTenantAsync();
        await AddHistoryAsync(small, 1);
        await AddHistoryAsync(large, 30);
        var sent = new List<Sent>();
        foreach (var tenant in new[] { small, large })
        {
            using var admin = await tenant.AdminAsync();
            sent.Add(await SendCountingAsync(admin, HttpMethod.Get, "/api/v1/reports/program-effects?by=program"));
        }

        // Steps, companies, achievements, enrolments, meetings, programs: once, whatever the size.
        WithinBudget(6, sent[1], "Program effects");
        Assert.Equal(sent[0].Count, sent[1].Count);

        using var again = await large.AdminAsync();
        Assert.Equal(0, await CountAsync(again, HttpMethod.Get, "/api/v1/reports/program-effects"));

        // A meeting logged: the next read takes that company's achievements, enrolments and meetings.
        await CountAsync(again, HttpMethod.Post, $"/api/v1/companies/{large.FounderCompanyId}/interactions", new { kind = "meeting", occurredAt = DateTime.UtcNow.AddDays(-1), subject = "Check-in" });
        Assert.Equal(3, await CountAsync(again, HttpMethod.Get, "/api/v1/reports/program-effects"));
    }
}
