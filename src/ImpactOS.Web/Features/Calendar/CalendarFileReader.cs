using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using ImpactOS.Web.Features.Imports;
using IcalCalendar = Ical.Net.Calendar;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>Reads an iCalendar (RFC 5545) export (Google, Outlook, Apple) into the meetings it holds:
/// Ical.Net parses and expands recurrences; this checks the file's lines first (so a mistake names
/// its line), then normalizes every occurrence up to now. All or nothing: any error, no occurrences.</summary>
public static class CalendarFileReader
{
    /// <summary>The properties whose value must parse; Ical.Net leaves a bad one null without a word.</summary>
    private static readonly Dictionary<string, string> TypedProperties = new(StringComparer.Ordinal)
    {
        ["DTSTART"] = DateHint,
        ["DTEND"] = DateHint,
        ["RECURRENCE-ID"] = DateHint,
        ["EXDATE"] = DateHint,
        ["RDATE"] = DateHint,
        ["RRULE"] = "a recurrence rule such as FREQ=WEEKLY;COUNT=10",
        ["SEQUENCE"] = "a whole number",
    };

    private const string DateHint = "a date (20260320) or a date and time (20260320T090000, 20260320T090000Z)";

    /// <summary>Steps a rule may take without finding an occurrence, so a rule that never matches
    /// (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30) ends in an error instead of a search without end.</summary>
    private const int MaxUnmatchedIncrements = 1000;

    /// <summary>Reads UTF-8 from <paramref name="stream"/> (a byte-order mark is fine); a stream
    /// longer than the limit is refused before anything is parsed.</summary>
    public static CalendarReadResult Read(Stream stream, DateTime nowUtc, CalendarReadLimits limits)
    {
        if (stream.CanSeek && stream.Length - stream.Position > limits.MaxBytes)
        {
            return TooLarge(limits);
        }

        using var reader = new StrictUtf8Reader(stream);
        try
        {
            return Read((TextReader)reader, nowUtc, limits);
        }
        catch (CsvTextException e)
        {
            return CalendarReadResult.Failed(e.Line, CalendarStructure.Line(e.Line, "is not UTF-8 text: a calendar file (.ics) is text, so this does not look like one."));
        }
    }

    public static CalendarReadResult Read(TextReader reader, DateTime nowUtc, CalendarReadLimits limits)
    {
        var text = ReadText(reader, limits.MaxBytes);
        if (text is null)
        {
            return TooLarge(limits);
        }

        var (structure, error) = CalendarStructure.Check(text);
        if (error is not null)
        {
            return new CalendarReadResult { Error = error };
        }

        IcalCalendar? calendar;
        try
        {
            calendar = IcalCalendar.Load(text);
        }
        catch (Exception e) when (IsParseError(e))
        {
            return new CalendarReadResult { Error = CalendarErrorLocator.Locate(text, structure!, e) };
        }

        if (calendar is null)
        {
            return CalendarReadResult.Failed(1, CalendarStructure.Line(1, "should be BEGIN:VCALENDAR: this is not an iCalendar file (.ics)."));
        }

        var events = structure!.Components.Where(c => c.Name == "VEVENT").ToList();
        if (events.Count != calendar.Events.Count)
        {
            // The library read the file differently from its lines; no line can be named honestly.
            return CalendarReadResult.Failed(null, "The calendar could not be read: its events are not where its lines say.");
        }

        nowUtc = nowUtc.ToUniversalTime();
        IDisposable zones;
        try
        {
            zones = FileTimeZones.Use(calendar, nowUtc);
        }
        catch (FileTimeZones.InvalidZoneException e)
        {
            var zone = structure.Components.Where(c => c.Name == "VTIMEZONE").ElementAtOrDefault(e.Index)?.Line ?? 1;
            return CalendarReadResult.Failed(zone, CalendarStructure.Line(zone, $"begins a time zone that cannot be read: {Reason(e.InnerException!)}"));
        }

        using (zones)
        {
            return new Expansion(nowUtc, limits).Run(calendar.Events.Zip(events));
        }
    }

    /// <summary>The whole text, or null past <paramref name="maxBytes"/> bytes of UTF-8.</summary>
    private static string? ReadText(TextReader reader, long maxBytes)
    {
        var text = new StringBuilder();
        var block = new char[64 * 1024];
        long bytes = 0;
        int read;
        while ((read = reader.Read(block, 0, block.Length)) > 0)
        {
            bytes += Encoding.UTF8.GetByteCount(block, 0, read);
            if (bytes > maxBytes)
            {
                return null;
            }

            text.Append(block, 0, read);
        }

        return text.ToString();
    }

    private static CalendarReadResult TooLarge(CalendarReadLimits limits) =>
        CalendarReadResult.Failed(null, string.Create(CultureInfo.InvariantCulture, $"The file is larger than {limits.MaxBytes / (1024 * 1024)} MB; export a shorter period."));

    /// <summary>What Ical.Net throws for a file it cannot read (it has no exception type of its own for that).</summary>
    internal static bool IsParseError(Exception e) =>
        e is System.Runtime.Serialization.SerializationException or FormatException or ArgumentException
            or OverflowException or InvalidOperationException or EvaluationException or NullReferenceException
            or IndexOutOfRangeException;

    /// <summary>Turns the events of one file into occurrences, keeping the counts of what it left out.</summary>
    private sealed class Expansion(DateTime nowUtc, CalendarReadLimits limits)
    {
        private readonly List<CalendarOccurrence> _occurrences = [];
        private readonly List<string> _cappedSeries = [];
        private int _cancelled;
        private int _duplicates;
        private int _future;
        private bool _cappedTotal;

        private sealed record Item(CalendarEvent Event, CalendarStructure.Component Lines, int Index, DateTime? RecurrenceId);

        private sealed class Series
        {
            public Item? Master { get; set; }

            public Dictionary<DateTime, Item> Exceptions { get; } = [];
        }

        public CalendarReadResult Run(IEnumerable<(CalendarEvent Event, CalendarStructure.Component Lines)> events)
        {
            var series = new Dictionary<string, Series>(StringComparer.Ordinal);
            var order = new List<Series>();
            var index = 0;
            foreach (var (calendarEvent, lines) in events)
            {
                var error = Check(calendarEvent, lines);
                if (error is not null)
                {
                    return new CalendarReadResult { Error = error };
                }

                DateTime? recurrenceId;
                try
                {
                    recurrenceId = calendarEvent.RecurrenceIdentifier is { } id ? ToUtc(id.StartTime) : null;
                }
                catch (Exception e) when (IsParseError(e))
                {
                    return new CalendarReadResult { Error = ZoneError(lines, "RECURRENCE-ID", e) };
                }

                var uid = calendarEvent.Uid!.Trim();
                if (!series.TryGetValue(uid, out var one))
                {
                    series[uid] = one = new Series();
                    order.Add(one);
                }

                Keep(one, new Item(calendarEvent, lines, index++, recurrenceId));
            }

            foreach (var one in order)
            {
                var error = Emit(one);
                if (error is not null)
                {
                    return new CalendarReadResult { Error = error };
                }
            }

            return new CalendarReadResult
            {
                Occurrences = _occurrences,
                Cancelled = _cancelled,
                Duplicates = _duplicates,
                Future = _future,
                CappedSeries = _cappedSeries,
                CappedTotal = _cappedTotal,
            };
        }

        /// <summary>Same UID (and RECURRENCE-ID) twice: the higher SEQUENCE wins, then the later
        /// DTSTAMP, then the one further down the file.</summary>
        private void Keep(Series one, Item item)
        {
            if (item.RecurrenceId is not { } recurrenceId)
            {
                one.Master = Winner(one.Master, item);
            }
            else
            {
                one.Exceptions[recurrenceId] = Winner(one.Exceptions.GetValueOrDefault(recurrenceId), item);
            }
        }

        private Item Winner(Item? kept, Item item)
        {
            if (kept is null)
            {
                return item;
            }

            _duplicates++;
            var keptStamp = kept.Event.DtStamp?.AsUtc ?? DateTime.MinValue;
            var itemStamp = item.Event.DtStamp?.AsUtc ?? DateTime.MinValue;
            return (item.Event.Sequence, itemStamp).CompareTo((kept.Event.Sequence, keptStamp)) >= 0 ? item : kept;
        }

        /// <summary>The problems Ical.Net lets through: a value it could not parse is left null.</summary>
        private static CalendarFileError? Check(CalendarEvent calendarEvent, CalendarStructure.Component lines)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var property in calendarEvent.Properties)
            {
                var nth = seen.GetValueOrDefault(property.Name);
                seen[property.Name] = nth + 1;
                if (TypedProperties.TryGetValue(property.Name, out var hint) && !IsRead(property.Value, lines.Find(property.Name, nth)))
                {
                    var line = lines.LineOf(property.Name, nth);
                    return new CalendarFileError(line, CalendarStructure.Line(line, $"has a {property.Name} that cannot be read: it should be {hint}."));
                }
            }

            // Ical.Net makes a UID up for an event without one; the file's own is what identifies it.
            if (!lines.Has("UID") || string.IsNullOrWhiteSpace(calendarEvent.Uid))
            {
                return new CalendarFileError(lines.Line, CalendarStructure.Line(lines.Line, "begins an event without a UID, so it could not be recognized when imported again."));
            }

            if (calendarEvent.DtStart is null)
            {
                return new CalendarFileError(lines.Line, CalendarStructure.Line(lines.Line, "begins an event without a start (DTSTART)."));
            }

            return null;
        }

        /// <summary>Whether the library read the value: a date list (EXDATE, RDATE) silently drops
        /// the dates it cannot parse, so it must hold as many as the line has.</summary>
        private static bool IsRead(object? value, CalendarStructure.Property? line) => value switch
        {
            null => false,
            System.Collections.IEnumerable list and not string => line is null || list.Cast<object>().Count() >= line.Values,
            _ => true,
        };

        private CalendarFileError? Emit(Series one)
        {
            if (one.Master is { } master && IsCancelled(master.Event))
            {
                // A cancelled series takes its moved occurrences with it.
                _cancelled += 1 + one.Exceptions.Count;
                return null;
            }

            if (one.Master is { } recurring)
            {
                var error = EmitMaster(recurring, one.Exceptions);
                if (error is not null)
                {
                    return error;
                }
            }

            foreach (var exception in one.Exceptions.Values.OrderBy(e => e.Index))
            {
                if (IsCancelled(exception.Event))
                {
                    _cancelled++;
                    continue;
                }

                var error = EmitOne(exception, exception.RecurrenceId, exception.Event.DtStart!);
                if (error is not null)
                {
                    return error;
                }
            }

            return null;
        }

        private CalendarFileError? EmitMaster(Item master, Dictionary<DateTime, Item> exceptions)
        {
            var calendarEvent = master.Event;
            if (calendarEvent.RecurrenceRule is null && calendarEvent.RecurrenceDates.GetAllDates().FirstOrDefault() is null)
            {
                return EmitOne(master, null, calendarEvent.DtStart!);
            }

            var count = 0;
            try
            {
                var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = MaxUnmatchedIncrements };
                foreach (var occurrence in calendarEvent.GetOccurrences(null, options))
                {
                    var start = occurrence.Period.StartTime;
                    var original = ToUtc(start);
                    if (original > nowUtc)
                    {
                        break;
                    }

                    if (++count > limits.MaxOccurrencesPerSeries)
                    {
                        _cappedSeries.Add(calendarEvent.Uid!.Trim());
                        break;
                    }

                    if (exceptions.ContainsKey(original))
                    {
                        continue;
                    }

                    if (!Add(Occurrence(master, original, original, !start.HasTime)))
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (IsParseError(e))
            {
                var property = calendarEvent.RecurrenceRule is not null ? "RRULE" : "RDATE";
                return e is EvaluationLimitExceededException
                    ? new CalendarFileError(master.Lines.LineOf(property), CalendarStructure.Line(master.Lines.LineOf(property), "has a recurrence rule that finds no occurrence."))
                    : ZoneError(master.Lines, "DTSTART", e);
            }

            return null;
        }

        private CalendarFileError? EmitOne(Item item, DateTime? recurrenceId, CalDateTime start)
        {
            DateTime startUtc;
            try
            {
                startUtc = ToUtc(start);
            }
            catch (Exception e) when (IsParseError(e))
            {
                return ZoneError(item.Lines, "DTSTART", e);
            }

            if (startUtc > nowUtc)
            {
                _future++;
                return null;
            }

            Add(Occurrence(item, recurrenceId, startUtc, !start.HasTime));
            return null;
        }

        /// <summary>False once the file's cap is reached.</summary>
        private bool Add(CalendarOccurrence occurrence)
        {
            if (_occurrences.Count >= limits.MaxOccurrences)
            {
                _cappedTotal = true;
                return false;
            }

            _occurrences.Add(occurrence);
            return true;
        }

        private CalendarOccurrence Occurrence(Item item, DateTime? recurrenceId, DateTime startUtc, bool allDay)
        {
            var calendarEvent = item.Event;
            var organizer = Email(calendarEvent.Organizer?.Value);
            var attendees = calendarEvent.Attendees
                .Select(a => Email(a.Value))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return new CalendarOccurrence(
                calendarEvent.Uid!.Trim(),
                recurrenceId,
                calendarEvent.Sequence,
                Cap(calendarEvent.Summary, limits.SummaryMaxLength) ?? "",
                Cap(calendarEvent.Description, limits.DescriptionMaxLength),
                startUtc,
                allDay,
                organizer,
                attendees,
                calendarEvent.Status?.Trim().ToUpperInvariant(),
                item.Lines.Line);
        }

        private static bool IsCancelled(CalendarEvent calendarEvent) =>
            string.Equals(calendarEvent.Status?.Trim(), "CANCELLED", StringComparison.OrdinalIgnoreCase);

        private static CalendarFileError ZoneError(CalendarStructure.Component lines, string property, Exception e)
        {
            var line = lines.LineOf(property);
            return new CalendarFileError(line, CalendarStructure.Line(line, $"has a {property} that cannot be placed in time: {Reason(e)}"));
        }
    }

    /// <summary>The library's message without .NET's "(Parameter 'x')", which means nothing to a coach.</summary>
    internal static string Reason(Exception e)
    {
        var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
        return message.EndsWith('.') ? message : message + ".";
    }

    /// <summary>The instant of a calendar time. A DATE (all-day) value is 00:00 UTC of that date and
    /// a floating time (no TZID, no Z) is read as UTC, whatever this machine's own time zone is.</summary>
    internal static DateTime ToUtc(CalDateTime value)
    {
        if (!value.HasTime)
        {
            return value.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        return value.IsFloating ? DateTime.SpecifyKind(value.Value, DateTimeKind.Utc) : value.AsUtc;
    }

    /// <summary>An address from <c>mailto:Ada@Lumen.io</c>: without the scheme, lower-cased; null
    /// when it is no email address (Outlook writes <c>invalid:nomail</c> for rooms).</summary>
    internal static string? Email(Uri? value)
    {
        var text = value?.OriginalString.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["mailto:".Length..].Trim();
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < text.Length - 1 && at == text.LastIndexOf('@') && !text.Contains(' ', StringComparison.Ordinal)
            ? text.ToLowerInvariant()
            : null;
    }

    /// <summary>Trimmed text, null when empty, cut to <paramref name="max"/> characters with an ellipsis.</summary>
    internal static string? Cap(string? text, int max)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length <= max)
        {
            return trimmed;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(trimmed[cut - 1]))
        {
            cut--;
        }

        return string.Concat(trimmed.AsSpan(0, cut).TrimEnd(), "…");
    }
}
