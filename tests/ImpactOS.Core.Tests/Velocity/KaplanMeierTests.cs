using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

public sealed class KaplanMeierTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void EventsHappenBeforeCensoringsAtTheSameTime()
    {
        var curve = KaplanMeier.Fit([new(5, true), new(5, false), new(10, true)]);

        var atFive = curve.Points[0];
        Assert.Equal(3, atFive.AtRisk);
        Assert.Equal(1, atFive.Events);
        Assert.Equal(1, atFive.Censored);
        Assert.Equal(2.0 / 3.0, atFive.Survival, Tolerance);
        Assert.Equal(1, curve.Points[1].AtRisk);
        Assert.Equal(0.0, curve.Points[1].Survival);
    }

    [Fact]
    public void SurvivalIsRightContinuousAndOneBeforeTheFirstEvent()
    {
        var curve = KaplanMeier.Fit([new(2, true), new(4, true), new(6, false), new(8, true)]);

        Assert.Equal(1.0, curve.Survival(0));
        Assert.Equal(1.0, curve.Survival(1.999));
        Assert.Equal(0.75, curve.Survival(2), Tolerance);
        Assert.Equal(0.5, curve.Survival(5), Tolerance);
        Assert.Equal(0.5, curve.Survival(6), Tolerance);
        Assert.Equal(0.0, curve.Survival(8));
        Assert.Equal(0.0, curve.Survival(1000));
    }

    [Fact]
    public void ZeroDayEventsLowerSurvivalAtTimeZero()
    {
        var curve = KaplanMeier.Fit([new(0, true), new(0, false), new(3, true), new(7, false)]);

        Assert.Equal(0.75, curve.Survival(0), Tolerance);
        Assert.Equal(0.0, curve.Points[0].Time);
        Assert.Equal(4, curve.Points[0].AtRisk);
    }

    [Fact]
    public void FittingFromSeparateEventAndCensoredTimesGivesTheSameCurve()
    {
        SurvivalObservation[] observations = [new(9, true), new(1, false), new(4, true), new(4, true), new(2, false), new(6, true)];

        var fromObservations = KaplanMeier.Fit(observations);
        var fromTimes = KaplanMeier.Fit([9.0, 4.0, 4.0, 6.0], [1.0, 2.0]);

        Assert.Equal(fromObservations.Points, fromTimes.Points);
        Assert.Equal(fromObservations.Median, fromTimes.Median);
    }

    [Fact]
    public void EmptyCurveHasNoPointsFullSurvivalAndNoQuantiles()
    {
        var curve = KaplanMeier.Fit([]);

        Assert.Empty(curve.Points);
        Assert.Equal(0, curve.N);
        Assert.Equal(1.0, curve.Survival(10));
        Assert.Null(curve.P25);
        Assert.Null(curve.Median);
        Assert.Null(curve.P75);
        Assert.Null(KaplanMeierCurve.Empty.Quantile(0.5));
    }

    [Fact]
    public void QuantileOfWholeCurveIsTheLastEventTime()
    {
        var curve = KaplanMeier.Fit([new(1, true), new(3, true), new(5, true)]);

        Assert.Equal(5.0, curve.Quantile(1.0));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NegativeOrNonFiniteTimesAreRejected(double time)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KaplanMeier.Fit([new(1, true), new(time, true)]));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ProbabilitiesOutsideZeroToOneAreRejected(double probability)
    {
        var curve = KaplanMeier.Fit([new(1, true)]);

        Assert.Throws<ArgumentOutOfRangeException>(() => curve.Quantile(probability));
    }
}
