using ImpactOS.Core.Statistics;
namespace ImpactOS.Core.Velocity;

/// <summary>
/// The chance of the milestone within a horizon, with its 95 % interval.
/// </summary>
/// <param name="P">Probability of the milestone within the horizon, in [0, 1].</param>
/// <param name="CiLow">Lower end of the 95 % interval; <c>null</c> when R's log interval is undefined
/// (the conditional survival is 0, so <paramref name="P"/> is 1).</param>
/// <param name="CiHigh">Upper end of the 95 % interval; <c>null</c> exactly when <paramref name="CiLow"/> is.</param>
public readonly record struct MilestoneChance(double P, double? CiLow, double? CiHigh);

/// <summary>The chances of the milestone within 30, 90 and 180 days; <c>null</c> where the curve cannot tell.</summary>
public readonly record struct MilestoneChances(MilestoneChance? Days30, MilestoneChance? Days90, MilestoneChance? Days180);

/// <summary>
/// Forecasts from a Kaplan–Meier curve: for a company that has waited <c>t</c> days in its step, the
/// chance of its milestone within Δ days, 1 − S(t + Δ | T ≥ t), matching R's
/// <c>summary(survfit(Surv(time, status) ~ 1, start.time = t), times = t + Δ)</c> (survival 3.5.3).
/// Immutable and thread-safe; build it once per curve and ask it for every company.
/// </summary>
/// <remarks>
/// R's rules, mirrored here:
/// <list type="bullet">
/// <item><c>start.time = t</c> keeps the observations with time ≥ t and fits them afresh, so an event
/// exactly at t counts within the horizon (the condition is T ≥ t, i.e. S(t + Δ) / S(t−)), and the
/// Greenwood sum Σ d / (n (n − d)) runs over the kept times only.</item>
/// <item>The interval is R's default <c>conf.type = "log"</c> for S: exp(log S ± z·se), the upper end
/// capped at 1; for the probability it is [1 − upper, 1 − lower]. When S is 0 the log interval is
/// undefined (R's NA): P = 1 and both ends are <c>null</c>.</item>
/// <item>No answer (<c>null</c>) when no observation is at or after t (S(t−) = 0, or everyone left
/// before t: there is nothing to condition on), or when t + Δ is after the last observed time, event
/// or censoring (R's <c>summary</c> with its default <c>extend = FALSE</c> returns no row there).</item>
/// </list>
/// Each question is two binary searches over the distinct times; the conditional products and sums
/// are ratios and differences of running ones, whose rounding (relative ~1e-15 per time) stays far
/// inside the 1e-6 the R reference is held to.
/// </remarks>
public sealed class KaplanMeierForecast
{
    /// <summary>R's <c>qnorm(0.975)</c>, the half-width of the 95 % interval in standard errors.</summary>
    public const double Z95 = 1.959963984540054;

    private readonly double[] _times;

    // _survivalBefore[i] = Π over points j < i of (n_j − d_j) / n_j: S just before _times[i];
    // _greenwoodBefore[i] = Σ over points j < i of d_j / (n_j (n_j − d_j)). Both have one more entry
    // than _times, the last being the whole curve's (∞ for the sum when S reaches 0).
    private readonly double[] _survivalBefore;
    private readonly double[] _greenwoodBefore;

    /// <summary>Prepares forecasts from <paramref name="curve"/>.</summary>
    public KaplanMeierForecast(KaplanMeierCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);

        var points = curve.Points;
        var count = points.Count;
        _times = new double[count];
        _survivalBefore = new double[count + 1];
        _greenwoodBefore = new double[count + 1];

        var survival = 1.0;
        var greenwood = 0.0;
        _survivalBefore[0] = survival;
        for (var i = 0; i < count; i++)
        {
            var point = points[i];
            _times[i] = point.Time;
            if (point.Events > 0)
            {
                double n = point.AtRisk;
                double d = point.Events;
                survival *= (n - d) / n;
                greenwood += d / (n * (n - d)); // n = d gives +∞, as R's std.err at a curve's end
            }

            _survivalBefore[i + 1] = survival;
            _greenwoodBefore[i + 1] = greenwood;
        }
    }

    /// <summary>
    /// The chance of the milestone within <paramref name="horizon"/> days for a company that has waited
    /// <paramref name="waited"/> days; <c>null</c> when the curve cannot tell (see the remarks).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative, NaN or infinite argument.</exception>
    public MilestoneChance? ChanceWithin(double waited, double horizon)
    {
        RequireDays(waited, nameof(waited));
        RequireDays(horizon, nameof(horizon));
        return ChanceFrom(FirstAtOrAfter(waited), waited + horizon);
    }

    /// <summary>The chances within 30, 90 and 180 days for a company that has waited <paramref name="waited"/> days.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="waited"/> is negative, NaN or infinite.</exception>
    public MilestoneChances ChancesFor(double waited)
    {
        RequireDays(waited, nameof(waited));

        // One search for the start serves the three horizons (a portfolio asks for every company).
        var first = FirstAtOrAfter(waited);
        return new(ChanceFrom(first, waited + 30), ChanceFrom(first, waited + 90), ChanceFrom(first, waited + 180));
    }

    /// <summary>The chance of the event by <paramref name="until"/> days, given T ≥ the days waited,
    /// whose first time at or after them is at index <paramref name="first"/>.</summary>
    private MilestoneChance? ChanceFrom(int first, double until)
    {
        if (first == _times.Length || until > _times[^1])
        {
            return null;
        }

        var atStart = _survivalBefore[first];
        if (atStart == 0)
        {
            return null; // unreachable (S is 0 only after the last time), kept so a ratio never divides by 0
        }

        var end = FirstAfter(until, first); // points [first, end) lie in [waited, until]; none gives S = 1
        var survival = _survivalBefore[end] / atStart;
        if (survival == 0)
        {
            return new MilestoneChance(1, null, null);
        }

        var standardError = Math.Sqrt(_greenwoodBefore[end] - _greenwoodBefore[first]);
        var logSurvival = Math.Log(survival);
        var lower = Math.Exp(logSurvival - (Z95 * standardError));
        var upper = Math.Min(Math.Exp(logSurvival + (Z95 * standardError)), 1);
        return new MilestoneChance(1 - survival, 1 - upper, 1 - lower);
    }

    /// <summary>Index of the first time ≥ <paramref name="time"/> (the count when there is none).</summary>
    private int FirstAtOrAfter(double time)
    {
        int lo = 0, hi = _times.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_times[mid] < time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Index of the first time &gt; <paramref name="time"/> (the count when there is none),
    /// searched from <paramref name="from"/> on (every earlier time is known to be ≤ it).</summary>
    private int FirstAfter(double time, int from) => SortedArrays.UpperBound(_times, time, from, _times.Length);

    private static void RequireDays(double days, string name)
    {
        if (!double.IsFinite(days) || days < 0)
        {
            throw new ArgumentOutOfRangeException(name, days, "Days must be finite and not negative.");
        }
    }
}
