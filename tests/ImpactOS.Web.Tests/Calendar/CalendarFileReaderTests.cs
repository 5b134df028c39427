using System.Text;
using ImpactOS.Web.Features.Calendar;
using ImpactOS.Web.Features.Imports;
using Xunit.Abstractions;

namespace ImpactOS.Web.Tests.Calendar;

/// <summary>The reader on calendar exports written for these tests (Fixtures/): pure, no database.</summary>
public sealed class CalendarFileReaderTests(ITestOutputHelper output)
{
    private static readonly DateTime Now = Utc(2026, 4, 15, 0, 0);

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Calendar", "Fixtures", name);

    private static CalendarReadResult ReadFixture(string name, CalendarReadLimits? limits = null)
    {
        using var file = File.OpenRead(FixturePath(name));
        return CalendarFileReader.Read(file, Now, limits ?? CalendarReadLimits.Default);
    }

    private static CalendarReadResult ReadText(string text, CalendarReadLimits? limits = null) =>
        CalendarFileReader.Read(new StringReader(text), Now, limits ?? CalendarReadLimits.Default);

    private static CalendarReadResult Ok(CalendarReadResult result)
    {
        Assert.True(result.Ok, result.Error?.Message);
        return result;
    }

    private static CalendarFileError Refused(CalendarReadResult result)
    {
        Assert.False(result.Ok);
        Assert.Empty(result.Occurrences);
        return result.Error!;
    }

    [Fact]
    public void A_Google_export_expands_the_weekly_series_without_its_excluded_date_and_with_its_moved_occurrence()
    {
        var result = Ok(ReadFixture("google.ics"));

        var weekly = result.Occurrences.Where(o => o.Uid == "7kq2n3m4weekly@google.com").OrderBy(o => o.RecurrenceId).ToList();
        Assert.Equal(
            [Utc(2026, 3, 5, 9, 0), Utc(2026, 3, 12, 9, 0), Utc(2026, 3, 26, 9, 0), Utc(2026, 4, 2, 8, 0), Utc(2026, 4, 9, 8, 0)],
            weekly.Select(o => o.RecurrenceId!.Value));
        var moved = weekly.Single(o => o.RecurrenceId == Utc(2026, 3, 26, 9, 0));
        Assert.Equal(Utc(2026, 3, 27, 14, 0), moved.StartUtc);
        Assert.Equal("Lumen weekly (moved)", moved.Summary);
        Assert.Equal(1, moved.Sequence);
        Assert.Equal("Moved to Friday afternoon", moved.Description);

        var first = weekly[0];
        Assert.Equal(Utc(2026, 3, 5, 9, 0), first.StartUtc);
        Assert.Equal("Lumen weekly", first.Summary);
        Assert.Equal("Weekly check-in with Lumen, agenda:\n1. runway\n2. hiring", first.Description);
        Assert.Equal("carla@northstar.demo", first.Organizer);
        Assert.Equal(["ada@lumen.io", "carla@northstar.demo"], first.Attendees);
        Assert.Equal("CONFIRMED", first.Status);
        Assert.False(first.AllDay);
        Assert.All(weekly, o => Assert.Equal(o.RecurrenceId, o == moved ? Utc(2026, 3, 26, 9, 0) : o.StartUtc));

        var single = result.Occurrences.Single(o => o.Uid == "single-1@google.com");
        Assert.Null(single.RecurrenceId);
        Assert.Equal(Utc(2026, 2, 10, 13, 0), single.StartUtc);
        Assert.Equal(["grace@orbit.dev"], single.Attendees);
        Assert.Equal(6, result.Occurrences.Count);
        Assert.False(result.Capped);
    }

    [Fact]
    public void An_Outlook_export_resolves_its_Windows_time_zone_drops_rooms_without_an_address_and_reads_all_day_events()
    {
        var result = Ok(ReadFixture("outlook.ics"));

        var meeting = result.Occurrences.Single(o => o.Summary == "Orbit board prep");
        Assert.Equal(Utc(2026, 1, 15, 9, 0), meeting.StartUtc);
        Assert.Equal("carla@northstar.demo", meeting.Organizer);
        Assert.Equal(["grace@orbit.dev"], meeting.Attendees);
        Assert.Equal("Board prep with Orbit.", meeting.Description);
        Assert.Null(meeting.RecurrenceId);

        var allDay = result.Occurrences.Single(o => o.Summary == "Lumen demo day");
        Assert.True(allDay.AllDay);
        Assert.Equal(Utc(2026, 2, 2, 0, 0), allDay.StartUtc);
        Assert.Null(allDay.Description);
        Assert.Null(allDay.Organizer);
        Assert.Empty(allDay.Attendees);
    }

    [Fact]
    public void An_Apple_export_reads_UTC_times_floating_times_as_UTC_and_a_named_zone_without_a_VTIMEZONE()
    {
        var result = Ok(ReadFixture("apple.ics"));

        Assert.Equal(Utc(2026, 1, 6, 9, 0), result.Occurrences.Single(o => o.Summary == "Lumen founder sync").StartUtc);
        Assert.Equal(Utc(2026, 1, 8, 14, 0), result.Occurrences.Single(o => o.Summary == "Floating coffee with Orbit").StartUtc);
        Assert.Equal(Utc(2026, 1, 9, 14, 0), result.Occurrences.Single(o => o.Summary == "New York call without a VTIMEZONE").StartUtc);
        Assert.Equal(["ada@lumen.io"], result.Occurrences.Single(o => o.Summary == "Lumen founder sync").Attendees);
    }

    [Fact]
    public void Nine_in_Berlin_is_eight_UTC_before_the_last_Sunday_of_March_and_seven_UTC_after_it()
    {
        var result = Ok(ReadFixture("dst-berlin.ics"));

        Assert.Equal(Utc(2026, 3, 27, 8, 0), result.Occurrences.Single(o => o.Uid == "dst-before@impactos.test").StartUtc);
        Assert.Equal(Utc(2026, 3, 30, 7, 0), result.Occurrences.Single(o => o.Uid == "dst-after@impactos.test").StartUtc);
        Assert.Equal(
            [Utc(2026, 3, 28, 8, 0), Utc(2026, 3, 29, 7, 0), Utc(2026, 3, 30, 7, 0)],
            result.Occurrences.Where(o => o.Uid == "dst-daily@impactos.test").Select(o => o.StartUtc).Order());
    }

    [Fact]
    public void A_time_zone_only_the_file_defines_is_read_from_its_VTIMEZONE_across_the_change_to_summer_time()
    {
        var result = Ok(ReadFixture("custom-zone.ics"));

        Assert.Equal([Utc(2026, 3, 27, 8, 0), Utc(2026, 4, 3, 7, 0)], result.Occurrences.Select(o => o.StartUtc).Order());
        Assert.Equal([Utc(2026, 3, 27, 8, 0), Utc(2026, 4, 3, 7, 0)], result.Occurrences.Select(o => o.RecurrenceId!.Value).Order());
    }

    [Fact]
    public void Two_files_defining_the_same_TZID_differently_are_each_read_with_their_own()
    {
        static string File(string offset) =>
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTIMEZONE\r\nTZID:Office\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
            + $"TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
            + "BEGIN:VEVENT\r\nUID:office\r\nDTSTART;TZID=Office:20260105T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        Assert.Equal(Utc(2026, 1, 5, 6, 0), Assert.Single(Ok(ReadText(File("+0300"))).Occurrences).StartUtc);
        Assert.Equal(Utc(2026, 1, 5, 14, 0), Assert.Single(Ok(ReadText(File("-0500"))).Occurrences).StartUtc);
    }

    [Fact]
    public void A_Windows_time_zone_name_without_a_VTIMEZONE_is_resolved_by_the_library()
    {
        var result = Ok(ReadText(Calendar(Event("windows", "DTSTART;TZID=\"W. Europe Standard Time\":20260330T090000"))));

        Assert.Equal(Utc(2026, 3, 30, 7, 0), Assert.Single(result.Occurrences).StartUtc);
    }

    [Fact]
    public void An_all_day_series_with_an_extra_date_and_a_moved_day_keys_each_day_by_its_original_date()
    {
        var result = Ok(ReadText(Calendar(
            Event("offsite", "DTSTART;VALUE=DATE:20260302", "RRULE:FREQ=WEEKLY;COUNT=3", "RDATE;VALUE=DATE:20260304"),
            Event("offsite", "RECURRENCE-ID;VALUE=DATE:20260309", "DTSTART;VALUE=DATE:20260310", "SUMMARY:Offsite (moved)"))));

        Assert.All(result.Occurrences, o => Assert.True(o.AllDay));
        Assert.Equal(
            [(Utc(2026, 3, 2, 0, 0), Utc(2026, 3, 2, 0, 0)), (Utc(2026, 3, 4, 0, 0), Utc(2026, 3, 4, 0, 0)), (Utc(2026, 3, 9, 0, 0), Utc(2026, 3, 10, 0, 0)), (Utc(2026, 3, 16, 0, 0), Utc(2026, 3, 16, 0, 0))],
            result.Occurrences.Select(o => (o.RecurrenceId!.Value, o.StartUtc)).Order());
        Assert.Equal("Offsite (moved)", result.Occurrences.Single(o => o.StartUtc == Utc(2026, 3, 10, 0, 0)).Summary);
    }

    [Fact]
    public void Cancelled_events_and_cancelled_occurrences_are_left_out_and_counted()
    {
        var result = Ok(ReadFixture("cancelled.ics"));

        Assert.Equal(2, result.Cancelled);
        Assert.DoesNotContain(result.Occurrences, o => o.Uid == "cancelled-single@impactos.test");
        Assert.Equal(
            [Utc(2026, 3, 2, 10, 0), Utc(2026, 3, 4, 10, 0)],
            result.Occurrences.Where(o => o.Uid == "series@impactos.test").Select(o => o.StartUtc).Order());
        Assert.Single(result.Occurrences, o => o.Uid == "kept@impactos.test");
    }

    [Fact]
    public void The_same_UID_twice_keeps_the_higher_SEQUENCE_and_on_a_tie_the_later_copy()
    {
        var result = Ok(ReadFixture("duplicates.ics"));

        var dup = Assert.Single(result.Occurrences, o => o.Uid == "dup@impactos.test");
        Assert.Equal(2, dup.Sequence);
        Assert.Equal(Utc(2026, 3, 5, 11, 0), dup.StartUtc);
        Assert.Equal("Lumen review (rescheduled)", dup.Summary);
        Assert.Equal("Second copy", Assert.Single(result.Occurrences, o => o.Uid == "same-seq@impactos.test").Summary);
        Assert.Equal(2, result.Duplicates);
    }

    [Fact]
    public void Occurrences_after_now_are_not_read_and_single_future_events_are_counted()
    {
        var result = Ok(ReadText(Calendar(
            Event("past", "DTSTART:20260414T230000Z"),
            Event("future", "DTSTART:20260415T000100Z"),
            Event("daily", "DTSTART:20260413T120000Z", "RRULE:FREQ=DAILY"))));

        Assert.Equal(["daily", "daily", "past"], result.Occurrences.Select(o => o.Uid).Order());
        Assert.Equal(1, result.Future);
        Assert.False(result.Capped);
    }

    [Fact]
    public void A_series_is_cut_at_the_per_series_limit_and_the_result_says_so()
    {
        var result = Ok(ReadText(Calendar(Event("since-2020", "DTSTART:20200101T090000Z", "RRULE:FREQ=DAILY"))));

        Assert.Equal(500, result.Occurrences.Count);
        Assert.Equal(Utc(2020, 1, 1, 9, 0), result.Occurrences[0].StartUtc);
        Assert.Equal(["since-2020"], result.CappedSeries);
        Assert.True(result.Capped);
    }

    [Fact]
    public void The_whole_file_is_cut_at_the_total_limit_and_the_result_says_so()
    {
        var result = Ok(ReadText(Calendar(Enumerable.Range(0, 5).Select(i => Event($"e{i}", "DTSTART:20260101T090000Z")).ToArray()), CalendarReadLimits.Default with { MaxOccurrences = 3 }));

        Assert.Equal(3, result.Occurrences.Count);
        Assert.True(result.CappedTotal);
    }

    [Fact]
    public void Summary_and_description_are_trimmed_and_capped_to_what_an_interaction_keeps()
    {
        var longText = new string('x', 5000);
        var result = Ok(ReadText(Calendar(Event("long", "DTSTART:20260101T090000Z", $"SUMMARY:{new string('s', 400)}", $"DESCRIPTION:  {longText}  "))));

        var occurrence = Assert.Single(result.Occurrences);
        Assert.Equal(300, occurrence.Summary.Length);
        Assert.Equal(4000, occurrence.Description!.Length);
        Assert.EndsWith("…", occurrence.Description, StringComparison.Ordinal);
        Assert.Equal(300, CalendarReadLimits.Default.SummaryMaxLength);
        Assert.Equal(4000, CalendarReadLimits.Default.DescriptionMaxLength);
    }

    [Fact]
    public void Ten_thousand_events_are_all_read_and_reading_grows_linearly_with_the_file()
    {
        var small = Generated(1_000);
        var large = Generated(10_000);
        Ok(ReadText(Generated(10))); // once-only start-up (time-zone database, parsers) is not the file's

        var smallBytes = Allocated(small, out var smallResult);
        var largeBytes = Allocated(large, out var largeResult);

        Assert.Equal(1_000, smallResult.Occurrences.Count);
        Assert.Equal(10_000, largeResult.Occurrences.Count);
        Assert.Equal(10_000, largeResult.Occurrences.Select(o => o.Uid).Distinct().Count());
        Assert.Equal("a9999@lumen.io", largeResult.Occurrences[^1].Attendees.Single());

        // Memory, unlike time, is the same on a busy machine: ten times the events may take about
        // ten times the allocations, far from the hundred times a quadratic reader would.
        var ratio = (double)largeBytes / smallBytes;
        output.WriteLine($"allocated: 1,000 events {smallBytes:N0} B, 10,000 events {largeBytes:N0} B, ratio {ratio:F2}");
        Assert.InRange(ratio, 5, 16);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        Assert.Equal(MilestoneImport.MaxBytes, CalendarReadLimits.Default.MaxBytes);
        var limits = CalendarReadLimits.Default with { MaxBytes = 1_000 };
        var text = Generated(20);

        using var seekable = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var error = Refused(CalendarFileReader.Read(seekable, Now, limits));
        Assert.Null(error.Line);
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, seekable.Position);

        using var unseekable = new ForwardOnlyStream(Encoding.UTF8.GetBytes(text));
        Assert.Null(Refused(CalendarFileReader.Read(unseekable, Now, limits)).Line);
        Assert.Null(Refused(ReadText(text, limits)).Line);
    }

    [Theory]
    [InlineData("unterminated-event.ics", 7, "BEGIN:VEVENT of line 3 is still open")]
    [InlineData("unterminated-calendar.ics", 1, "the file ends before END:VCALENDAR")]
    [InlineData("bad-property-line.ics", 6, "is not a calendar property")]
    [InlineData("bad-date.ics", 9, "DTSTART that cannot be read")]
    [InlineData("impossible-date.ics", 10, "DTSTART that cannot be read")]
    [InlineData("not-a-calendar.ics", 1, "not an iCalendar file")]
    public void A_malformed_file_is_refused_with_its_line_and_gives_no_occurrence(string name, int line, string says)
    {
        var error = Refused(ReadFixture($"malformed/{name}"));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"Line {line} ", error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RRULE:FREQ=SOMETIMES", "RRULE")]
    [InlineData("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "recurrence rule that finds no occurrence")]
    [InlineData("SEQUENCE:two", "SEQUENCE that cannot be read")]
    [InlineData("EXDATE:tomorrow", "EXDATE")]
    public void A_bad_value_in_an_otherwise_good_file_names_its_line(string property, string says)
    {
        var error = Refused(ReadText(Calendar(
            Event("good", "DTSTART:20260101T090000Z"),
            Event("bad", "DTSTART:20260102T090000Z", property))));

        // Lines: 1 BEGIN:VCALENDAR, 2 VERSION, 3 PRODID, 4–8 the good event, 9 BEGIN:VEVENT, 10 UID, 11 SUMMARY, 12 DTSTART, 13 the property.
        Assert.Equal(13, error.Line);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_VTIMEZONE_whose_own_rule_cannot_be_evaluated_is_refused_at_its_BEGIN()
    {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTIMEZONE\r\nTZID:Broken\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
            + "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
            + "BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Broken:20260105T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        Assert.Equal(4, Refused(ReadText(text)).Line);
    }

    [Fact]
    public void A_time_zone_nobody_defines_names_the_line_of_the_start()
    {
        var error = Refused(ReadText(Calendar(Event("mars", "DTSTART;TZID=Mars/Olympus_Mons:20260102T090000"))));

        Assert.Equal(7, error.Line);
        Assert.Contains("Mars/Olympus_Mons", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_a_UID_or_a_start_is_refused_at_its_BEGIN()
    {
        Assert.Equal(4, Refused(ReadText("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nDTSTART:20260101T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")).Line);
        Assert.Equal(4, Refused(ReadText("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")).Line);
    }

    [Fact]
    public void Binary_garbage_is_refused_with_the_line_of_its_first_byte_that_is_not_text()
    {
        var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0xC3, 0x28, 0xFF, 0x0A, 0x01 };
        var error = Refused(CalendarFileReader.Read(new MemoryStream(zip), Now, CalendarReadLimits.Default));
        Assert.Equal(1, error.Line);

        var nul = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nSUMMARY:a\0b\r\nEND:VCALENDAR\r\n");
        var control = Refused(CalendarFileReader.Read(new MemoryStream(nul), Now, CalendarReadLimits.Default));
        Assert.Equal(4, control.Line);
        Assert.Contains("control character", control.Message, StringComparison.Ordinal);

        var afterTab = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:a\tb\u0001c\r\nEND:VCALENDAR\r\n");
        Assert.Equal(3, Refused(CalendarFileReader.Read(new MemoryStream(afterTab), Now, CalendarReadLimits.Default)).Line);
    }

    [Fact]
    public void Lines_folded_onto_the_next_are_counted_where_they_start()
    {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:folded\r\nDESCRIPTION:one\r\n  two\r\n three\r\nDTSTART:2026-13\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        Assert.Equal(9, Refused(ReadText(text)).Line);
    }

    [Fact]
    public void An_empty_file_or_one_with_text_after_the_calendar_is_refused()
    {
        Assert.Equal(1, Refused(ReadText("")).Line);
        Assert.Equal(10, Refused(ReadText(Calendar(Event("a", "DTSTART:20260101T090000Z")) + "BEGIN:VCALENDAR\r\n")).Line);
    }

    private static long Allocated(string text, out CalendarReadResult result)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        result = Ok(ReadText(text));
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>A calendar of <paramref name="count"/> one-hour meetings, one a day back from 2025.</summary>
    private static string Generated(int count)
    {
        var events = Enumerable.Range(0, count).Select(i =>
        {
            var start = new DateTime(2025, 12, 31, 9, 0, 0, DateTimeKind.Utc).AddHours(-i);
            return Event(
                $"gen-{i}@impactos.test",
                $"DTSTART:{start:yyyyMMdd'T'HHmmss'Z'}",
                $"DTEND:{start.AddHours(1):yyyyMMdd'T'HHmmss'Z'}",
                "ORGANIZER:mailto:coach@northstar.demo",
                $"ATTENDEE;CN=Founder {i}:mailto:a{i}@lumen.io",
                "DESCRIPTION:Runway\\, hiring\\nand the next round");
        });
        return Calendar(events.ToArray());
    }

    private static string Calendar(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ImpactOS tests//EN\r\n" + string.Concat(events) + "END:VCALENDAR\r\n";

    private static string Event(string uid, params string[] properties) =>
        $"BEGIN:VEVENT\r\nUID:{uid}\r\n"
        + (properties.Any(p => p.StartsWith("SUMMARY:", StringComparison.Ordinal)) ? "" : $"SUMMARY:Meeting {uid}\r\n")
        + string.Concat(properties.Select(p => p + "\r\n")) + "END:VEVENT\r\n";

    /// <summary>A stream that cannot tell its length, as a request body.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
