namespace ImpactOS.Core.Velocity;

/// <summary>One observed duration: an event (milestone reached) or a censoring (still open).</summary>
/// <param name="Time">Duration in days; finite and not negative.</param>
/// <param name="Event"><c>true</c> for an event, <c>false</c> for a censored observation.</param>
public readonly record struct SurvivalObservation(double Time, bool Event);

/// <summary>
/// The Kaplan–Meier curve at one distinct observed time (like a row of R's <c>survfit</c>).
/// </summary>
/// <param name="Time">The distinct time (days).</param>
/// <param name="Survival">Estimated S(t) just after this time (right-continuous).</param>
/// <param name="AtRisk">Observations with time ≥ <paramref name="Time"/> (R's <c>n.risk</c>).</param>
/// <param name="Events">Events at this time (R's <c>n.event</c>).</param>
/// <param name="Censored">Censorings at this time (R's <c>n.censor</c>).</param>
public readonly record struct KaplanMeierPoint(double Time, double Survival, int AtRisk, int Events, int Censored);

/// <summary>
/// Kaplan–Meier estimator matching R's <c>survfit(Surv(time, status) ~ 1)</c>.
/// </summary>
/// <remarks>
/// At each distinct time t with d events among n at risk, S is multiplied by (n − d) / n, the same
/// arithmetic as R's <c>survfitkm</c>. Events and censorings at the same time: the censored
/// observations are still at risk at t (events happen first), as in R.
/// </remarks>
public static class KaplanMeier
{
    /// <summary>Fits the curve of <paramref name="observations"/> (any order).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative, NaN or infinite.</exception>
    public static KaplanMeierCurve Fit(IEnumerable<SurvivalObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);

        var eventTimes = new List<double>();
        var censoredTimes = new List<double>();
        foreach (var observation in observations)
        {
            (observation.Event ? eventTimes : censoredTimes).Add(observation.Time);
        }

        var events = eventTimes.ToArray();
        var censored = censoredTimes.ToArray();
        return FitInPlace(events, events.Length, censored, censored.Length);
    }

    /// <summary>Fits the curve of events at <paramref name="eventTimes"/> and censorings at
    /// <paramref name="censoredTimes"/> (any order; the spans are copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative, NaN or infinite.</exception>
    public static KaplanMeierCurve Fit(ReadOnlySpan<double> eventTimes, ReadOnlySpan<double> censoredTimes)
    {
        var events = eventTimes.ToArray();
        var censored = censoredTimes.ToArray();
        return FitInPlace(events, events.Length, censored, censored.Length);
    }

    /// <summary>
    /// Fits the first <paramref name="eventCount"/> / <paramref name="censoredCount"/> elements of the
    /// arrays, sorting them in place (one radix sort per array, then a linear merge).
    /// </summary>
    internal static KaplanMeierCurve FitInPlace(double[] eventTimes, int eventCount, double[] censoredTimes, int censoredCount)
    {
        Validate(eventTimes, eventCount);
        Validate(censoredTimes, censoredCount);
        RadixSort.SortNonNegative(eventTimes, eventCount);
        RadixSort.SortNonNegative(censoredTimes, censoredCount);

        var points = new KaplanMeierPoint[CountDistinct(eventTimes, eventCount, censoredTimes, censoredCount)];
        var atRisk = eventCount + censoredCount;
        var survival = 1.0;
        var e = 0;
        var c = 0;
        var k = 0;
        while (e < eventCount || c < censoredCount)
        {
            var time = NextTime(eventTimes, e, eventCount, censoredTimes, c, censoredCount);

            var d = 0;
            while (e < eventCount && eventTimes[e] == time)
            {
                d++;
                e++;
            }

            var censored = 0;
            while (c < censoredCount && censoredTimes[c] == time)
            {
                censored++;
                c++;
            }

            if (d > 0)
            {
                double n = atRisk;
                survival *= (n - d) / n;
            }

            points[k++] = new KaplanMeierPoint(time, survival, atRisk, d, censored);
            atRisk -= d + censored;
        }

        return new KaplanMeierCurve(points, eventCount, censoredCount);
    }

    /// <summary>Number of distinct times in two sorted arrays (so the points are allocated once).</summary>
    private static int CountDistinct(double[] eventTimes, int eventCount, double[] censoredTimes, int censoredCount)
    {
        var distinct = 0;
        var e = 0;
        var c = 0;
        while (e < eventCount || c < censoredCount)
        {
            var time = NextTime(eventTimes, e, eventCount, censoredTimes, c, censoredCount);
            while (e < eventCount && eventTimes[e] == time)
            {
                e++;
            }

            while (c < censoredCount && censoredTimes[c] == time)
            {
                c++;
            }

            distinct++;
        }

        return distinct;
    }

    private static double NextTime(double[] eventTimes, int e, int eventCount, double[] censoredTimes, int c, int censoredCount) =>
        e < eventCount && (c >= censoredCount || eventTimes[e] <= censoredTimes[c]) ? eventTimes[e] : censoredTimes[c];

    private static void Validate(double[] times, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var t = times[i];
            if (!double.IsFinite(t) || t < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(times), t, "Survival times must be finite and not negative.");
            }
        }
    }
}
