using System.Globalization;

namespace ImpactOS.Web.Features.Velocity;

/// <summary>Positions (in % of the band's width) for drawing a company's days in step against its
/// cohort's middle half (P25–P75) and median. The band spans a little past the 75th percentile or
/// the company's own elapsed time, whichever is longer.</summary>
public sealed record VelocityBand(string IqrLeft, string IqrWidth, string? Median, string You)
{
    public static VelocityBand? Of(CompanyVelocityDto velocity)
    {
        if (velocity.Cohort is not { } cohort || (cohort.MedianDays is null && cohort.P75Days is null))
        {
            return null;
        }

        var scale = Math.Max(1, Math.Max((cohort.P75Days ?? cohort.MedianDays ?? 0) * 1.25, (velocity.DaysInStep ?? 0) * 1.05));
        double At(double? days) => Math.Clamp((days ?? 0) / scale * 100, 0, 100);
        var left = At(cohort.P25Days);
        var right = cohort.P75Days is null ? 100 : At(cohort.P75Days);
        return new VelocityBand(
            Format(left),
            Format(Math.Max(0, right - left)),
            cohort.MedianDays is null ? null : Format(At(cohort.MedianDays)),
            Format(At(velocity.DaysInStep)));
    }

    private static string Format(double percent) => percent.ToString("0.##", CultureInfo.InvariantCulture);
}
