using System.Globalization;

namespace ImpactOS.Web.Features.Velocity;

/// <summary>How the velocity numbers read to a person: whole days, one date format, and sentences
/// that stay true at the edges (0 % and 100 %, an expected date already past). The API keeps the
/// full precision; only pages and human-readable columns go through here.</summary>
public static class VelocityWords
{
    /// <summary>The one date format of the pages: "3 Mar 2026".</summary>
    public static string Date(DateTime at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The one date format of the pages, for a calendar date.</summary>
    public static string Date(DateOnly on) => on.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

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
}
