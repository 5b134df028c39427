namespace ImpactOS.Core.Velocity;

/// <summary>
/// Fitted cumulative incidences of the ends of a step (see <see cref="AalenJohansen"/>). Immutable
/// and thread-safe.
/// </summary>
public sealed class CumulativeIncidenceCurve
{
    private readonly CumulativeIncidencePoint[] _points;

    internal CumulativeIncidenceCurve(CumulativeIncidencePoint[] points, int milestones, int shutDowns, int acquisitions, int censored)
    {
        _points = points;
        Milestones = milestones;
        ShutDowns = shutDowns;
        Acquisitions = acquisitions;
        Censored = censored;
    }

    /// <summary>A curve without observations: everyone open at every time.</summary>
    public static CumulativeIncidenceCurve Empty { get; } = new([], 0, 0, 0, 0);

    /// <summary>One point per distinct observed time (any end or censoring), ascending.</summary>
    public IReadOnlyList<CumulativeIncidencePoint> Points => _points;

    /// <summary>Number of observations.</summary>
    public int N => Milestones + ShutDowns + Acquisitions + Censored;

    /// <summary>Number of steps ended by the milestone.</summary>
    public int Milestones { get; }

    /// <summary>Number of steps ended by a shutdown.</summary>
    public int ShutDowns { get; }

    /// <summary>Number of steps ended by an acquisition.</summary>
    public int Acquisitions { get; }

    /// <summary>Number of censored observations.</summary>
    public int Censored { get; }

    /// <summary>
    /// The shares at <paramref name="time"/> (right-continuous: ends at exactly that time count):
    /// everyone open before the first time, the last point's shares after the last time. O(log n).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is NaN.</exception>
    public StepEndShares At(double time)
    {
        if (double.IsNaN(time))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "Time must be a number.");
        }

        int lo = 0, hi = _points.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_points[mid].Time <= time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (lo == 0)
        {
            return new StepEndShares(1, 0, 0, 0);
        }

        var point = _points[lo - 1];
        return new StepEndShares(point.Open, point.Milestone, point.ShutDown, point.Acquired);
    }
}
