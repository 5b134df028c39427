using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcalCalendar = Ical.Net.Calendar;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>One entry of a feed: all-day from <see cref="Date"/> up to <see cref="EndDate"/>
/// (exclusive; the next day when unset), e.g. an achieved milestone or a program window, or a span
/// from <see cref="StartUtc"/>. Use <see cref="AllDay"/>, <see cref="Days"/> or <see cref="Timed"/>.</summary>
public sealed record FeedEvent
{
    public required string Uid { get; init; }

    public required string Title { get; init; }

    public DateOnly? Date { get; init; }

    /// <summary>The day after the last day of an all-day entry (DTEND is exclusive).</summary>
    public DateOnly? EndDate { get; init; }

    public DateTime? StartUtc { get; init; }

    public DateTime? EndUtc { get; init; }

    public string? Description { get; init; }

    public Uri? Url { get; init; }

    public static FeedEvent AllDay(string uid, string title, DateOnly date, string? description = null, Uri? url = null) =>
        new() { Uid = uid, Title = title, Date = date, Description = description, Url = url };

    /// <summary>An all-day entry over the days from <paramref name="from"/> to the day before
    /// <paramref name="untilExclusive"/>.</summary>
    public static FeedEvent Days(string uid, string title, DateOnly from, DateOnly untilExclusive, string? description = null, Uri? url = null)
    {
        if (untilExclusive <= from)
        {
            throw new ArgumentException("An all-day entry ends after the day it starts.", nameof(untilExclusive));
        }

        return new() { Uid = uid, Title = title, Date = from, EndDate = untilExclusive, Description = description, Url = url };
    }

    public static FeedEvent Timed(string uid, string title, DateTime startUtc, DateTime? endUtc, string? description = null, Uri? url = null)
    {
        if (startUtc.Kind != DateTimeKind.Utc || endUtc is { Kind: not DateTimeKind.Utc })
        {
            throw new ArgumentException("Feed times are UTC instants.", nameof(startUtc));
        }

        if (endUtc <= startUtc)
        {
            throw new ArgumentException("A feed event ends after it starts.", nameof(endUtc));
        }

        return new() { Uid = uid, Title = title, StartUtc = startUtc, EndUtc = endUtc, Description = description, Url = url };
    }
}

/// <summary>Writes a subscribable iCalendar feed (RFC 5545) with Ical.Net: every event has its UID
/// and a DTSTAMP (when the feed was written); an all-day event is a DATE (VALUE=DATE) with the
/// exclusive DTEND of the next day (§3.6.1), a timed one is in UTC.</summary>
public static class CalendarFeedWriter
{
    public const string ProductId = "-//ImpactOS//Milestones feed//EN";

    public static string Write(string name, IEnumerable<FeedEvent> events, DateTime stampUtc)
    {
        var calendar = new IcalCalendar { ProductId = ProductId, Method = "PUBLISH", Scale = "GREGORIAN" };
        // Calendar apps show this as the subscription's name (a widely read extension, not RFC 5545).
        calendar.AddProperty("X-WR-CALNAME", name);
        var stamp = new CalDateTime(DateTime.SpecifyKind(stampUtc, DateTimeKind.Utc), CalDateTime.UtcTzId);
        foreach (var feedEvent in events)
        {
            var calendarEvent = new CalendarEvent
            {
                Uid = feedEvent.Uid,
                Summary = feedEvent.Title,
                Description = feedEvent.Description,
                Url = feedEvent.Url,
                DtStamp = stamp,
            };
            if (feedEvent.Date is { } date)
            {
                calendarEvent.DtStart = new CalDateTime(date);
                calendarEvent.DtEnd = new CalDateTime(feedEvent.EndDate ?? date.AddDays(1));
            }
            else
            {
                calendarEvent.DtStart = new CalDateTime(feedEvent.StartUtc!.Value, CalDateTime.UtcTzId);
                calendarEvent.DtEnd = feedEvent.EndUtc is { } end ? new CalDateTime(end, CalDateTime.UtcTzId) : null;
            }

            calendar.Events.Add(calendarEvent);
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
