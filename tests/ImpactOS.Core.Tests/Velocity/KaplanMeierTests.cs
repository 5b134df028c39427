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

    [Theory]
    [InlineData(300, 1)]
    [InlineData(5_000, 2)]
    [InlineData(20_000, 3)]
    public void LargeCurvesMatchAStraightforwardKaplanMeierAtEveryLookup(int count, int seed)
    {
        // Hour-resolution durations with many ties, zeros and a few -0.0 (which equals 0).
        var random = new Random(seed);
        var observations = new SurvivalObservation[count];
        for (var i = 0; i < count; i++)
        {
            var time = random.Next(0, 20) == 0 ? (i % 2 == 0 ? 0.0 : -0.0) : random.Next(0, 2_000 * 24) / 24.0;
            observations[i] = new SurvivalObservation(time, random.NextDouble() < 0.7);
        }

        var curve = KaplanMeier.Fit(observations);

        var expected = NaiveKaplanMeier(observations);
        Assert.Equal(expected.Count, curve.Points.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Time, curve.Points[i].Time);
            Assert.Equal(expected[i].Survival, curve.Points[i].Survival, 1e-12);
            Assert.Equal((expected[i].AtRisk, expected[i].Events, expected[i].Censored), (curve.Points[i].AtRisk, curve.Points[i].Events, curve.Points[i].Censored));
        }

        // S(t) at every point's time, just before and after it, between points, and outside the range.
        var queries = new List<double> { -1, double.NegativeInfinity, double.PositiveInfinity, 1e9 };
        foreach (var point in expected)
        {
            queries.Add(point.Time);
            queries.Add(Math.BitDecrement(point.Time));
            queries.Add(Math.BitIncrement(point.Time));
            queries.Add(point.Time + 0.5 / 24);
        }

        // Walk the sorted queries and points together: the expected S(t) is the last point at or before t.
        queries.Sort();
        var next = 0;
        var naive = 1.0;
        foreach (var t in queries)
        {
            while (next < expected.Count && expected[next].Time <= t)
            {
                naive = expected[next++].Survival;
            }

            Assert.Equal(naive, curve.Survival(t));
        }
    }

    /// <summary>Kaplan–Meier straight from the definition (grouping with LINQ), for cross-checking.</summary>
    private static List<KaplanMeierPoint> NaiveKaplanMeier(IReadOnlyList<SurvivalObservation> observations)
    {
        var points = new List<KaplanMeierPoint>();
        var survival = 1.0;
        var atRisk = observations.Count;
        foreach (var group in observations.GroupBy(o => o.Time).OrderBy(g => g.Key))
        {
            var events = group.Count(o => o.Event);
            var censored = group.Count(o => !o.Event);
            if (events > 0)
            {
                survival *= (atRisk - events) / (double)atRisk;
            }

            points.Add(new KaplanMeierPoint(group.Key, survival, atRisk, events, censored));
            atRisk -= events + censored;
        }

        return points;
    }
}
