namespace ImpactOS.Core.Velocity;

/// <summary>
/// A fitted Kaplan–Meier curve with R-compatible quantiles. Immutable and thread-safe.
/// </summary>
public sealed class KaplanMeierCurve
{
    /// <summary>
    /// Tolerance used when comparing 1 − S(t) with a probability: R's default for
    /// <c>quantile.survfit</c>, <c>sqrt(.Machine$double.eps)</c>.
    /// </summary>
    public const double QuantileTolerance = 1.4901161193847656e-8;

    private static readonly double[] s_quartiles = [0.25, 0.5, 0.75];

    private readonly KaplanMeierPoint[] _points;

    // Event times and the survival just after each, for S(t) look-ups.
    private readonly double[] _eventTimes;
    private readonly double[] _eventSurvival;

    // R's findq inputs: x = c(0, time), y = c(0, 1 - surv) with repeated y values dropped
    // (keeping the first x of each), and xmax = the last observed time.
    private readonly double[] _quantileX;
    private readonly double[] _quantileY;
    private readonly double _lastTime;

    internal KaplanMeierCurve(KaplanMeierPoint[] points, int events, int censored)
    {
        _points = points;
        Events = events;
        Censored = censored;

        var distinctEventTimes = 0;
        foreach (var point in points)
        {
            if (point.Events > 0)
            {
                distinctEventTimes++;
            }
        }

        _eventTimes = new double[distinctEventTimes];
        _eventSurvival = new double[distinctEventTimes];
        var x = new double[distinctEventTimes + 1];
        var y = new double[distinctEventTimes + 1];
        var n = 1; // x[0] = 0, y[0] = 0
        var k = 0;
        foreach (var point in points)
        {
            if (point.Events == 0)
            {
                continue; // S (and so y) is unchanged: R's duplicated(y) drops these.
            }

            _eventTimes[k] = point.Time;
            _eventSurvival[k] = point.Survival;
            k++;

            var failure = 1 - point.Survival;
            if (failure != y[n - 1])
            {
                x[n] = point.Time;
                y[n] = failure;
                n++;
            }
        }

        _quantileX = n == x.Length ? x : x[..n];
        _quantileY = n == y.Length ? y : y[..n];
        _lastTime = points.Length == 0 ? 0 : points[^1].Time;

        var quartiles = Quantiles(s_quartiles);
        P25 = quartiles[0];
        Median = quartiles[1];
        P75 = quartiles[2];
    }

    /// <summary>A curve without observations: S(t) = 1, every quantile not reached.</summary>
    public static KaplanMeierCurve Empty { get; } = new([], 0, 0);

    /// <summary>One point per distinct observed time (events or censorings), ascending.</summary>
    public IReadOnlyList<KaplanMeierPoint> Points => _points;

    /// <summary>Number of observations.</summary>
    public int N => Events + Censored;

    /// <summary>Number of events.</summary>
    public int Events { get; }

    /// <summary>Number of censored observations.</summary>
    public int Censored { get; }

    /// <summary>25th percentile, as R's <c>quantile(fit, c(.25, .5, .75))[1]</c>; <c>null</c> = not reached.</summary>
    public double? P25 { get; }

    /// <summary>Median, as R's <c>quantile(fit, c(.25, .5, .75))[2]</c>; <c>null</c> = not reached.</summary>
    public double? Median { get; }

    /// <summary>75th percentile, as R's <c>quantile(fit, c(.25, .5, .75))[3]</c>; <c>null</c> = not reached.</summary>
    public double? P75 { get; }

    /// <summary>
    /// Estimated S(t) = share still without the event after time <paramref name="time"/>
    /// (right-continuous: events at exactly <paramref name="time"/> count as happened).
    /// 1 before the first event; the last value after the last observed time.
    /// </summary>
    public double Survival(double time)
    {
        if (double.IsNaN(time))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "Time must be a number.");
        }

        // Number of event times <= time.
        int lo = 0, hi = _eventTimes.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_eventTimes[mid] <= time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == 0 ? 1.0 : _eventSurvival[lo - 1];
    }

    /// <summary>
    /// The <paramref name="probability"/> quantile of the time to event, as R's
    /// <c>quantile(fit, probability)</c>. See <see cref="Quantiles"/> for the rules.
    /// </summary>
    public double? Quantile(double probability) => Quantiles([probability])[0];

    /// <summary>
    /// Quantiles of the time to event, as R's <c>quantile(fit, probabilities)</c> (survival 3.x,
    /// <c>findq</c>), with F(t) = 1 − S(t) and tolerance <see cref="QuantileTolerance"/>:
    /// <list type="bullet">
    /// <item>The smallest time at which F reaches p (F ≥ p + tol), i.e. S falls to 1 − p or below.</item>
    /// <item>When F equals p within the tolerance on a flat segment [tᵢ, tᵢ₊₁), the midpoint
    /// (tᵢ + tᵢ₊₁) / 2, where tᵢ₊₁ is the next event time; when that flat segment is the last one,
    /// the midpoint of tᵢ and the last observed time (event or censoring).</item>
    /// <item><c>null</c> ("not reached") when the curve never gets there; also for every probability
    /// when max F &lt; the smallest requested probability (R's early exit, which ignores the tolerance).</item>
    /// <item>p = 0 gives 0 (R's start time).</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A probability is outside [0, 1].</exception>
    public double?[] Quantiles(ReadOnlySpan<double> probabilities)
    {
        var result = new double?[probabilities.Length];
        var minProbability = double.PositiveInfinity;
        foreach (var p in probabilities)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(probabilities), p, "Probabilities must lie in [0, 1].");
            }

            minProbability = Math.Min(minProbability, p);
        }

        var x = _quantileX;
        var y = _quantileY;
        if (_points.Length == 0 || y[^1] < minProbability)
        {
            return result;
        }

        const double tol = QuantileTolerance;
        var last = y.Length - 1;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            var lower = FirstAtLeast(y, tol, p);   // first index with y + tol >= p
            var upper = FirstAtLeast(y, -tol, p);  // first index with y - tol >= p
            double? q = lower >= 0 && upper >= 0 ? (x[lower] + x[upper]) / 2 : null;
            if (p == 0)
            {
                q = x[0];
            }

            if (Math.Abs(p - y[last]) < tol)
            {
                q = lower >= 0 ? (x[lower] + _lastTime) / 2 : null;
            }

            result[i] = q;
        }

        return result;
    }

    /// <summary>
    /// R's <c>approx(y + shift, 1:n, p, method = "constant", f = 1)</c> on a strictly increasing y:
    /// the first index whose shifted value is ≥ p, or −1 when p lies outside the shifted range.
    /// </summary>
    private static int FirstAtLeast(double[] y, double shift, double p)
    {
        if (p < y[0] + shift || p > y[^1] + shift)
        {
            return -1;
        }

        int lo = 0, hi = y.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (y[mid] + shift >= p)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
