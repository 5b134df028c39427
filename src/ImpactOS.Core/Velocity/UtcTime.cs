namespace ImpactOS.Core.Velocity;

/// <summary>
/// Conversions between UTC instants and the fractional day counts the analytics work in.
/// </summary>
internal static class UtcTime
{
    private const double TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>
    /// Ticks of a UTC instant. <see cref="DateTimeKind.Utc"/> is expected;
    /// <see cref="DateTimeKind.Unspecified"/> is taken to be UTC (as EF providers such as SQLite
    /// materialize UTC columns); <see cref="DateTimeKind.Local"/> is rejected because it is almost
    /// always a leaked <c>DateTime.Now</c>.
    /// </summary>
    public static long Ticks(DateTime value, string paramName)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException(
                "Velocity analytics work on UTC instants; a DateTime of kind Local was passed.", paramName);
        }

        return value.Ticks;
    }

    public static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>Duration in days as a fractional number (<c>hours / 24</c>).</summary>
    public static double Days(long fromTicks, long toTicks) => (toTicks - fromTicks) / TicksPerDay;

    /// <summary>
    /// The instant <paramref name="days"/> after <paramref name="fromTicks"/>, rounded to the tick;
    /// <c>null</c> when it falls outside the range of <see cref="DateTime"/>.
    /// </summary>
    public static DateTime? AddDays(long fromTicks, double days)
    {
        var delta = Math.Round(days * TicksPerDay);
        if (!double.IsFinite(delta))
        {
            return null;
        }

        // Compare in double before converting so a huge delta cannot overflow the long.
        if (delta > DateTime.MaxValue.Ticks - fromTicks || delta < DateTime.MinValue.Ticks - fromTicks)
        {
            return null;
        }

        return FromTicks(fromTicks + (long)delta);
    }
}
