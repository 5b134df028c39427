using System.Globalization;

namespace ImpactOS.Web.Infrastructure;

/// <summary>The rules of dates and instants every input shares (forms, API, CSV import, and a
/// calendar import next): the earliest accepted year, UTC, "has happened", and the text formats.</summary>
public static class Instants
{
    /// <summary>The earliest year any date or instant may have (old companies were founded in the 1800s).</summary>
    public const int EarliestYear = 1800;

    public const string TooFarInThePast = "Too far in the past.";

    public static bool TooEarly(DateTime value) => value.Year < EarliestYear;

    public static bool TooEarly(DateOnly value) => value.Year < EarliestYear;

    /// <summary>An instant as UTC: a time without a zone is taken as UTC.</summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>An instant that has happened: not after <paramref name="now"/>, not before
    /// <see cref="EarliestYear"/>. Answers it as UTC (null when not given).</summary>
    public static DateTime? CheckHappened(ValidationErrors errors, string field, DateTime? value, DateTime now, bool required)
    {
        if (value is not { } given)
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        var utc = AsUtc(given);
        if (utc > now)
        {
            errors.Add(field, "Cannot be in the future.");
        }
        else if (TooEarly(utc))
        {
            errors.Add(field, TooFarInThePast);
        }

        return utc;
    }

    /// <summary>A day written YYYY-MM-DD; null when empty.</summary>
    public static DateOnly? ParseDay(ValidationErrors errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "Not a date; write YYYY-MM-DD.");
        return null;
    }

    /// <summary>An ISO 8601 instant (a zone or Z; no zone means UTC), or a day (00:00 UTC); required.</summary>
    public static DateTime? ParseInstant(ValidationErrors errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "Required.");
            return null;
        }

        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        if (trimmed.Length >= 16 && trimmed[4] == '-' && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.UtcDateTime;
        }

        errors.Add(field, "Not a date or an instant; write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.");
        return null;
    }
}
