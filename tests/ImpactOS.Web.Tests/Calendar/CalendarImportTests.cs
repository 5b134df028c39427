using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Calendar;

/// <summary>The calendar import through the API, on SQLite and PostgreSQL: matching by domain and by
/// name, dry run, idempotent re-import, SEQUENCE updates, refusals that write nothing.</summary>
public sealed class CalendarImportTests(AppFactory factory) : IClassFixture<AppFactory>
{
    /// <summary>A calendar of <paramref name="events"/> (VEVENT bodies, without BEGIN/END).</summary>
    public static string Ics(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ImpactOS tests//EN\r\n"
        + string.Concat(events.Select(e => "BEGIN:VEVENT\r\n" + e.Replace("\n", "\r\n", StringComparison.Ordinal).TrimEnd() + "\r\nEND:VEVENT\r\n"))
        + "END:VCALENDAR\r\n";

    private static StringContent Calendar(string ics) => new(ics, Encoding.UTF8, "text/calendar");

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string ics, bool dryRun = false, Guid? companyId = null) =>
        client.PostAsync($"/api/v1/imports/calendar?dryRun={dryRun.ToString().ToLowerInvariant()}{(companyId is { } id ? $"&companyId={id}" : "")}", Calendar(ics));

    private static async Task<Guid> CompanyAsync(HttpClient client, string name, params string[] domains) =>
        (await (await client.PostAsJsonAsync("/api/v1/companies", new { name, domains }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();

    private static Task<int> MeetingsAsync(TestTenant tenant) =>
        tenant.InScopeAsync((_, db) => db.Interactions.IgnoreQueryFilters().CountAsync(i => i.TenantId == tenant.Id && i.CalendarUid != null));

    private static async Task<List<JsonElement>> InteractionsAsync(HttpClient client, Guid companyId) =>
        (await client.GetAsync($"/api/v1/companies/{companyId}/timeline?kinds=interaction&limit=200").Json200()).GetProperty("items").EnumerateArray().ToList();

    /// <summary>Lumen by its domain (an attendee at a subdomain), Acme by name in the title, a series,
    /// one event with nobody known, one cancelled.</summary>
    private static string Sample(int sequence = 0, string lumenTitle = "Lumen catch-up") => Ics(
        $"""
        UID:lumen-1@test
        DTSTAMP:20250301T000000Z
        DTSTART;TZID=Europe/Berlin:20250310T100000
        SEQUENCE:{sequence}
        SUMMARY:{lumenTitle}
        DESCRIPTION:  Runway\, hiring  
        ORGANIZER:mailto:coach@northstar.example
        ATTENDEE;CN=Ada:mailto:Ada@EU.Lumen.io
        """,
        """
        UID:acme-intro@test
        DTSTAMP:20250301T000000Z
        DTSTART:20250312T150000Z
        SUMMARY:Intro call – ACME robotics / pricing
        """,
        """
        UID:acme-weekly@test
        DTSTAMP:20250301T000000Z
        DTSTART:20250401T090000Z
        RRULE:FREQ=WEEKLY;COUNT=3
        SUMMARY:Acme Robotics weekly
        ATTENDEE:mailto:bo@acme.example
        """,
        """
        UID:nobody@test
        DTSTAMP:20250301T000000Z
        DTSTART;VALUE=DATE:20250320
        SUMMARY:Offsite planning
        ATTENDEE:mailto:someone@elsewhere.example
        """,
        """
        UID:cancelled@test
        DTSTAMP:20250301T000000Z
        DTSTART:20250321T090000Z
        STATUS:CANCELLED
        SUMMARY:Lumen cancelled
        ATTENDEE:mailto:ada@lumen.io
        """);

    [Fact]
    public async Task A_dry_run_lists_what_would_happen_the_import_writes_it_and_the_same_file_again_changes_nothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var lumen = await CompanyAsync(coach, "Lumen Analytics", "lumen.io");
        var acme = await CompanyAsync(coach, "Acme Robotics");

        var preview = await ImportAsync(coach, Sample(), dryRun: true).Json200();
        Assert.True(preview.GetProperty("dryRun").GetBoolean());
        Assert.Equal(6, preview.GetProperty("events").GetInt32());
        Assert.Equal(5, preview.GetProperty("created").GetInt32());
        Assert.Equal(1, preview.GetProperty("unmatched").GetInt32());
        Assert.Equal(1, preview.GetProperty("cancelled").GetInt32());
        var items = preview.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(lumen, items.Single(i => i.GetProperty("uid").GetString() == "lumen-1@test").GetProperty("company").GetProperty("id").GetGuid());
        Assert.Equal(acme, items.Single(i => i.GetProperty("uid").GetString() == "acme-intro@test").GetProperty("company").GetProperty("id").GetGuid());
        var unmatched = items.Single(i => i.GetProperty("status").GetString() == "unmatched");
        Assert.Equal("nobody@test", unmatched.GetProperty("uid").GetString());
        Assert.Equal(JsonValueKind.Null, unmatched.GetProperty("company").ValueKind);
        Assert.False(string.IsNullOrEmpty(unmatched.GetProperty("reason").GetString()));
        Assert.Equal(0, await MeetingsAsync(tenant));

        var imported = await ImportAsync(coach, Sample()).Json200();
        Assert.False(imported.GetProperty("dryRun").GetBoolean());
        Assert.Equal(5, imported.GetProperty("created").GetInt32());
        Assert.Equal(5, await MeetingsAsync(tenant));

        var lumenMeetings = await InteractionsAsync(coach, lumen);
        var meeting = Assert.Single(lumenMeetings);
        Assert.EndsWith(": Lumen catch-up", meeting.GetProperty("title").GetString(), StringComparison.Ordinal);
        // 10:00 in Berlin (CET, +01:00) is 09:00 UTC.
        Assert.Equal(new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc), meeting.GetProperty("occurredAt").GetDateTime().ToUniversalTime());
        Assert.Equal(4, (await InteractionsAsync(coach, acme)).Count);
        var row = await tenant.InScopeAsync((_, db) => db.Interactions.AsNoTracking().SingleAsync(i => i.CompanyId == lumen));
        Assert.Equal(ImpactOS.Web.Features.Timeline.InteractionKind.Meeting, row.Kind);
        Assert.Equal("Runway, hiring", row.Notes);
        Assert.Equal("lumen-1@test", row.CalendarUid);
        Assert.Equal(0, row.CalendarSequence);

        var again = await ImportAsync(coach, Sample()).Json200();
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(0, again.GetProperty("updated").GetInt32());
        Assert.Equal(5, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(5, await MeetingsAsync(tenant));
    }

    [Fact]
    public async Task A_higher_sequence_updates_its_meeting_and_the_same_sequence_does_not()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var lumen = await CompanyAsync(coach, "Lumen Analytics", "lumen.io");
        await ImportAsync(coach, Sample()).Json200();

        var sameSequence = await ImportAsync(coach, Sample(sequence: 0, lumenTitle: "Edited without a new sequence")).Json200();
        Assert.Equal(0, sameSequence.GetProperty("updated").GetInt32());

        var updated = await ImportAsync(coach, Sample(sequence: 2, lumenTitle: "Lumen board prep")).Json200();
        Assert.Equal(1, updated.GetProperty("updated").GetInt32());
        Assert.Equal(0, updated.GetProperty("created").GetInt32());
        var meeting = Assert.Single(await InteractionsAsync(coach, lumen));
        Assert.EndsWith(": Lumen board prep", meeting.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await tenant.InScopeAsync((_, db) => db.Interactions.AsNoTracking().Where(i => i.CompanyId == lumen).Select(i => i.CalendarSequence).SingleAsync()));

        var repeat = await ImportAsync(coach, Sample(sequence: 2, lumenTitle: "Lumen board prep")).Json200();
        Assert.Equal(0, repeat.GetProperty("updated").GetInt32());
    }

    [Fact]
    public async Task A_malformed_file_is_a_400_naming_its_line_and_writes_nothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await CompanyAsync(coach, "Lumen Analytics", "lumen.io");
        var good = """
            UID:good@test
            DTSTAMP:20250301T000000Z
            DTSTART:20250310T100000Z
            SUMMARY:Lumen catch-up
            ATTENDEE:mailto:ada@lumen.io
            """;
        var bad = """
            UID:bad@test
            DTSTAMP:20250301T000000Z
            DTSTART:2025-03-10 10:00
            SUMMARY:Lumen broken
            """;

        var problem = await ImportAsync(coach, Ics(good, bad)).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Equal(14, problem.GetProperty("line").GetInt32());
        Assert.Contains("Line 14", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(14, problem.GetProperty("errors")[0].GetProperty("line").GetInt32());
        Assert.Equal(0, await MeetingsAsync(tenant));

        await ImportAsync(coach, "not a calendar").ShouldBeProblem(HttpStatusCode.BadRequest);
        await coach.PostAsync("/api/v1/imports/calendar", new ByteArrayContent([])).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Equal(0, await MeetingsAsync(tenant));
    }

    [Fact]
    public async Task An_upload_for_one_company_puts_every_meeting_on_its_timeline()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await CompanyAsync(coach, "Lumen Analytics", "lumen.io");
        var nova = await CompanyAsync(coach, "Nova Labs");

        using var form = new MultipartFormDataContent { { new StringContent(Sample()), "file", "nova.ics" } };
        var result = await coach.PostAsync($"/api/v1/imports/calendar?companyId={nova}", form).Json200();
        Assert.Equal(6, result.GetProperty("created").GetInt32());
        Assert.Equal(0, result.GetProperty("unmatched").GetInt32());
        Assert.Equal(nova, result.GetProperty("companyId").GetGuid());
        Assert.Equal(6, (await InteractionsAsync(coach, nova)).Count);
        Assert.Equal(6, await MeetingsAsync(tenant));
    }

    [Fact]
    public async Task Founders_may_not_import_and_another_organizations_company_is_not_found()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();

        await ImportAsync(founder, Sample(), companyId: tenant.FounderCompanyId).ShouldBeProblem(HttpStatusCode.Forbidden);
        await ImportAsync(founder, Sample()).ShouldBeProblem(HttpStatusCode.Forbidden);
        await ImportAsync(coach, Sample(), companyId: other.FounderCompanyId).ShouldBeProblem(HttpStatusCode.NotFound);
        await ImportAsync(coach, Sample(), dryRun: true, companyId: other.FounderCompanyId).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, await MeetingsAsync(tenant));
        Assert.Equal(0, await MeetingsAsync(other));
    }

    [Fact]
    public async Task An_archived_company_takes_no_meetings()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var lumen = await CompanyAsync(admin, "Lumen Analytics", "lumen.io");
        await admin.DeleteAsync($"/api/v1/companies/{lumen}").ShouldBe(HttpStatusCode.OK);

        await ImportAsync(admin, Sample(), companyId: lumen).ShouldBeProblem(HttpStatusCode.Conflict);
        var result = await ImportAsync(admin, Sample()).Json200();
        var item = result.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("uid").GetString() == "lumen-1@test");
        Assert.Equal("unmatched", item.GetProperty("status").GetString());
        Assert.Contains("archived", item.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await tenant.InScopeAsync((_, db) => db.Interactions.IgnoreQueryFilters().CountAsync(i => i.CompanyId == lumen)));
    }

    [Fact]
    public async Task A_company_name_several_companies_share_matches_none_of_them()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await CompanyAsync(coach, "Orbit");
        await CompanyAsync(coach, "orbit");

        var result = await ImportAsync(coach, Ics("""
            UID:orbit@test
            DTSTAMP:20250301T000000Z
            DTSTART:20250310T100000Z
            SUMMARY:Orbit sync
            """), dryRun: true).Json200();
        var item = Assert.Single(result.GetProperty("items").EnumerateArray());
        Assert.Equal("unmatched", item.GetProperty("status").GetString());
        Assert.Contains("several companies", item.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
