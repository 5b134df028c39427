using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.Evaluation;
using NodaTime;
using NodaTime.TimeZones;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>Time zones a file defines itself (VTIMEZONE) under a TZID the time-zone database does
/// not know (Outlook's "Customized Time Zone", "(UTC+01:00) Amsterdam, Berlin, …"). Ical.Net 5
/// resolves a TZID only by name, through one process-wide resolver; this wraps that resolver once,
/// and while a file is read (<see cref="Use"/>) answers that file's own zones first. A TZID the
/// database knows keeps the database's rules, which have the full history.</summary>
internal static class FileTimeZones
{
    private static readonly AsyncLocal<IReadOnlyDictionary<string, DateTimeZone>?> Current = new();
    private static readonly Lazy<bool> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Until disposed, TZIDs of <paramref name="calendar"/>'s unknown VTIMEZONEs resolve to them.</summary>
    public static IDisposable Use(Ical.Net.Calendar calendar, DateTime untilUtc)
    {
        _ = Installed.Value;
        var zones = new Dictionary<string, DateTimeZone>(StringComparer.OrdinalIgnoreCase);
        var index = -1;
        foreach (var timeZone in calendar.TimeZones)
        {
            index++;
            if (string.IsNullOrWhiteSpace(timeZone.TzId) || IsKnown(timeZone.TzId) || zones.ContainsKey(timeZone.TzId))
            {
                continue;
            }

            FileTimeZone? zone;
            try
            {
                zone = FromVTimeZone(timeZone, untilUtc);
            }
            catch (Exception e) when (CalendarFileReader.IsParseError(e))
            {
                throw new InvalidZoneException(index, e);
            }

            if (zone is not null)
            {
                zones[timeZone.TzId] = zone;
            }
        }

        var previous = Current.Value;
        Current.Value = zones;
        return new Scope(previous);
    }

    /// <summary>The <see cref="Index"/>-th VTIMEZONE of the file has observances that cannot be evaluated.</summary>
    public sealed class InvalidZoneException(int index, Exception inner) : Exception(inner.Message, inner)
    {
        public int Index { get; } = index;
    }

    private sealed class Scope(IReadOnlyDictionary<string, DateTimeZone>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }

    private static bool Install()
    {
        var fallback = TimeZoneResolvers.TimeZoneResolver;
        TimeZoneResolvers.TimeZoneResolver = id => Current.Value is { } zones && zones.TryGetValue(id, out var zone) ? zone : fallback(id);
        return true;
    }

    private static bool IsKnown(string tzId)
    {
        try
        {
            return TimeZoneResolvers.Default(tzId) is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The transitions of every STANDARD and DAYLIGHT observance up to a year past
    /// <paramref name="untilUtc"/>: each onset is a local time in the offset it ends.</summary>
    private static FileTimeZone? FromVTimeZone(VTimeZone timeZone, DateTime untilUtc)
    {
        var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = 1000 };
        var end = untilUtc.AddYears(1);
        var transitions = new List<(DateTime Utc, TimeSpan Offset, string Name)>();
        foreach (var observance in timeZone.TimeZoneInfos)
        {
            if (observance.OffsetFrom is null || observance.OffsetTo is null || observance.DtStart is null)
            {
                continue;
            }

            var name = observance.TimeZoneName ?? timeZone.TzId!;
            foreach (var onset in observance.GetOccurrences(null, options))
            {
                var utc = DateTime.SpecifyKind(onset.Period.StartTime.Value - observance.OffsetFrom.Offset, DateTimeKind.Utc);
                if (utc > end)
                {
                    break;
                }

                transitions.Add((utc, observance.OffsetTo.Offset, name));
            }
        }

        if (transitions.Count == 0)
        {
            return null;
        }

        transitions.Sort((a, b) => a.Utc.CompareTo(b.Utc));
        var first = timeZone.TimeZoneInfos.OrderBy(o => o.DtStart?.Value).First(o => o.OffsetFrom is not null);
        return new FileTimeZone(timeZone.TzId!, first.OffsetFrom!.Offset, transitions);
    }

    /// <summary>A zone as a sorted list of transitions; before the first, the first observance's TZOFFSETFROM.</summary>
    private sealed class FileTimeZone : DateTimeZone
    {
        private readonly Instant[] _starts;
        private readonly ZoneInterval[] _intervals;

        public FileTimeZone(string id, TimeSpan initial, List<(DateTime Utc, TimeSpan Offset, string Name)> transitions)
            : base(id, false, ToOffset(transitions.Select(t => t.Offset).Append(initial).Min()), ToOffset(transitions.Select(t => t.Offset).Append(initial).Max()))
        {
            _starts = new Instant[transitions.Count + 1];
            _intervals = new ZoneInterval[transitions.Count + 1];
            _starts[0] = Instant.MinValue;
            Instant? next = Instant.FromDateTimeUtc(transitions[0].Utc);
            _intervals[0] = new ZoneInterval(id, null, next, ToOffset(initial), Offset.Zero);
            for (var i = 0; i < transitions.Count; i++)
            {
                var start = Instant.FromDateTimeUtc(transitions[i].Utc);
                Instant? end = i + 1 < transitions.Count ? Instant.FromDateTimeUtc(transitions[i + 1].Utc) : null;
                _starts[i + 1] = start;
                _intervals[i + 1] = new ZoneInterval(transitions[i].Name, start, end, ToOffset(transitions[i].Offset), Offset.Zero);
            }
        }

        public override ZoneInterval GetZoneInterval(Instant instant)
        {
            var index = Array.BinarySearch(_starts, instant);
            return _intervals[index >= 0 ? index : ~index - 1];
        }

        private static Offset ToOffset(TimeSpan offset) => Offset.FromTicks(offset.Ticks);
    }
}
