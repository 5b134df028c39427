using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>Kaplan–Meier curves and quantiles compared with R's survival package (reference.json).</summary>
public sealed class KaplanMeierReferenceTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in RReference.Cases.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void ReferenceFileHoldsEveryNamedCase()
    {
        string[] expected =
        [
            "all_events_quartiles_on_flat_segments",
            "ties_of_events_and_censorings",
            "median_on_flat_segment",
            "median_on_flat_segment_after_rounding",
            "first_quartile_on_flat_segment_with_censoring_inside",
            "median_at_last_point_with_trailing_censoring",
            "median_at_last_point_which_is_an_event",
            "third_quartile_at_last_point",
            "single_event_among_censored_reaches_exactly_a_quarter",
            "heavy_censoring_median_not_reached",
            "curve_never_reaches_lowest_probability",
            "all_censored",
            "single_company_event",
            "single_company_censored",
            "zero_time_events",
            "all_events_at_time_zero",
            "first_quartile_within_tolerance_on_flat_segment",
            "first_quartile_within_tolerance_at_last_point",
            "fractional_days",
            "large_random_integer_days_with_ties",
            "large_random_fractional_days",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), RReference.Cases.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void CurvePointsMatchSurvfit(string caseName)
    {
        var reference = RReference.Get(caseName);

        var curve = KaplanMeier.Fit(reference.Observations);

        Assert.Equal(reference.FitTime.Length, curve.Points.Count);
        for (var i = 0; i < curve.Points.Count; i++)
        {
            var point = curve.Points[i];
            Assert.Equal(reference.FitTime[i], point.Time, Tolerance);
            Assert.Equal(reference.FitSurvival[i], point.Survival, Tolerance);
            Assert.Equal(reference.FitAtRisk[i], point.AtRisk);
            Assert.Equal(reference.FitEvents[i], point.Events);
            Assert.Equal(reference.FitCensored[i], point.Censored);
        }

        Assert.Equal(reference.Time.Length, curve.N);
        Assert.Equal(reference.Status.Count(s => s == 1), curve.Events);
        Assert.Equal(reference.Status.Count(s => s == 0), curve.Censored);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void QuartilesMatchQuantileOfSurvfit(string caseName)
    {
        var reference = RReference.Get(caseName);

        var curve = KaplanMeier.Fit(reference.Observations);

        AssertQuantile(reference.P25, curve.P25);
        AssertQuantile(reference.P50, curve.Median);
        AssertQuantile(reference.P75, curve.P75);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void QuantilesAskedTogetherMatchOneQuantileCall(string caseName)
    {
        var reference = RReference.Get(caseName);
        var curve = KaplanMeier.Fit(reference.Observations);

        var actual = curve.Quantiles(reference.TogetherProbabilities);

        Assert.Equal(reference.TogetherQuantiles.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            AssertQuantile(reference.TogetherQuantiles[i], actual[i]);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void QuantilesAskedAloneMatchSeparateQuantileCalls(string caseName)
    {
        var reference = RReference.Get(caseName);
        var curve = KaplanMeier.Fit(reference.Observations);

        for (var i = 0; i < reference.AloneProbabilities.Length; i++)
        {
            AssertQuantile(reference.AloneQuantiles[i], curve.Quantile(reference.AloneProbabilities[i]));
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SurvivalAtProbeTimesMatchesSummaryOfSurvfit(string caseName)
    {
        var reference = RReference.Get(caseName);
        var curve = KaplanMeier.Fit(reference.Observations);

        for (var i = 0; i < reference.ProbeTimes.Length; i++)
        {
            Assert.Equal(reference.ProbeSurvival[i], curve.Survival(reference.ProbeTimes[i]), Tolerance);
        }
    }

    [Fact]
    public void MedianIsMidpointOfFlatSegmentWhenSurvivalEqualsHalf()
    {
        // S = 1/2 on [3, 5): R reports (3 + 5) / 2.
        var curve = KaplanMeier.Fit(RReference.Get("median_on_flat_segment").Observations);

        Assert.Equal(4.0, curve.Median!.Value, Tolerance);
    }

    [Fact]
    public void QuartilesAreMidpointsOfFlatSegmentsWhenSurvivalEqualsThreeQuartersAndOneQuarter()
    {
        var curve = KaplanMeier.Fit(RReference.Get("all_events_quartiles_on_flat_segments").Observations);

        Assert.Equal(2.5, curve.P25!.Value, Tolerance);
        Assert.Equal(4.5, curve.Median!.Value, Tolerance);
        Assert.Equal(6.5, curve.P75!.Value, Tolerance);
    }

    [Fact]
    public void MedianOnTheLastFlatSegmentIsMidpointWithTheLastObservedTime()
    {
        // S = 1/2 from t = 2 with only censorings after it, the last at t = 4: (2 + 4) / 2.
        var curve = KaplanMeier.Fit(RReference.Get("median_at_last_point_with_trailing_censoring").Observations);

        Assert.Equal(3.0, curve.Median!.Value, Tolerance);
        Assert.Null(curve.P75);
    }

    [Fact]
    public void MedianIsTheLastTimeWhenSurvivalReachesHalfThereAndNothingFollows()
    {
        var curve = KaplanMeier.Fit(RReference.Get("median_at_last_point_which_is_an_event").Observations);

        Assert.Equal(4.0, curve.Median!.Value, Tolerance);
    }

    [Fact]
    public void SurvivalWithinRoundingOfThreeQuartersCountsAsEqualOnAFlatSegment()
    {
        // S = 23/24 · 18/23 = 0.7500000000000001 in floating point; R's tolerance treats it as 3/4.
        var curve = KaplanMeier.Fit(RReference.Get("first_quartile_within_tolerance_on_flat_segment").Observations);

        Assert.NotEqual(0.75, curve.Survival(2.0));
        Assert.Equal(2.5, curve.P25!.Value, Tolerance);
    }

    [Fact]
    public void QuartilesAreNotReachedWhenMaximumFailureIsBelowAQuarterEvenWithinTolerance()
    {
        // R's early exit compares max(1 - S) with the smallest probability without tolerance.
        var curve = KaplanMeier.Fit(RReference.Get("first_quartile_within_tolerance_at_last_point").Observations);

        Assert.Null(curve.P25);
        Assert.Null(curve.Median);
        Assert.Equal(3.5, curve.Quantiles([0.1, 0.25])[1]!.Value, Tolerance);
    }

    [Fact]
    public void PercentilesNeverReachedAreNullRatherThanMediansOfFinishers()
    {
        // Two of ten companies reached the milestone; the median of those two (3.5) is not a median.
        var curve = KaplanMeier.Fit(RReference.Get("heavy_censoring_median_not_reached").Observations);

        Assert.Null(curve.Median);
        Assert.Null(curve.P75);
        Assert.Equal(5.0, curve.P25!.Value, Tolerance);
    }

    private static void AssertQuantile(double? expected, double? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
        }
        else
        {
            Assert.NotNull(actual);
            Assert.Equal(expected.Value, actual.Value, Tolerance);
        }
    }
}
