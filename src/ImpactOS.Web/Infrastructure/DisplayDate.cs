using System.Globalization;

namespace ImpactOS.Web.Infrastructure;

/// <summary>The one way pages write dates for people: "3 Mar 2026", and with a time
/// "3 Mar 2026, 14:05 UTC". Date inputs, CSV and the API keep ISO 8601 (yyyy-MM-dd) instead,
/// because machines read those.</summary>
public static class DisplayDate
{
    private const string DayFormat = "d MMM yyyy";

    public static string Day(DateOnly on) => on.ToString(DayFormat, CultureInfo.InvariantCulture);

    public static string Day(DateTime at) => at.ToString(DayFormat, CultureInfo.InvariantCulture);

    /// <summary>The day, or <paramref name="none"/> when there is none.</summary>
    public static string Day(DateOnly? on, string none = "") => on is { } day ? Day(day) : none;

    public static string Day(DateTime? at, string none = "") => at is { } moment ? Day(moment) : none;

    /// <summary>A moment (instants are UTC): the day and the minute.</summary>
    public static string Moment(DateTime at) => at.ToString(DayFormat + ", HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A month heading: "March 2026".</summary>
    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Month(DateTime month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}
