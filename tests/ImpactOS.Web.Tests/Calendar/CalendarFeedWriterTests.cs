using System.Text;
using Ical.Net.DataTypes;
using ImpactOS.Web.Features.Calendar;
using IcalCalendar = Ical.Net.Calendar;

namespace ImpactOS.Web.Tests.Calendar;

/// <summary>The feed is written with Ical.Net and read back with it, field by field.</summary>
public sealed class CalendarFeedWriterTests
{
    private static readonly DateTime Stamp = new(2026, 4, 15, 8, 30, 0, DateTimeKind.Utc);

    private static readonly FeedEvent Milestone = FeedEvent.AllDay(
        "milestone-0197@impactos",
        "Lumen: first paying customer",
        new DateOnly(2026, 3, 31),
        "Verified by Coach Carla; notes with a comma, a semicolon; and\na second line",
        new Uri("https://impactos.example/companies/0197#m1"));

    private static readonly FeedEvent Window = FeedEvent.Timed(
        "program-0198@impactos",
        "Spring cohort: demo week",
        new DateTime(2026, 5, 4, 7, 0, 0, DateTimeKind.Utc),
        new DateTime(2026, 5, 8, 16, 0, 0, DateTimeKind.Utc),
        url: new Uri("https://impactos.example/programs/0198"));

    [Fact]
    public void A_feed_read_back_by_the_library_has_every_field_it_was_written_with()
    {
        var text = CalendarFeedWriter.Write("ImpactOS: Lumen", [Milestone, Window], Stamp);

        var calendar = IcalCalendar.Load(text)!;
        Assert.Equal(CalendarFeedWriter.ProductId, calendar.ProductId);
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal(2, calendar.Events.Count);

        var milestone = calendar.Events.Single(e => e.Uid == Milestone.Uid);
        Assert.Equal(Milestone.Title, milestone.Summary);
        Assert.Equal(Milestone.Description, milestone.Description);
        Assert.Equal(Milestone.Url, milestone.Url);
        Assert.False(milestone.DtStart!.HasTime);
        Assert.Equal(new DateOnly(2026, 3, 31), milestone.DtStart.Date);
        Assert.False(milestone.DtEnd!.HasTime);
        Assert.Equal(new DateOnly(2026, 4, 1), milestone.DtEnd.Date);
        Assert.True(milestone.IsAllDay);

        var window = calendar.Events.Single(e => e.Uid == Window.Uid);
        Assert.Equal(Window.Title, window.Summary);
        Assert.Null(window.Description);
        Assert.Equal(Window.Url, window.Url);
        Assert.True(window.DtStart!.IsUtc);
        Assert.Equal(Window.StartUtc, window.DtStart.AsUtc);
        Assert.Equal(Window.EndUtc, window.DtEnd!.AsUtc);

        Assert.All(calendar.Events, e => Assert.Equal(Stamp, e.DtStamp!.AsUtc));
    }

    [Fact]
    public void Every_event_carries_its_own_UID_and_DTSTAMP_and_all_day_dates_say_VALUE_DATE_as_RFC_5545_writes_them()
    {
        var text = CalendarFeedWriter.Write("ImpactOS", [Milestone, Window], Stamp);
        var lines = Unfolded(text);

        var events = Split(lines);
        Assert.Equal(2, events.Count);
        Assert.All(events, e =>
        {
            Assert.Single(e, l => l.StartsWith("UID:", StringComparison.Ordinal));
            Assert.Single(e, l => l == "DTSTAMP:20260415T083000Z");
        });
        var allDay = events.Single(e => e.Contains($"UID:{Milestone.Uid}"));
        Assert.Contains("DTSTART;VALUE=DATE:20260331", allDay);
        Assert.Contains("DTEND;VALUE=DATE:20260401", allDay);
        var timed = events.Single(e => e.Contains($"UID:{Window.Uid}"));
        Assert.Contains("DTSTART:20260504T070000Z", timed);
        Assert.Contains("DTEND:20260508T160000Z", timed);
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
    }

    [Fact]
    public void The_feed_uses_CRLF_line_ends_and_folds_every_line_at_75_octets()
    {
        var longTitle = FeedEvent.AllDay("long@impactos", string.Concat(Enumerable.Repeat("Ünïcödé milestone ", 20)), new DateOnly(2026, 1, 2));
        var text = CalendarFeedWriter.Write("ImpactOS", [longTitle], Stamp);

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.All(text.Split("\r\n"), line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 0, 75));
        Assert.Equal(longTitle.Title, IcalCalendar.Load(text)!.Events.Single().Summary);
    }

    [Fact]
    public void The_calendar_reader_reads_a_feed_as_the_meetings_it_holds()
    {
        var text = CalendarFeedWriter.Write("ImpactOS", [Milestone, Window], Stamp);

        var result = CalendarFileReader.Read(new StringReader(text), new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc), CalendarReadLimits.Default);

        Assert.True(result.Ok, result.Error?.Message);
        var milestone = result.Occurrences.Single(o => o.Uid == Milestone.Uid);
        Assert.True(milestone.AllDay);
        Assert.Equal(new DateTime(2026, 3, 31, 0, 0, 0, DateTimeKind.Utc), milestone.StartUtc);
        Assert.Equal(Window.StartUtc, result.Occurrences.Single(o => o.Uid == Window.Uid).StartUtc);
    }

    [Fact]
    public void A_timed_entry_must_be_UTC_and_end_after_it_starts()
    {
        var start = new DateTime(2026, 5, 4, 7, 0, 0, DateTimeKind.Utc);
        Assert.Throws<ArgumentException>(() => FeedEvent.Timed("x", "x", DateTime.SpecifyKind(start, DateTimeKind.Unspecified), null));
        Assert.Throws<ArgumentException>(() => FeedEvent.Timed("x", "x", start, start));
    }

    private static List<string> Unfolded(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (line[0] is ' ' or '\t')
            {
                lines[^1] += line[1..];
            }
            else
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static List<List<string>> Split(List<string> lines)
    {
        var events = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line == "BEGIN:VEVENT")
            {
                current = [];
            }
            else if (line == "END:VEVENT")
            {
                events.Add(current!);
                current = null;
            }
            else
            {
                current?.Add(line);
            }
        }

        return events;
    }
}
