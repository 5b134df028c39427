namespace ImpactOS.Core.Statistics;

/// <summary>The exact binomial test, as R's <c>binom.test</c> computes it (two-sided).</summary>
public static class Binomial
{
    /// <summary>P(X = k) for X ~ Binomial(n, p), in logs for large n.</summary>
    public static double Probability(int k, int n, double p)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        if (p == 0)
        {
            return k == 0 ? 1 : 0;
        }

        if (p == 1)
        {
            return k == n ? 1 : 0;
        }

        var logChoose = SpecialFunctions.LogGamma(n + 1) - SpecialFunctions.LogGamma(k + 1) - SpecialFunctions.LogGamma(n - k + 1);
        return Math.Exp(logChoose + (k * Math.Log(p)) + ((n - k) * SpecialFunctions.Log1P(-p)));
    }

    /// <summary>P(X ≤ k).</summary>
    public static double Cdf(int k, int n, double p) =>
        k < 0 ? 0 : k >= n ? 1 : 1 - SpecialFunctions.RegularizedIncompleteBeta(p, k + 1, n - k);

    /// <summary>P(X &gt; k).</summary>
    public static double UpperTail(int k, int n, double p) =>
        k < 0 ? 1 : k >= n ? 0 : SpecialFunctions.RegularizedIncompleteBeta(p, k + 1, n - k);

    /// <summary>The Clopper–Pearson interval for p given x successes in n trials.</summary>
    public static (double Low, double High) ClopperPearson(int x, int n, double confidence = 0.95)
    {
        var alpha = (1 - confidence) / 2;
        var low = x == 0 ? 0 : SpecialFunctions.BetaQuantile(alpha, x, n - x + 1);
        var high = x == n ? 1 : SpecialFunctions.BetaQuantile(1 - alpha, x + 1, n - x);
        return (low, high);
    }

    /// <summary>The two-sided p-value: the probability of outcomes no more likely than the one
    /// observed (with R's relative tolerance of 1e-7 for ties).</summary>
    /// <remarks>R counts those outcomes on the far side of the mean one by one. The probabilities
    /// fall away from the mode on both sides (the distribution is unimodal and the mode is within
    /// one of the mean), so the outcomes to count are a contiguous tail, found by bisection: a few
    /// dozen probabilities instead of up to n (the lift of a large tenant has n in the hundreds of
    /// thousands, per program).</remarks>
    public static double TwoSidedPValue(int x, int n, double p)
    {
        if (n == 0)
        {
            return 1;
        }

        const double relErr = 1 + 1e-7;
        var d = Probability(x, n, p);
        var m = n * p;
        if (x == m)
        {
            return 1;
        }

        var threshold = d * relErr;
        if (x < m)
        {
            // Above the mean the probabilities fall: the outcomes no more likely than x are [first, n].
            var first = FirstWhere((int)Math.Ceiling(m), n, i => Probability(i, n, p) <= threshold);
            var y = n - first + 1;
            return Math.Min(1, Cdf(x, n, p) + UpperTail(n - y, n, p));
        }
        else
        {
            // Below the mean the probabilities rise: the outcomes no more likely than x are [0, y - 1].
            var y = FirstWhere(0, (int)Math.Floor(m), i => Probability(i, n, p) > threshold);
            return Math.Min(1, Cdf(y - 1, n, p) + UpperTail(x - 1, n, p));
        }
    }

    /// <summary>The first i in [low, high] where <paramref name="holds"/> (false, then true along
    /// the range), or high + 1 when it never holds.</summary>
    private static int FirstWhere(int low, int high, Func<int, bool> holds)
    {
        var end = high + 1;
        while (low < end)
        {
            var mid = low + ((end - low) / 2);
            if (holds(mid))
            {
                end = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }
}
