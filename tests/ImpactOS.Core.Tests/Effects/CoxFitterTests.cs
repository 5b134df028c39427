using ImpactOS.Core.Effects;

namespace ImpactOS.Core.Tests.Effects;

/// <summary>The fitter's guards and its not-estimable cases.</summary>
public sealed class CoxFitterTests
{
    private static CoxData Data(double[] x, bool[] events, string[]? names = null)
    {
        var n = events.Length;
        var stop = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        return new CoxData(new double[n], stop, events, new int[n], null, x, names ?? ["x"]);
    }

    [Fact]
    public void DataWithoutAnyEventIsRefused()
    {
        var data = Data([1, 0, 1], [false, false, false]);

        Assert.Throws<ArgumentException>(() => CoxFitter.Fit(data));
    }

    [Fact]
    public void AnEmptyIntervalIsRefusedAsRsSurvRefusesIt()
    {
        Assert.Throws<ArgumentException>(() =>
            new CoxData([0, 2], [1, 2], [true, false], [0, 0], null, [1, 0], ["x"]));
    }

    [Fact]
    public void AConstantColumnIsSingularAndHasNoNumber()
    {
        // Column "never" is 0 everywhere (a program nobody was in during any step).
        var x = new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 };
        var data = Data(x, [true, true, false, true, true, false], ["x", "never"]);

        var fit = CoxFitter.Fit(data);

        Assert.Equal(CoxTermStatus.Singular, fit.Terms[1].Status);
        Assert.True(double.IsNaN(fit.Terms[1].Coef));
        Assert.True(fit.Terms[0].Estimable);
        Assert.Equal(1, fit.LikelihoodRatio.Df);
        Assert.Contains(fit.Warnings, w => w.StartsWith("X matrix deemed to be singular", StringComparison.Ordinal));
    }

    [Fact]
    public void RunningOutOfIterationsMakesEveryTermNotEstimable()
    {
        var reference = PortfolioReference.Model("program");
        Assert.True(reference.Iterations > 3);
        var process = CountingProcessBuilder.Build([PortfolioReference.Track()], PortfolioReference.AsOf);

        var fit = CoxFitter.Fit(process.ToCoxData(EffectsBy.Program, PortfolioReference.Programs), new CoxOptions { MaxIterations = 3 });

        Assert.False(fit.Converged);
        Assert.All(fit.Terms, t => Assert.Equal(CoxTermStatus.NotConverged, t.Status));
        Assert.Contains("Ran out of iterations and did not converge", fit.Warnings);
    }

    [Fact]
    public void PerfectSeparationIsDetectedAsAnInfiniteCoefficient()
    {
        // Every event has x = 1 and every x = 1 row fails before any x = 0 row: β → +∞.
        var data = Data([1, 1, 1, 0, 0, 0], [true, true, true, true, false, false]);

        var fit = CoxFitter.Fit(data);

        Assert.Equal(CoxTermStatus.Infinite, fit.Terms[0].Status);
        Assert.False(fit.Terms[0].Estimable);
    }

    [Fact]
    public void WithoutClustersThereIsNoRobustVarianceAndTheModelBasedSeIsUsed()
    {
        var data = Data([1, 0, 1, 0, 1, 1, 0, 0], [true, true, false, true, true, false, true, false]);

        var fit = CoxFitter.Fit(data);

        Assert.Null(fit.RobustVariance);
        Assert.Null(fit.RobustScore);
        Assert.Null(fit.Terms[0].RobustSe);
        Assert.Equal(fit.Terms[0].Coef / fit.Terms[0].Se, fit.Terms[0].Z, 12);
    }

    [Fact]
    public void TheOrderOfTheRowsDoesNotChangeTheFit() =>
        AssertShuffledFitsTheSame(CoxReference.Cases["heart_cluster_efron"].Data);

    [Fact]
    public void APortfolioLaidOutInSweepOrderFitsAsTheSameRowsInAnyOrder()
    {
        // ToCoxData lays the rows out by stratum and stop, which the engine takes as they are; the
        // same rows shuffled go through its own sort.
        var process = CountingProcessBuilder.Build([PortfolioReference.Track()], PortfolioReference.AsOf);
        AssertShuffledFitsTheSame(process.ToCoxData(EffectsBy.Program, PortfolioReference.Programs));
    }

    [Fact]
    public void SumsTakenInNewtonsLastSweepAreTheLastSweepsToTheLastDigit()
    {
        var process = CountingProcessBuilder.Build([PortfolioReference.Track()], PortfolioReference.AsOf);
        foreach (var data in new[] { process.ToCoxData(EffectsBy.Program, PortfolioReference.Programs), process.ToCoxData(EffectsBy.Any), CoxReference.Cases["heart_cluster_efron"].Data })
        {
            var ahead = CoxFitter.Fit(data);
            var apart = CoxFitter.Fit(data, new CoxOptions { SumsAhead = false });

            Assert.True(ahead.SumsFromNewton);
            Assert.False(apart.SumsFromNewton);
            Assert.Equal(apart.Iterations, ahead.Iterations);
            Assert.Equal(apart.RobustVariance, ahead.RobustVariance);
            Assert.Equal(apart.Wald, ahead.Wald);
            Assert.Equal(apart.RobustScore, ahead.RobustScore);
            Assert.Equal(apart.ProportionalHazards!.Global, ahead.ProportionalHazards!.Global);
            Assert.Equal(apart.ProportionalHazards.Terms, ahead.ProportionalHazards.Terms);
            Assert.Equal(apart.Terms, ahead.Terms);
        }
    }

    [Fact]
    public void ACoefficientRunningToInfinityIsNotGuessedConvergedEarly()
    {
        // Perfect separation converges only linearly: the sums are taken ahead at most at its end,
        // and the fit says the same as with the last sweep made apart.
        var data = Data([1, 1, 1, 0, 0, 0], [true, true, true, true, false, false]);
        var ahead = CoxFitter.Fit(data);
        var apart = CoxFitter.Fit(data, new CoxOptions { SumsAhead = false });

        Assert.Equal(CoxTermStatus.Infinite, ahead.Terms[0].Status);
        Assert.True(ahead.Iterations > 5, $"{ahead.Iterations} iterations");
        Assert.Equal(apart.Terms, ahead.Terms);
        Assert.Equal(apart.ProportionalHazards?.Global, ahead.ProportionalHazards?.Global);
        Assert.Equal(apart.RobustVariance, ahead.RobustVariance);
    }

    private static void AssertShuffledFitsTheSame(CoxData data)
    {
        var n = data.RowCount;
        var p = data.TermCount;
        var order = Enumerable.Range(0, n).Reverse().ToArray();
        new Random(7).Shuffle(order);
        var x = new double[n * p];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                x[(i * p) + j] = data.Covariate(order[i], j);
            }
        }

        var shuffled = new CoxData(
            [.. order.Select(i => data.Start[i])],
            [.. order.Select(i => data.Stop[i])],
            [.. order.Select(i => data.Events[i])],
            [.. order.Select(i => data.Strata[i])],
            [.. order.Select(i => data.Clusters![i])],
            x,
            data.TermNames);

        var expected = CoxFitter.Fit(data);
        var actual = CoxFitter.Fit(shuffled);

        Assert.Equal(expected.LogLikFinal, actual.LogLikFinal, 1e-10);
        for (var j = 0; j < p; j++)
        {
            Assert.Equal(expected.Terms[j].Coef, actual.Terms[j].Coef, 1e-10);
            Assert.Equal(expected.Terms[j].RobustSe!.Value, actual.Terms[j].RobustSe!.Value, 1e-10);
            Assert.Equal(expected.ProportionalHazards!.Terms[j].ChiSquare, actual.ProportionalHazards!.Terms[j].ChiSquare, 1e-10);
        }
    }
}
