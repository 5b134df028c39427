using ImpactOS.Core.Statistics;

namespace ImpactOS.Core.Effects;

/// <summary>Upper-tail probabilities of the chi-square and normal distributions, for the Cox tests.</summary>
public static class Distributions
{
    /// <summary>The 97.5 % point of the standard normal (R's <c>qnorm(0.975)</c>), for 95 % intervals.</summary>
    public const double NormalQuantile975 = 1.959963984540054;

    /// <summary>P(χ²_df &gt; x), R's <c>pchisq(x, df, lower.tail = FALSE)</c>.</summary>
    public static double ChiSquareUpperTail(double x, double df)
    {
        if (!(df > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom must be positive.");
        }

        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        return RegularizedGammaQ(df / 2, x / 2);
    }

    /// <summary>Two-sided p-value of a standard normal statistic, <c>2 * pnorm(-|z|)</c>.</summary>
    public static double NormalTwoSided(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        // 2 Φ(−|z|) = erfc(|z| / √2) = Q(½, z² / 2).
        return RegularizedGammaQ(0.5, z * z / 2);
    }

    /// <summary>The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        var logPrefix = (a * Math.Log(x)) - x - SpecialFunctions.LogGamma(a);
        if (x < a + 1)
        {
            // Series for P(a, x); Q = 1 − P is not small here (P ≤ about 0.7), so no cancellation.
            var term = 1 / a;
            var sum = term;
            for (var n = 1; n < 10_000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-17)
                {
                    break;
                }
            }

            return 1 - (sum * Math.Exp(logPrefix));
        }

        // Continued fraction for Q(a, x) (modified Lentz).
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < tiny)
            {
                d = tiny;
            }

            c = b + (an / c);
            if (Math.Abs(c) < tiny)
            {
                c = tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(logPrefix) * h;
    }
}
