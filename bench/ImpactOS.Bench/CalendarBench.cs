using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImpactOS.Web.Features.Calendar;

namespace ImpactOS.Bench;

/// <summary>The calendar import's benchmark (issue 19): a deterministic 10,000-occurrence calendar,
/// as an organization's coaching calendars exported together would be, imported into the demo
/// organization: a dry run, the import, the same file again. Meetings are matched by domain (the
/// first <see cref="DomainCompanies"/> companies are given one first), by a company's name in the
/// title, or not at all.</summary>
public static class CalendarBench
{
    public const int DomainCompanies = 20;

    /// <summary>Single events (UTC, Europe/Berlin, all-day in turn), plus weekly series of 10, to
    /// <paramref name="occurrences"/> occurrences in all, every one before <paramref name="now"/>.</summary>
    public static (int Events, int Occurrences) WriteFile(string path, int occurrences, IReadOnlyList<string> names, DateTime now)
    {
        var random = new Random(2026);
        var text = new StringBuilder();
        text.Append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ImpactOS bench//EN\r\n");
        text.Append("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n");
        text.Append("BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n");
        var start = now.AddYears(-3);
        int events = 0, written = 0;
        const int seriesLength = 10;
        var series = occurrences / 5 / seriesLength;
        for (var s = 0; s < series; s++, events++, written += seriesLength)
        {
            var first = start.AddDays(random.Next(0, 700)).Date.AddHours(8 + random.Next(0, 9));
            Event(text, $"series-{s:D5}@bench.example", $"DTSTART:{first:yyyyMMdd'T'HHmmss'Z'}\r\nRRULE:FREQ=WEEKLY;COUNT={seriesLength}", Who(s, names, random), random);
        }

        for (var e = 0; written < occurrences; e++, events++, written++)
        {
            // Office hours (08:00–18:59), away from the night a clock change skips.
            var at = start.Date.AddDays(random.Next(0, (int)(now - start).TotalDays - 2)).AddHours(8 + random.Next(0, 11)).AddMinutes(random.Next(0, 60));
            var when = (e % 3) switch
            {
                0 => $"DTSTART:{at:yyyyMMdd'T'HHmm}00Z",
                1 => $"DTSTART;TZID=Europe/Berlin:{at:yyyyMMdd'T'HHmm}00",
                _ => $"DTSTART;VALUE=DATE:{at:yyyyMMdd}",
            };
            Event(text, $"event-{e:D6}@bench.example", when, Who(e, names, random), random);
        }

        text.Append("END:VCALENDAR\r\n");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return (events, written);
    }

    /// <summary>Who a meeting is with: 60% someone at a company's domain, 30% a company named in the title, 10% no one known.</summary>
    private static (string Summary, string Attendee) Who(int n, IReadOnlyList<string> names, Random random)
    {
        var pick = random.Next(0, 10);
        if (pick < 6)
        {
            var company = random.Next(0, DomainCompanies);
            return ("Coaching session", $"founder@{Domain(company)}");
        }

        if (pick < 9)
        {
            return ($"{names[random.Next(DomainCompanies, names.Count)]}: board prep", $"someone{n}@investor.example");
        }

        return ("Office hours", $"guest{n}@elsewhere.example");
    }

    private static void Event(StringBuilder text, string uid, string when, (string Summary, string Attendee) who, Random random)
    {
        text.Append("BEGIN:VEVENT\r\nUID:").Append(uid).Append("\r\nDTSTAMP:20260101T000000Z\r\n").Append(when).Append("\r\nSUMMARY:").Append(who.Summary)
            .Append("\r\nDESCRIPTION:Agenda: runway\\, hiring\\, next milestone. Notes ").Append(random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture))
            .Append("\r\nORGANIZER;CN=Coach:mailto:coach@northstar.demo\r\nATTENDEE;CN=Guest;PARTSTAT=ACCEPTED:mailto:").Append(who.Attendee)
            .Append("\r\nEND:VEVENT\r\n");
    }

    public static string Domain(int company) => $"bench-company-{company:D2}.example";

    /// <summary>Gives the first companies of the organization their bench domains (a full PUT of each,
    /// as read); answers every company's name, in the list's order.</summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(HttpClient client)
    {
        var companies = (await client.GetFromJsonAsync<JsonObject>("/api/v1/companies?limit=200"))!["items"]!.AsArray();
        for (var i = 0; i < DomainCompanies; i++)
        {
            var company = companies[i]!.AsObject();
            var body = new JsonObject
            {
                ["name"] = company["name"]!.GetValue<string>(),
                ["industry"] = company["industry"]?.DeepClone(),
                ["foundedOn"] = company["foundedOn"]?.DeepClone(),
                ["milestoneTrackId"] = company["milestoneTrackId"]?.DeepClone(),
                ["coachUserId"] = company["coachUserId"]?.DeepClone(),
                ["domains"] = new JsonArray(Domain(i)),
            };
            using var response = await client.PutAsJsonAsync($"/api/v1/companies/{company["id"]}", body);
            response.EnsureSuccessStatusCode();
        }

        return companies.Select(c => c!["name"]!.GetValue<string>()).ToList();
    }

    /// <summary>The reader alone on the file, in this process: the floor of any import of it.</summary>
    public static string TimeRead(string file)
    {
        var clock = Stopwatch.StartNew();
        using var stream = File.OpenRead(file);
        var read = CalendarFileReader.Read(stream, DateTime.UtcNow, CalendarReadLimits.Default);
        return string.Create(CultureInfo.InvariantCulture, $"| reader only (Ical.Net parse and expansion, in the bench process) | {(read.Ok ? "ok" : read.Error!.Message)} | {clock.Elapsed.TotalSeconds:F1} | {read.Occurrences.Count} occurrences |");
    }

    /// <summary>Posts the file; answers a row of the results table.</summary>
    public static async Task<string> PostAsync(HttpClient client, string file, string label, bool dryRun)
    {
        var clock = Stopwatch.StartNew();
        await using var body = File.OpenRead(file);
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        using var response = await client.PostAsync($"/api/v1/imports/calendar?dryRun={(dryRun ? "true" : "false")}", content);
        var answer = await response.Content.ReadAsStringAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        string summary;
        if (response.IsSuccessStatusCode)
        {
            var r = JsonDocument.Parse(answer).RootElement;
            int Get(string name) => r.GetProperty(name).GetInt32();
            summary = $"{Get("events")} occurrences: {Get("created")} new, {Get("updated")} updated, {Get("unchanged")} unchanged, {Get("unmatched")} unmatched";
        }
        else
        {
            summary = answer[..Math.Min(answer.Length, 300)];
        }

        return string.Create(CultureInfo.InvariantCulture, $"| {label} | {(int)response.StatusCode} | {seconds:F1} | {summary} |");
    }
}
