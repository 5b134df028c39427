using ImpactOS.Core.Statistics;

namespace ImpactOS.Core.Tests.Statistics;

public sealed class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(5, 3.1780538303479458)]
    [InlineData(0.5, 0.57236494292470008)]
    [InlineData(100, 359.13420536957540)]
    [InlineData(1e-3, 6.9071788853838)]
    public void LogGammaIsAccurate(double x, double expected) =>
        Assert.True(Math.Abs(SpecialFunctions.LogGamma(x) - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"lgamma({x})");

    [Fact]
    public void TheIncompleteBetaOfOneOneIsTheIdentity()
    {
        foreach (var x in new[] { 0.0, 0.1, 0.5, 0.9, 1.0 })
        {
            Assert.Equal(x, SpecialFunctions.RegularizedIncompleteBeta(x, 1, 1), 12);
        }
    }

    [Fact]
    public void Log1PStaysAccurateForTinyArguments() => Assert.True(Math.Abs(SpecialFunctions.Log1P(1e-12) - 9.999999999995e-13) < 1e-27);

    [Fact]
    public void BinomialProbabilitiesSumToOne() =>
        Assert.Equal(1, Enumerable.Range(0, 31).Sum(k => Binomial.Probability(k, 30, 0.37)), 12);
}
