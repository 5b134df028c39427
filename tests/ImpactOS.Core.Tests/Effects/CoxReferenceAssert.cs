using ImpactOS.Core.Effects;

namespace ImpactOS.Core.Tests.Effects;

/// <summary>
/// Compares a C# fit with R's, to the tolerances (relative 1e-6 for coefficients, standard
/// errors, log-likelihoods and chi-squares; absolute 1e-6 for p-values), and records the largest
/// relative difference seen so the closing note can report it.
/// </summary>
internal static class CoxReferenceAssert
{
    public const double Relative = 1e-6;
    public const double AbsoluteP = 1e-6;

    /// <summary>Asserts the match and returns the largest relative difference (and of what).</summary>
    public static (string What, double Relative) Matches(RCoxCase r, CoxFit fit, ISet<int>? skipTerms = null)
    {
        LargestDifferences.Reset();
        skipTerms ??= new HashSet<int>();
        Assert.Equal(r.Coef.Length, fit.Terms.Count);
        Close(r.LogLik[0], fit.LogLikNull, "loglik null");
        Close(r.LogLik[1], fit.LogLikFinal, "loglik final");
        Assert.Equal(r.Iterations, fit.Iterations);
        for (var j = 0; j < r.Coef.Length; j++)
        {
            var term = fit.Terms[j];
            Assert.Equal(r.Infinite[j], term.Status == CoxTermStatus.Infinite);
            if (double.IsNaN(r.Coef[j]))
            {
                Assert.Equal(CoxTermStatus.Singular, term.Status);
                continue;
            }

            if (skipTerms.Contains(j))
            {
                continue;
            }

            Close(r.Coef[j], term.Coef, $"coef {term.Name}");
            Close(r.Se[j], term.Se, $"se {term.Name}");
            if (r.RobustSe is not null)
            {
                Close(r.RobustSe[j], term.RobustSe!.Value, $"robust se {term.Name}");
            }
            else
            {
                Assert.Null(term.RobustSe);
            }

            Close(r.Z[j], term.Z, $"z {term.Name}");
            Absolute(r.P[j], term.P, $"p {term.Name}");
            Close(r.CiLow[j], term.CiLow, $"ci low {term.Name}");
            Close(r.CiHigh[j], term.CiHigh, $"ci high {term.Name}");
        }

        Test(r.LikelihoodRatio, fit.LikelihoodRatio, "likelihood ratio");
        Test(r.Wald, fit.Wald, "wald");
        Test(r.Score, fit.Score, "score");
        if (r.RobustScore is null)
        {
            Assert.Null(fit.RobustScore);
        }
        else
        {
            Test(r.RobustScore, fit.RobustScore!, "robust score");
        }

        var ph = fit.ProportionalHazards!;
        Assert.Equal(r.ZphTerms.Length, ph.Terms.Count);
        for (var t = 0; t < r.ZphTerms.Length; t++)
        {
            Close(r.ZphChiSquare[t], ph.Terms[t].ChiSquare, $"zph {r.ZphTerms[t]}");
            Absolute(r.ZphP[t], ph.Terms[t].P, $"zph p {r.ZphTerms[t]}");
        }

        Test(r.ZphGlobal, new ChiSquareTest(ph.Global.ChiSquare, ph.Global.Df, ph.Global.P), "zph global");
        return LargestDifferences.Largest;
    }

    private static void Test(RTest expected, ChiSquareTest actual, string what)
    {
        Close(expected.ChiSquare, actual.ChiSquare, what);
        Assert.Equal(expected.Df, actual.Df);
        Absolute(expected.P, actual.P, what + " p");
    }

    public static void Close(double expected, double actual, string what)
    {
        var difference = Math.Abs(actual - expected);
        var relative = expected == 0 ? difference : difference / Math.Abs(expected);
        LargestDifferences.Record(what, relative);
        Assert.True(relative <= Relative || difference <= 1e-12,
            $"{what}: expected {expected:R}, got {actual:R} (relative difference {relative:E2})");
    }

    public static void Absolute(double expected, double actual, string what)
    {
        Assert.True(Math.Abs(actual - expected) <= AbsoluteP, $"{what}: expected {expected:R}, got {actual:R}");
    }
}

/// <summary>The largest relative difference from R within one comparison (one test runs on one thread).</summary>
internal static class LargestDifferences
{
    [ThreadStatic]
    private static double t_max;

    [ThreadStatic]
    private static string? t_what;

    public static void Reset()
    {
        t_max = 0;
        t_what = null;
    }

    public static void Record(string what, double relative)
    {
        if (relative > t_max)
        {
            t_max = relative;
            t_what = what;
        }
    }

    public static (string What, double Relative) Largest => (t_what ?? "nothing", t_max);
}
