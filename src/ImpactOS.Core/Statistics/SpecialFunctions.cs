namespace ImpactOS.Core.Statistics;

/// <summary>Log-gamma and the regularized incomplete beta function, to close to double precision,
/// for the exact binomial and Poisson intervals.</summary>
public static class SpecialFunctions
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    /// <summary>ln Γ(x) for x &gt; 0: Stirling's series after shifting x above 15.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Defined here for positive finite x.");
        }

        var shift = 0.0;
        while (x < 15)
        {
            shift -= Math.Log(x);
            x += 1;
        }

        var inv = 1 / x;
        var inv2 = inv * inv;
        // Bernoulli terms B2k / (2k (2k-1) x^(2k-1)).
        var series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360 - inv2 * (1.0 / 156)))))));
        return shift + ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + series;
    }

    /// <summary>ln(1 + x), accurate for small x (Goldberg's correction of the rounded 1 + x).</summary>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>ln B(a, b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>The regularized incomplete beta function I_x(a, b).</summary>
    public static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (!(a > 0) || !(b > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(a), "Shape parameters must be positive.");
        }

        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
        return x < (a + 1) / (a + b + 2)
            ? Prefactor(x, a, b) * ContinuedFraction(x, a, b) / a
            : 1 - (Prefactor(x, a, b) * ContinuedFraction(1 - x, b, a) / b);
    }

    /// <summary>x^a (1 − x)^b / B(a, b), in logs to stay finite.</summary>
    private static double Prefactor(double x, double a, double b) =>
        Math.Exp((a * Math.Log(x)) + (b * Log1P(-x)) - LogBeta(a, b));

    /// <summary>Lentz's method for the incomplete beta continued fraction.</summary>
    private static double ContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        const double epsilon = 1e-16;
        var qab = a + b;
        var qap = a + 1;
        var qam = a - 1;
        var c = 1.0;
        var d = 1 - (qab * x / qap);
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 100_000; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < epsilon)
            {
                return h;
            }
        }

        return h;
    }

    /// <summary>The p-quantile of the Beta(a, b) distribution: the x with I_x(a, b) = p, found by
    /// bisection on [0, 1] to the last representable digit (monotone, so it cannot fail).</summary>
    public static double BetaQuantile(double p, double a, double b)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability.");
        }

        if (p == 0)
        {
            return 0;
        }

        if (p == 1)
        {
            return 1;
        }

        double lo = 0, hi = 1;
        for (var i = 0; i < 200; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (RegularizedIncompleteBeta(mid, a, b) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }
}
