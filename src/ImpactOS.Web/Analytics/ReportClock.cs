namespace ImpactOS.Web.Analytics;

/// <summary>The instant every analytics report is computed as of: the one the reader gave, else
/// "now" rounded up to the next whole minute, so repeated reads within a minute share one
/// computation, and a company created or a milestone marked "now" is already inside it.</summary>
public sealed class ReportClock(TimeProvider clock)
{
    public DateTime AsOf(DateTime? given)
    {
        if (given is { } at)
        {
            return at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var intoMinute = now.Ticks % TimeSpan.TicksPerMinute;
        return new DateTime(intoMinute == 0 ? now.Ticks : now.Ticks - intoMinute + TimeSpan.TicksPerMinute, DateTimeKind.Utc);
    }
}
