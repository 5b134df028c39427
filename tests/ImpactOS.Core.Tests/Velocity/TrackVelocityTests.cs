using ImpactOS.Core.Velocity;
using static ImpactOS.Core.Tests.Velocity.EightCompanyTrack;

namespace ImpactOS.Core.Tests.Velocity;

public sealed class TrackVelocityTests
{
    private const double Tolerance = 1e-9;

    private readonly TrackVelocity _velocity = TrackVelocityCalculator.Compute(Track, Companies(), AsOf);

    [Fact]
    public void EightCompanyTrackCountsCompaniesAndOutOfOrderAchievements()
    {
        Assert.Equal(AsOf, _velocity.AsOf);
        Assert.Equal(8, _velocity.Companies);
        Assert.Equal(8, _velocity.StartedCompanies);
        Assert.Equal(1, _velocity.OutOfOrder);
        Assert.Equal([M1, M2, M3], _velocity.Milestones);
        Assert.Equal([M1, M2, M3], _velocity.Steps.Select(s => s.Milestone));
    }

    [Fact]
    public void FirstStepHasQuartilesOnFlatSegmentsOfTheHandDerivedCurve()
    {
        var step = _velocity.Steps[0];

        Assert.Equal((8, 7, 1, 0, 7), (step.Entered, step.Events, step.Censored, step.OutOfOrder, step.Reached));
        Assert.Equal(87.5, step.ReachedPct!.Value, Tolerance);
        Assert.Equal(15.0, step.P25Days!.Value, Tolerance);
        Assert.Equal(25.0, step.MedianDays!.Value, Tolerance);
        Assert.Equal(45.0, step.P75Days!.Value, Tolerance);
        Assert.True(step.HasEnoughData);
        AssertPoints(
            [(0, 0.875, 8, 1, 0), (10, 0.75, 7, 1, 0), (20, 0.5, 6, 2, 0), (30, 0.375, 4, 1, 0), (40, 0.25, 3, 1, 1), (50, 0, 1, 1, 0)],
            step.Curve);
    }

    [Fact]
    public void SecondStepSkipsTheSkipperCountsTheOutOfOrderAchievementAsReachedAndLeavesP75NotReached()
    {
        var step = _velocity.Steps[1];

        Assert.Equal((5, 3, 2, 1, 4), (step.Entered, step.Events, step.Censored, step.OutOfOrder, step.Reached));
        Assert.Equal(50.0, step.ReachedPct!.Value, Tolerance);
        Assert.Equal(30.0, step.P25Days!.Value, Tolerance);
        Assert.Equal(60.0, step.MedianDays!.Value, Tolerance);
        Assert.Null(step.P75Days);
        Assert.False(step.HasEnoughData);
        AssertPoints([(20, 0.8, 5, 1, 0), (30, 0.6, 4, 1, 0), (40, 0.6, 3, 0, 1), (60, 0.3, 2, 1, 0), (70, 0.3, 1, 0, 1)], step.Curve);
    }

    [Fact]
    public void LastStepMedianIsMidpointOfLastFlatSegmentUpToTheLastCensoring()
    {
        var step = _velocity.Steps[2];

        Assert.Equal((5, 2, 3, 0, 2), (step.Entered, step.Events, step.Censored, step.OutOfOrder, step.Reached));
        Assert.Equal(25.0, step.ReachedPct!.Value, Tolerance);
        Assert.Equal(30.0, step.P25Days!.Value, Tolerance);
        Assert.Equal(57.5, step.MedianDays!.Value, Tolerance);
        Assert.Null(step.P75Days);
        AssertPoints([(20, 1, 5, 0, 1), (30, 0.5, 4, 2, 0), (50, 0.5, 2, 0, 1), (85, 0.5, 1, 0, 1)], step.Curve);
    }

    [Fact]
    public void CompanyStepsFromTheSamePassAreAvailableById()
    {
        Assert.True(_velocity.TryGetCompanySteps(C7, out var steps));
        Assert.Equal(1, steps.OutOfOrder);
        Assert.Equal(0.0, steps.Completed.Single().DurationDays);
        Assert.Equal(85.0, steps.Open!.Value.DurationDays, Tolerance);
        Assert.False(_velocity.TryGetCompanySteps(Guid.NewGuid(), out _));
        Assert.Equal(Companies().Select(c => c.CompanyId), _velocity.CompanySteps.Select(s => s.CompanyId));
    }

    [Fact]
    public void CompanyStartingAfterAsOfContributesNothingToCurvesOrFunnel()
    {
        var late = new CompanyHistory(Guid.NewGuid(), At(101), null, [new Achievement(M1.MilestoneId, At(99))]);

        var velocity = TrackVelocityCalculator.Compute(Track, [.. Companies(), late], AsOf);

        Assert.Equal(9, velocity.Companies);
        Assert.Equal(8, velocity.StartedCompanies);
        Assert.Equal(87.5, velocity.Steps[0].ReachedPct!.Value, Tolerance);
        Assert.Equal(_velocity.Steps[0].Curve.Points, velocity.Steps[0].Curve.Points);
    }

    [Fact]
    public void ReportAsOfAnEarlierInstantSeesOnlyWhatHadHappenedByThen()
    {
        // As of day 25: C1 M1@10 (M2 open 15), C2/C3 M1@20 (M2 open 5), C4/C5/C8 M1 open 25,
        // C7 M1@20 (zero-day) and M2@15 out of order (M3 open from 15); C6 has not started.
        var velocity = TrackVelocityCalculator.Compute(Track, Companies(), At(25));

        var first = velocity.Steps[0];
        Assert.Equal(7, velocity.StartedCompanies);
        Assert.Equal((7, 4, 3), (first.Entered, first.Events, first.Censored));
        Assert.Equal(1, velocity.OutOfOrder);
        Assert.Equal(100.0 * 4 / 7, first.ReachedPct!.Value, Tolerance);
        Assert.Equal((3, 0, 3), (velocity.Steps[1].Entered, velocity.Steps[1].Events, velocity.Steps[1].Censored));
        Assert.Equal((1, 0, 1), (velocity.Steps[2].Entered, velocity.Steps[2].Events, velocity.Steps[2].Censored));
    }

    [Fact]
    public void TrackWithoutStartedCompaniesHasNullFunnelAndEmptyCurves()
    {
        var velocity = TrackVelocityCalculator.Compute(Track, [], AsOf);

        Assert.Equal(0, velocity.Companies);
        Assert.All(velocity.Steps, s => Assert.Null(s.ReachedPct));
        Assert.All(velocity.Steps, s => Assert.Empty(s.Curve.Points));
        Assert.All(velocity.Steps, s => Assert.Null(s.MedianDays));
    }

    [Fact]
    public void DuplicateCompanyIdsAreRejected()
    {
        var companies = Companies();

        Assert.Throws<ArgumentException>(() => TrackVelocityCalculator.Compute(Track, [.. companies, companies[0]], AsOf));
    }

    private static void AssertPoints((double Time, double Survival, int AtRisk, int Events, int Censored)[] expected, KaplanMeierCurve curve)
    {
        Assert.Equal(expected.Length, curve.Points.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var point = curve.Points[i];
            Assert.Equal(expected[i].Time, point.Time, Tolerance);
            Assert.Equal(expected[i].Survival, point.Survival, Tolerance);
            Assert.Equal((expected[i].AtRisk, expected[i].Events, expected[i].Censored), (point.AtRisk, point.Events, point.Censored));
        }
    }
}
