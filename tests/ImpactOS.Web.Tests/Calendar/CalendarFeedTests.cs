using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using IcalCalendar = Ical.Net.Calendar;

namespace ImpactOS.Web.Tests.Calendar;

/// <summary>The calendar feed end to end, on SQLite and PostgreSQL: an address is made through the
/// API, fetched without signing in, parsed back with Ical.Net; it holds what its user may see and
/// nothing of another organization; revoking and rotating close the old address.</summary>
public sealed class CalendarFeedTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
    private static readonly Guid SecondStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);

    private sealed record World(TestTenant Tenant, string FounderCompany, string OtherCompany, TestTenant Elsewhere, string ElsewhereCompany);

    private async Task<World> WorldAsync()
    {
        var tenant = await factory.CreateTenantAsync(name: "Feed Org " + Guid.NewGuid().ToString("N")[..6]);
        using var admin = await tenant.AdminAsync();
        var founderCompany = (await admin.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}").Json200()).GetProperty("name").GetString()!;
        var otherName = "Other Feed Co " + Guid.NewGuid().ToString("N")[..6];
        var other = (await (await admin.PostAsJsonAsync("/api/v1/companies", new { name = otherName, foundedOn = "2024-01-01" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();
        await admin.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{FirstStep}", new { achievedAt = "2025-03-31T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await admin.PutAsJsonAsync($"/api/v1/companies/{other}/milestones/{FirstStep}", new { achievedAt = "2025-02-10T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await admin.PutAsJsonAsync($"/api/v1/companies/{other}/milestones/{SecondStep}", new { achievedAt = "2025-05-20T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        var program = (await (await admin.PostAsJsonAsync("/api/v1/programs", new { name = "Spring Cohort", startsOn = "2025-04-01", endsOn = "2025-06-30" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();
        await admin.PostAsJsonAsync($"/api/v1/programs/{program}/enrollments", new { companyId = tenant.FounderCompanyId, enrolledOn = "2025-04-01", exitedOn = "2025-05-15" }).ShouldBe(HttpStatusCode.Created);
        await admin.PostAsJsonAsync($"/api/v1/programs/{program}/enrollments", new { companyId = other, enrolledOn = "2025-04-07" }).ShouldBe(HttpStatusCode.Created);

        var elsewhere = await factory.CreateTenantAsync(name: "Elsewhere " + Guid.NewGuid().ToString("N")[..6]);
        using var elsewhereAdmin = await elsewhere.AdminAsync();
        var elsewhereCompany = (await elsewhereAdmin.GetAsync($"/api/v1/companies/{elsewhere.FounderCompanyId}").Json200()).GetProperty("name").GetString()!;
        await elsewhereAdmin.PutAsJsonAsync($"/api/v1/companies/{elsewhere.FounderCompanyId}/milestones/{FirstStep}", new { achievedAt = "2025-03-01T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        // The other organization has a feed too, so a cross-tenant lookup would have rows to find.
        await elsewhereAdmin.PostAsync("/api/v1/me/calendar-feed", null).ShouldBe(HttpStatusCode.Created);
        return new World(tenant, founderCompany, otherName, elsewhere, elsewhereCompany);
    }

    private static async Task<string> IssueAsync(HttpClient client)
    {
        var issued = await (await client.PostAsync("/api/v1/me/calendar-feed", null).ShouldBe(HttpStatusCode.Created)).JsonBody();
        return new Uri(issued.GetProperty("url").GetString()!).PathAndQuery;
    }

    private async Task<string> FetchAsync(string path)
    {
        using var anonymous = factory.AnonymousClient();
        using var response = await anonymous.GetAsync(path);
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_founders_feed_parsed_back_by_the_library_is_valid_RFC_5545_and_holds_only_their_company()
    {
        var world = await WorldAsync();
        using var founder = await world.Tenant.FounderAsync();
        var text = await FetchAsync(await IssueAsync(founder));

        var calendar = IcalCalendar.Load(text)!;
        Assert.Equal(2, calendar.Events.Count);
        Assert.All(calendar.Events, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.Uid));
            Assert.NotNull(e.DtStamp);
            Assert.True(e.DtStamp!.IsUtc);
            Assert.True(e.IsAllDay);
            Assert.False(e.DtStart!.HasTime);
            Assert.False(e.DtEnd!.HasTime);
            Assert.True(e.DtEnd.Date > e.DtStart.Date);
            Assert.StartsWith(world.FounderCompany, e.Summary, StringComparison.Ordinal);
        });
        Assert.Equal(calendar.Events.Count, calendar.Events.Select(e => e.Uid).Distinct().Count());

        var milestone = calendar.Events.Single(e => e.Uid!.StartsWith("milestone-", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2025, 3, 31), milestone.DtStart!.Date);
        Assert.Equal(new DateOnly(2025, 4, 1), milestone.DtEnd!.Date);
        var window = calendar.Events.Single(e => e.Uid!.StartsWith("enrollment-", StringComparison.Ordinal));
        Assert.Equal($"{world.FounderCompany} in Spring Cohort", window.Summary);
        Assert.Equal(new DateOnly(2025, 4, 1), window.DtStart!.Date);
        // The enrolment's exit is exclusive, as DTEND is: the last day in the program is 14 May.
        Assert.Equal(new DateOnly(2025, 5, 15), window.DtEnd!.Date);

        // As RFC 5545 writes them: DATE values say so, and every event has its own UID and DTSTAMP line.
        var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("DTSTART;VALUE=DATE:20250331\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("DTEND;VALUE=DATE:20250401\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("DTEND;VALUE=DATE:20250515\r\n", unfolded, StringComparison.Ordinal);
        Assert.Equal(2, CountLines(unfolded, "UID:"));
        Assert.Equal(2, CountLines(unfolded, "DTSTAMP:"));
        Assert.DoesNotContain(world.OtherCompany, text, StringComparison.Ordinal);
        Assert.DoesNotContain(world.ElsewhereCompany, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coachs_feed_holds_the_organizations_companies_and_nothing_of_another_organization()
    {
        var world = await WorldAsync();
        using var coach = await world.Tenant.CoachAsync();
        var calendar = IcalCalendar.Load(await FetchAsync(await IssueAsync(coach)))!;

        var summaries = calendar.Events.Select(e => e.Summary!).ToList();
        Assert.Equal(5, summaries.Count);
        Assert.Equal(2, summaries.Count(s => s.StartsWith(world.FounderCompany, StringComparison.Ordinal)));
        Assert.Equal(3, summaries.Count(s => s.StartsWith(world.OtherCompany, StringComparison.Ordinal)));
        Assert.DoesNotContain(summaries, s => s.Contains(world.ElsewhereCompany, StringComparison.Ordinal));

        // The other company's enrolment is ongoing: its window runs to the program's last day (30 June).
        var ongoing = calendar.Events.Single(e => e.Summary == $"{world.OtherCompany} in Spring Cohort");
        Assert.Equal(new DateOnly(2025, 4, 7), ongoing.DtStart!.Date);
        Assert.Equal(new DateOnly(2025, 7, 1), ongoing.DtEnd!.Date);
        Assert.All(calendar.Events, e => Assert.NotNull(e.DtStamp));
    }

    [Fact]
    public async Task A_revoked_address_answers_404_and_its_row_is_kept_with_when_it_was_revoked()
    {
        var world = await WorldAsync();
        using var coach = await world.Tenant.CoachAsync();
        var path = await IssueAsync(coach);
        await FetchAsync(path);

        await coach.DeleteAsync("/api/v1/me/calendar-feed").ShouldBe(HttpStatusCode.NoContent);

        using var anonymous = factory.AnonymousClient();
        await anonymous.GetAsync(path).ShouldBeProblem(HttpStatusCode.NotFound);
        var feed = await coach.GetAsync("/api/v1/me/calendar-feed").Json200();
        Assert.False(feed.GetProperty("active").GetBoolean());
        var history = feed.GetProperty("history").EnumerateArray().ToList();
        Assert.Single(history);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, history[0].GetProperty("revokedAt").ValueKind);
        var rows = await world.Tenant.InScopeAsync((_, db) => db.CalendarFeedTokens.IgnoreQueryFilters().CountAsync(t => t.TenantId == world.Tenant.Id && t.RevokedAt != null));
        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task Rotating_makes_a_new_address_and_the_old_one_answers_404()
    {
        var world = await WorldAsync();
        using var founder = await world.Tenant.FounderAsync();
        var first = await IssueAsync(founder);
        var second = await IssueAsync(founder);
        Assert.NotEqual(first, second);

        using var anonymous = factory.AnonymousClient();
        await anonymous.GetAsync(first).ShouldBeProblem(HttpStatusCode.NotFound);
        await FetchAsync(second);
        var feed = await founder.GetAsync("/api/v1/me/calendar-feed").Json200();
        Assert.True(feed.GetProperty("active").GetBoolean());
        var history = feed.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Single(history, h => h.GetProperty("revokedAt").ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored()
    {
        var world = await WorldAsync();
        using var coach = await world.Tenant.CoachAsync();
        var path = await IssueAsync(coach);
        var token = path["/feeds/".Length..^".ics".Length];

        var hashes = await world.Tenant.InScopeAsync((_, db) => db.CalendarFeedTokens.Where(t => t.RevokedAt == null).Select(t => t.TokenHash).ToListAsync());
        Assert.Contains(hashes, h => h.SequenceEqual(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))));
        Assert.DoesNotContain(hashes, h => System.Text.Encoding.UTF8.GetString(h).Contains(token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/feeds/not-a-token.ics")]
    [InlineData("/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")]
    [InlineData("/feeds/%27%3B--AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")]
    public async Task An_unknown_or_malformed_token_answers_404_problem(string path)
    {
        using var anonymous = factory.AnonymousClient();
        await anonymous.GetAsync(path).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deactivated_accounts_feed_answers_404()
    {
        var world = await WorldAsync();
        using var founder = await world.Tenant.FounderAsync();
        var path = await IssueAsync(founder);
        var founderId = (await founder.GetAsync("/api/v1/me").Json200()).GetProperty("id").GetGuid();
        await world.Tenant.InScopeAsync(async (_, db) =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == founderId);
            user.ArchivedAt = db.UtcNow;
            await db.SaveChangesAsync();
        });

        using var anonymous = factory.AnonymousClient();
        await anonymous.GetAsync(path).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private static int CountLines(string text, string prefix) =>
        text.Split("\r\n").Count(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
