using System.Globalization;

namespace ImpactOS.Web.Features.Velocity;

/// <summary>How the velocity numbers read to a person: whole days, one date format, and sentences
/// that stay true at the edges (0 % and 100 %, an expected date already past). The API keeps the
/// full precision; only pages and human-readable columns go through here.</summary>
public static class VelocityWords
{
    /// <summary>The one date format of the pages: "3 Mar 2026" (<see cref="Infrastructure.DisplayDate"/>).</summary>
    public static string Date(DateTime at) => Infrastructure.DisplayDate.Day(at);

    /// <summary>The one date format of the pages, for a calendar date.</summary>
    public static string Date(DateOnly on) => Infrastructure.DisplayDate.Day(on);

    /// <summary>Whole days, as people count them ("1 day", "12 days").</summary>
    public static string Days(double days)
    {
        var whole = (long)Math.Floor(days);
        return whole == 1 ? "1 day" : whole.ToString(CultureInfo.InvariantCulture) + " days";
    }

    /// <summary>"3 companies", "1 company".</summary>
    public static string Count(int n, string singular, string plural) =>
        n.ToString("N0", CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural);

    /// <summary>When the open step is expected to end (step start + the cohort's median), said
    /// against the report instant: "in 12 days" ahead of it, "12 days overdue" once past it.
    /// <c>null</c> when there is no median to expect by.</summary>
    public static string? Expected(DateTime? projectedAt, DateTime asOf)
    {
        if (projectedAt is not { } at)
        {
            return null;
        }

        var days = (at - asOf).TotalDays;
        if (days >= 1)
        {
            return $"expected by {Date(at)} — in {Days(days)}";
        }

        if (days > -1)
        {
            return $"expected by {Date(at)} — due now";
        }

        return $"expected by {Date(at)} — {Days(-days)} overdue";
    }

    /// <summary>Where the company's elapsed time falls: the share of the cohort that had reached the
    /// milestone by the same point of its step.</summary>
    public static string ReachedByNow(double percent) => percent switch
    {
        <= 0 => "None of the track's companies had reached this milestone this early in the step.",
        >= 100 => "Every company of the track that reached this milestone had done so by this point.",
        < 1 => "Fewer than 1% of the track's companies had reached this milestone by this point.",
        > 99 => "More than 99% of the track's companies had reached this milestone by this point.",
        _ => $"About {percent.ToString("0", CultureInfo.InvariantCulture)}% of the track's companies had reached this milestone by this point.",
    };

    /// <summary>An achieved step against its cohort (<paramref name="fasterThanPct"/> is the share of
    /// the cohort still waiting at the company's own duration).</summary>
    public static string FasterThan(double fasterThanPct) => fasterThanPct switch
    {
        <= 0 => "slower than every company that reached it so far",
        >= 100 => "faster than every other company so far",
        < 1 => "faster than fewer than 1% of the track",
        > 99 => "faster than more than 99% of the track",
        _ => $"faster than {fasterThanPct.ToString("0", CultureInfo.InvariantCulture)}% of the track",
    };

    /// <summary>What the card and the portfolio say where the cohort's curve cannot give a chance.</summary>
    public const string NoForecast = "not enough data to forecast";

    /// <summary>A chance of the next milestone as people read it: "24 % (95 % CI 12–38 %)"
    /// (<see cref="ChanceShort"/> and <see cref="ChanceNote"/>); <see cref="NoForecast"/> without a chance.</summary>
    public static string Chance(ChanceDto? chance) => chance is null ? NoForecast : ChanceShort(chance) + ChanceNote(chance);

    /// <summary>The chance alone, in whole percentages that never round a possibility to a
    /// certainty ("under 1 %", "over 99 %"): "24 %", or "—" without one.</summary>
    public static string ChanceShort(ChanceDto? chance) => chance is null ? "—" : Percent(chance.P);

    /// <summary>What follows the chance: its interval, " (95 % CI 12–38 %)". Where the interval
    /// says nothing it cannot say better in words: at 0 % (no company of the track that waited as
    /// long reached it in that time, so the interval is 0–0) and at 100 % (every one did; the log
    /// interval does not exist).</summary>
    public static string ChanceNote(ChanceDto? chance) => chance switch
    {
        null => "",
        { P: <= 0 } => " (none of the track's companies that waited as long reached it in that time)",
        { P: >= 1 } => " (every company of the track that waited as long reached it in that time)",
        { CiLow: { } low, CiHigh: { } high } => $" (95 % CI {Interval(low, high)})",
        _ => "",
    };

    /// <summary>A 95 % interval of a chance in whole percentages: "12–38 %".</summary>
    public static string Interval(double low, double high) => $"{WholePercent(low)}–{WholePercent(high)} %";

    private static string Percent(double p) => p switch
    {
        <= 0 => "0 %",
        >= 1 => "100 %",
        < 0.01 => "under 1 %",
        > 0.99 => "over 99 %",
        _ => WholePercent(p) + " %",
    };

    private static string WholePercent(double p) => (p * 100).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Whole days as a bare number for tables and charts ("142"); the same floor as <see cref="Days"/>.</summary>
    public static string WholeDays(double days) => Math.Floor(days).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Below this many companies a step's curve and quartiles move a lot with one more company.</summary>
    public const int FewCompanies = 10;

    /// <summary>Until when companies still waiting are counted: "today" for a live report, else the report date.</summary>
    public static string Until(DateOnly? asOfDate) => asOfDate is { } on ? Date(on) : "today";

    /// <summary>The headline of a track's time per step: the first step that half of the companies
    /// have completed, said as a person would ("Half of SaaS Standard companies reached MVP within
    /// 142 days of their previous milestone; …"). Steps are (order, title, median days).</summary>
    public static string HalfReached(string track, IEnumerable<(int OrderIndex, string Title, double? MedianDays)> steps, DateOnly? asOfDate)
    {
        var waiting = $"companies still waiting count until {Until(asOfDate)}";
        var first = steps.OrderBy(s => s.OrderIndex).FirstOrDefault(s => s.MedianDays is not null);
        return first.MedianDays is { } median
            ? $"Half of {track} companies reached {first.Title} within {Days(median)} of their previous milestone; {waiting}."
            : $"Fewer than half of {track} companies have reached any milestone of the track yet; {waiting}.";
    }
}
