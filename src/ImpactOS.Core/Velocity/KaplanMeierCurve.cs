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

    private const int MaxBuckets = 1 << 16;

    private static readonly double[] s_quartiles = [0.25, 0.5, 0.75];

    private readonly KaplanMeierPoint[] _points;

    // S(t) look-up index over equal-width time buckets: _bucketStart[b] = number of points whose
    // bucket is < b. A look-up reads its bucket's range and searches only inside it (about one point
    // per bucket), instead of a binary search over all points that misses the cache at almost every
    // step when thousands of companies are placed on the curve.
    private readonly int[] _bucketStart;
    private readonly double _bucketsPerDay;

    // Built on first use and kept with the curve, so every company placed on this step's curve (and
    // every later read of the same cached curve) shares one set of running products and sums.
    private KaplanMeierForecast? _forecast;

    internal KaplanMeierCurve(KaplanMeierPoint[] points, int events, int censored)
    {
        _points = points;

        var lastTime = points.Length == 0 ? 0 : points[^1].Time;
        var bucketCount = Math.Clamp(points.Length, 1, MaxBuckets);
        _bucketsPerDay = lastTime > 0 ? bucketCount / lastTime : 0;
        _bucketStart = new int[bucketCount + 2];
        var next = 0;
        for (var b = 0; b < _bucketStart.Length; b++)
        {
            while (next < points.Length && Bucket(points[next].Time) < b)
            {
                next++;
            }

            _bucketStart[b] = next;
        }

        Events = events;
        Censored = censored;

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

    /// <summary>Forecasts from this curve (the chance of the event within Δ days after waiting t),
    /// built once per curve on first use. Thread-safe: a race builds it twice, and both are equal.</summary>
    public KaplanMeierForecast Forecast => _forecast ??= new KaplanMeierForecast(this);

    /// <summary>
    /// Estimated S(t) = share still without the event after time <paramref name="time"/>
    /// (right-continuous: events at exactly <paramref name="time"/> count as happened).
    /// 1 before the first event; the last value after the last observed time. O(log n).
    /// </summary>
    public double Survival(double time)
    {
        if (double.IsNaN(time))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "Time must be a number.");
        }

        // Number of points with Time <= time; every point carries S just after its time. Bucket() is
        // monotone, so points in earlier buckets are all <= time and points in later ones all > time.
        var points = _points;
        var bucket = Bucket(time);
        int lo = _bucketStart[bucket], hi = _bucketStart[bucket + 1];
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (points[mid].Time <= time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == 0 ? 1.0 : points[lo - 1].Survival;
    }

    /// <summary>Monotone map of a time to a bucket in [0, _bucketStart.Length − 2].</summary>
    private int Bucket(double time)
    {
        if (_bucketsPerDay == 0)
        {
            return 0; // no points, or all at time 0: one bucket holds them all
        }

        var scaled = time * _bucketsPerDay;
        var last = _bucketStart.Length - 2;
        return scaled <= 0 ? 0 : scaled >= last ? last : (int)scaled;
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
    /// when max F &lt; the smallest requested probability (R's early exit, which ignores the tolerance,
    /// so the answer for one probability can depend on the others asked with it).</item>
    /// <item>p = 0 gives 0 (R's start time).</item>
    /// </list>
    /// O(n) per probability.
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

        if (_points.Length == 0)
        {
            return result;
        }

        // R: findq(x = c(0, time), y = c(0, 1 - surv), ...); y's last value is the final 1 - S.
        var lastY = 1 - _points[^1].Survival;
        if (lastY < minProbability)
        {
            return result;
        }

        const double tol = QuantileTolerance;
        var lastTime = _points[^1].Time;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            var hasLower = TryFirstTimeAtLeast(tol, p, out var lower);   // first x with y + tol >= p
            var hasUpper = TryFirstTimeAtLeast(-tol, p, out var upper);  // first x with y - tol >= p
            double? q = hasLower && hasUpper ? (lower + upper) / 2 : null;
            if (p == 0)
            {
                q = 0;
            }

            if (Math.Abs(p - lastY) < tol)
            {
                q = hasLower ? (lower + lastTime) / 2 : null;
            }

            result[i] = q;
        }

        return result;
    }

    /// <summary>
    /// R's <c>approx(y + shift, x, p, method = "constant", f = 1)</c> on the curve's
    /// x = c(0, event times), y = c(0, 1 − S) with repeated y dropped: the x of the first point whose
    /// shifted y is ≥ p; <c>false</c> when p lies outside the shifted range (R's NA).
    /// </summary>
    private bool TryFirstTimeAtLeast(double shift, double p, out double time)
    {
        time = 0;
        double previousY = 0;
        if (p < previousY + shift)
        {
            return false;
        }

        if (previousY + shift >= p)
        {
            return true;
        }

        foreach (var point in _points)
        {
            if (point.Events == 0)
            {
                continue; // S unchanged: R's duplicated(y) drops censoring-only times.
            }

            var y = 1 - point.Survival;
            if (y == previousY)
            {
                continue;
            }

            previousY = y;
            if (y + shift >= p)
            {
                time = point.Time;
                return true;
            }
        }

        return false;
    }
}
