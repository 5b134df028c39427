namespace ImpactOS.Core.Velocity;

/// <summary>How a company's time in a step ended.</summary>
public enum StepEnd
{
    /// <summary>Not ended (still open, or the record stops): censored.</summary>
    Censored = 0,

    /// <summary>The company reached the step's milestone.</summary>
    Milestone = 1,

    /// <summary>The company shut down first.</summary>
    ShutDown = 2,

    /// <summary>The company was acquired first.</summary>
    Acquired = 3,
}

/// <summary>One company's time in a step and how it ended.</summary>
/// <param name="Time">Duration in days; finite and not negative.</param>
/// <param name="End">How it ended; <see cref="StepEnd.Censored"/> when it has not.</param>
public readonly record struct StepEndObservation(double Time, StepEnd End);

/// <summary>One value per state of a step: still open, or ended in one of the three ways.</summary>
public readonly record struct StepEndShares(double Open, double Milestone, double ShutDown, double Acquired);

/// <summary>
/// The Aalen–Johansen estimate at one distinct observed time (a row of R's multi-state <c>survfit</c>).
/// </summary>
/// <param name="Time">The distinct time (days).</param>
/// <param name="AtRisk">Companies still open just before <paramref name="Time"/> (R's <c>n.risk[, 1]</c>).</param>
/// <param name="Milestone">Cumulative incidence of the milestone by this time (R's <c>pstate</c>).</param>
/// <param name="ShutDown">Cumulative incidence of shutting down first.</param>
/// <param name="Acquired">Cumulative incidence of being acquired first.</param>
/// <param name="Open">Share still open just after this time (R's <c>pstate[, "(s0)"]</c>, the
/// Kaplan–Meier curve of any end).</param>
/// <param name="StandardError">R's <c>std.err</c> of each share (infinitesimal jackknife).</param>
public readonly record struct CumulativeIncidencePoint(
    double Time,
    int AtRisk,
    double Milestone,
    double ShutDown,
    double Acquired,
    double Open,
    StepEndShares StandardError);

/// <summary>
/// Aalen–Johansen estimator of the cumulative incidence of each end of a step (competing risks),
/// matching R's <c>survfit(Surv(time, endpoint) ~ 1)</c> with <c>endpoint</c> a factor whose first
/// level is censored (survival 3.5.3): its <c>pstate</c> and <c>std.err</c> at every distinct time.
/// </summary>
/// <remarks>
/// At a time with n still open and d_k ends of kind k (d in all), each incidence grows by
/// open · d_k / n and the open share is multiplied by (n − d) / n; censorings at that time are still
/// at risk there, as in Kaplan–Meier.
/// <para>
/// R's standard error is the infinitesimal jackknife: the square root of the sum over companies of
/// the squared derivative of the estimate with respect to the company's weight. Companies still open
/// share one derivative; one that has left at time m keeps, afterwards, the derivative
/// a + b·F(t) of each incidence F (and b·open(t) of the open share) with b = its open-share
/// derivative / open(m). So running sums of a², a·b and b² over the companies that have left give the
/// variance at every time in O(1): the whole fit is O(n) after the sort, not O(n · times).
/// </para>
/// </remarks>
public static class AalenJohansen
{
    private const int Kinds = 3; // milestone, shut down, acquired; index = (int)StepEnd − 1

    /// <summary>Fits the cumulative incidences of <paramref name="observations"/> (any order).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative, NaN or infinite, or an end is unknown.</exception>
    public static CumulativeIncidenceCurve Fit(IEnumerable<StepEndObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);

        var byEnd = new List<double>[Kinds + 1];
        for (var end = 0; end <= Kinds; end++)
        {
            byEnd[end] = [];
        }

        foreach (var observation in observations)
        {
            if ((uint)observation.End > Kinds)
            {
                throw new ArgumentOutOfRangeException(nameof(observations), observation.End, "Unknown step end.");
            }

            byEnd[(int)observation.End].Add(observation.Time);
        }

        return FitInPlace(
            byEnd[(int)StepEnd.Milestone].ToArray(),
            byEnd[(int)StepEnd.ShutDown].ToArray(),
            byEnd[(int)StepEnd.Acquired].ToArray(),
            byEnd[(int)StepEnd.Censored].ToArray());
    }

    /// <summary>Fits the cumulative incidences of times ending in each way (any order; the spans are copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative, NaN or infinite.</exception>
    public static CumulativeIncidenceCurve Fit(
        ReadOnlySpan<double> milestoneTimes,
        ReadOnlySpan<double> shutDownTimes,
        ReadOnlySpan<double> acquiredTimes,
        ReadOnlySpan<double> censoredTimes) =>
        FitInPlace(milestoneTimes.ToArray(), shutDownTimes.ToArray(), acquiredTimes.ToArray(), censoredTimes.ToArray());

    /// <summary>Fits whole arrays, sorting them in place (one radix sort each, then a linear merge).</summary>
    internal static CumulativeIncidenceCurve FitInPlace(double[] milestoneTimes, double[] shutDownTimes, double[] acquiredTimes, double[] censoredTimes)
    {
        // Index 0..2: the three ends (as in the incidence arrays below); 3: censored.
        double[][] times = [milestoneTimes, shutDownTimes, acquiredTimes, censoredTimes];
        foreach (var array in times)
        {
            Validate(array);
            RadixSort.SortNonNegative(array, array.Length);
        }

        var points = new CumulativeIncidencePoint[CountDistinct(times)];
        var next = new int[Kinds + 1];
        var ended = new int[Kinds + 1]; // ends of each kind at the current time
        var atRisk = milestoneTimes.Length + shutDownTimes.Length + acquiredTimes.Length + censoredTimes.Length;

        var open = 1.0;
        var incidence = new double[Kinds];

        // Derivatives with respect to the weight of a company still open ("at risk").
        var openDerivative = 0.0;
        var incidenceDerivative = new double[Kinds];

        // Running sums over companies that have left: Σ a_k², Σ a_k·b, Σ b² (see the remarks).
        var sumAa = new double[Kinds];
        var sumAb = new double[Kinds];
        var sumBb = 0.0;

        var enderIncidenceDerivative = new double[Kinds];
        var variance = new double[Kinds];

        for (var k = 0; k < points.Length; k++)
        {
            var time = NextTime(times, next);
            for (var end = 0; end <= Kinds; end++)
            {
                var count = 0;
                var array = times[end];
                while (next[end] < array.Length && array[next[end]] == time)
                {
                    count++;
                    next[end]++;
                }

                ended[end] = count;
            }

            double n = atRisk;
            var events = ended[0] + ended[1] + ended[2];
            var censored = ended[Kinds];
            var openBefore = open;
            if (events > 0)
            {
                var eventShare = events / n;
                open = openBefore * ((n - events) / n);
                for (var kind = 0; kind < Kinds; kind++)
                {
                    var kindShare = ended[kind] / n;
                    incidence[kind] += openBefore * kindShare;

                    // For a company at risk that does not end here, d(d_k / n)/dw = −d_k / n².
                    incidenceDerivative[kind] += (openDerivative * kindShare) - (openBefore * kindShare / n);
                }

                openDerivative = (openDerivative * (1 - eventShare)) + (openBefore * eventShare / n);
            }

            // Companies that leave before this time: a + b·F for each incidence, b·open for the open share.
            var openVariance = open * open * sumBb;
            for (var kind = 0; kind < Kinds; kind++)
            {
                var f = incidence[kind];
                variance[kind] = sumAa[kind] + (2 * f * sumAb[kind]) + (f * f * sumBb);
            }

            // Companies at risk here that do not end here (still open after it, or censored at it).
            var carriers = atRisk - events;
            openVariance += carriers * openDerivative * openDerivative;
            for (var kind = 0; kind < Kinds; kind++)
            {
                variance[kind] += carriers * incidenceDerivative[kind] * incidenceDerivative[kind];
            }

            // Companies ending here: their own end adds 1/n to d(d_end / n)/dw and so to d(d / n)/dw.
            var enderOpenDerivative = openDerivative - (openBefore / n);
            for (var end = 0; end < Kinds; end++)
            {
                var enders = ended[end];
                if (enders == 0)
                {
                    continue;
                }

                openVariance += enders * enderOpenDerivative * enderOpenDerivative;
                for (var kind = 0; kind < Kinds; kind++)
                {
                    var derivative = incidenceDerivative[kind] + (kind == end ? openBefore / n : 0);
                    enderIncidenceDerivative[kind] = derivative;
                    variance[kind] += enders * derivative * derivative;
                }

                AddLeavers(enders, enderOpenDerivative, enderIncidenceDerivative, open, incidence, sumAa, sumAb, ref sumBb);
            }

            if (censored > 0)
            {
                AddLeavers(censored, openDerivative, incidenceDerivative, open, incidence, sumAa, sumAb, ref sumBb);
            }

            var standardError = new StepEndShares(
                StandardError(openVariance), StandardError(variance[0]), StandardError(variance[1]), StandardError(variance[2]));
            points[k] = new CumulativeIncidencePoint(time, atRisk, incidence[0], incidence[1], incidence[2], open, standardError);
            atRisk -= events + censored;
        }

        return new CumulativeIncidenceCurve(
            points,
            milestoneTimes.Length,
            shutDownTimes.Length,
            acquiredTimes.Length,
            censoredTimes.Length);
    }

    /// <summary>√variance; a variance a hair below 0 from rounding in the running sums is 0.</summary>
    private static double StandardError(double variance) => variance > 0 ? Math.Sqrt(variance) : 0;

    /// <summary>Adds <paramref name="count"/> companies leaving now with these derivatives to the running sums.</summary>
    private static void AddLeavers(
        int count,
        double openDerivative,
        double[] incidenceDerivative,
        double open,
        double[] incidence,
        double[] sumAa,
        double[] sumAb,
        ref double sumBb)
    {
        if (open == 0)
        {
            return; // nobody is left at risk, so no later time exists
        }

        var b = openDerivative / open;
        sumBb += count * b * b;
        for (var kind = 0; kind < Kinds; kind++)
        {
            var a = incidenceDerivative[kind] - (b * incidence[kind]);
            sumAa[kind] += count * a * a;
            sumAb[kind] += count * a * b;
        }
    }

    private static int CountDistinct(double[][] times)
    {
        var next = new int[times.Length];
        var distinct = 0;
        while (HasMore(times, next))
        {
            var time = NextTime(times, next);
            for (var end = 0; end < times.Length; end++)
            {
                var array = times[end];
                while (next[end] < array.Length && array[next[end]] == time)
                {
                    next[end]++;
                }
            }

            distinct++;
        }

        return distinct;
    }

    private static bool HasMore(double[][] times, int[] next)
    {
        for (var end = 0; end < times.Length; end++)
        {
            if (next[end] < times[end].Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The smallest time not yet consumed across the sorted arrays.</summary>
    private static double NextTime(double[][] times, int[] next)
    {
        var time = double.PositiveInfinity;
        for (var end = 0; end < times.Length; end++)
        {
            if (next[end] < times[end].Length && times[end][next[end]] < time)
            {
                time = times[end][next[end]];
            }
        }

        return time;
    }

    private static void Validate(double[] times)
    {
        foreach (var t in times)
        {
            if (!double.IsFinite(t) || t < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(times), t, "Times must be finite and not negative.");
            }
        }
    }
}
