namespace ImpactOS.Core.Statistics;

/// <summary>Estimate, interval and p-value of a rate ratio (x1/t1) ÷ (x2/t2).</summary>
/// <param name="Estimate">The ratio; +∞ when x2 = 0 (and x1 &gt; 0); NaN when both are 0.</param>
/// <param name="CiLow">Lower bound of the interval.</param>
/// <param name="CiHigh">Upper bound; +∞ when x2 = 0.</param>
/// <param name="PValue">Two-sided p-value of "the rates are equal".</param>
public readonly record struct RateRatioTest(double Estimate, double CiLow, double CiHigh, double PValue);

/// <summary>The exact conditional test R's <c>poisson.test(c(x1, x2), c(t1, t2))</c> performs:
/// given x1 + x2 events, x1 is binomial with p = t1 / (t1 + t2) when the rates are equal. The
/// Clopper–Pearson interval for p maps to the rate ratio as p / (1 − p) × t2 / t1.</summary>
public static class PoissonRateRatio
{
    public static RateRatioTest Exact(int x1, double t1, int x2, double t2, double confidence = 0.95)
    {
        if (x1 < 0 || x2 < 0 || !(t1 > 0) || !(t2 > 0) || double.IsInfinity(t1) || double.IsInfinity(t2))
        {
            throw new ArgumentOutOfRangeException(nameof(x1), "Counts must be ≥ 0 and exposures positive and finite.");
        }

        var n = x1 + x2;
        var p = t1 / (t1 + t2);
        var (low, high) = n == 0 ? (0.0, 1.0) : Binomial.ClopperPearson(x1, n, confidence);
        var estimate = (x1 / t1) / (x2 / t2);
        return new RateRatioTest(
            estimate,
            ToRatio(low, t1, t2),
            ToRatio(high, t1, t2),
            Binomial.TwoSidedPValue(x1, n, p));
    }

    private static double ToRatio(double p, double t1, double t2) => p >= 1 ? double.PositiveInfinity : p / (1 - p) * t2 / t1;
}
