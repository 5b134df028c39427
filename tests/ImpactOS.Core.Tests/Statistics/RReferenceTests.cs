using System.Text.Json;
using ImpactOS.Core.Statistics;

namespace ImpactOS.Core.Tests.Statistics;

/// <summary>Cross-checks against R's own poisson.test, binom.test and qbeta (Fixtures/attribution).</summary>
public sealed class RReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "attribution", "reference.json"))).RootElement;

    public static TheoryData<int> PoissonCases() => [.. Enumerable.Range(0, Reference.GetProperty("poisson").GetArrayLength())];

    public static TheoryData<int> BinomialCases() => [.. Enumerable.Range(0, Reference.GetProperty("binomial").GetArrayLength())];

    public static TheoryData<int> BetaCases() => [.. Enumerable.Range(0, Reference.GetProperty("beta").GetArrayLength())];

    internal static double Number(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch { "Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, _ => double.NaN }
        : value.GetDouble();

    internal static void Close(double expected, double actual, double relative = 1e-9, string what = "")
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.Equal(expected, actual);
            return;
        }

        var tolerance = Math.Max(relative * Math.Abs(expected), 1e-12);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [MemberData(nameof(PoissonCases))]
    public void PoissonRateRatioMatchesR(int index)
    {
        var c = Reference.GetProperty("poisson")[index];
        var test = PoissonRateRatio.Exact(c.GetProperty("x1").GetInt32(), c.GetProperty("t1").GetDouble(), c.GetProperty("x2").GetInt32(), c.GetProperty("t2").GetDouble());
        Close(Number(c.GetProperty("estimate")), test.Estimate, what: "estimate");
        Close(Number(c.GetProperty("ciLow")), test.CiLow, 1e-8, "ciLow");
        Close(Number(c.GetProperty("ciHigh")), test.CiHigh, 1e-8, "ciHigh");
        Close(Number(c.GetProperty("pValue")), test.PValue, 1e-8, "pValue");
    }

    [Theory]
    [MemberData(nameof(BinomialCases))]
    public void TheBinomialTestMatchesR(int index)
    {
        var c = Reference.GetProperty("binomial")[index];
        int x = c.GetProperty("x").GetInt32(), n = c.GetProperty("n").GetInt32();
        var p = c.GetProperty("p").GetDouble();
        var (low, high) = Binomial.ClopperPearson(x, n);
        Close(Number(c.GetProperty("ciLow")), low, 1e-9, "ciLow");
        Close(Number(c.GetProperty("ciHigh")), high, 1e-9, "ciHigh");
        Close(Number(c.GetProperty("pValue")), Binomial.TwoSidedPValue(x, n, p), 1e-8, "pValue");
    }

    [Theory]
    [MemberData(nameof(BetaCases))]
    public void BetaQuantilesAndTheIncompleteBetaMatchR(int index)
    {
        var c = Reference.GetProperty("beta")[index];
        double p = c.GetProperty("p").GetDouble(), a = c.GetProperty("a").GetDouble(), b = c.GetProperty("b").GetDouble();
        Close(c.GetProperty("q").GetDouble(), SpecialFunctions.BetaQuantile(p, a, b), 1e-9, "qbeta");
        Close(c.GetProperty("cdf").GetDouble(), SpecialFunctions.RegularizedIncompleteBeta(p, a, b), 1e-9, "pbeta");
    }
}
