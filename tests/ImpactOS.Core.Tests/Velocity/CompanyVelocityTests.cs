using ImpactOS.Core.Velocity;
using static ImpactOS.Core.Tests.Velocity.EightCompanyTrack;

namespace ImpactOS.Core.Tests.Velocity;

public sealed class CompanyVelocityTests
{
    private const double Tolerance = 1e-9;

    private readonly TrackVelocity _velocity = TrackVelocityCalculator.Compute(Track, Companies(), AsOf);

    [Fact]
    public void CompanyPastTheMedianButWithinP75IsAtRiskWithPercentileAndProjection()
    {
        // C6 started on day 60 and is 40 days into M1 (median 25, P75 45).
        var company = CompanyVelocityCalculator.Compute(_velocity, C6);

        Assert.Equal(VelocityStatus.AtRisk, company.Status);
        Assert.Equal(M1, company.NextMilestone);
        Assert.Equal(At(60), company.StepStartedAt);
        Assert.Equal(40.0, company.DaysInStep!.Value, Tolerance);
        Assert.Equal(new StepCohort(M1.MilestoneId, 8, 7, 15.0, 25.0, 45.0), company.Cohort);
        Assert.Equal(75.0, company.Percentile!.Value, Tolerance);
        Assert.Equal(At(85), company.ProjectedAt);
        Assert.Empty(company.Steps);
    }

    [Fact]
    public void CompanyInAStepWithFewerThanFiveEventsHasNotEnoughDataButStillGetsNumbers()
    {
        // C4 is 70 days into M2, whose cohort has 3 events.
        var company = CompanyVelocityCalculator.Compute(_velocity, C4);

        Assert.Equal(VelocityStatus.NotEnoughData, company.Status);
        Assert.Equal(M2, company.NextMilestone);
        Assert.Equal(70.0, company.Percentile!.Value, Tolerance);
        Assert.Equal(At(90), company.ProjectedAt);
        var step = Assert.Single(company.Steps);
        Assert.Equal((M1.MilestoneId, 30.0, 25.0, 37.5), (step.MilestoneId, step.DurationDays, step.CohortMedianDays!.Value, step.FasterThanPct));
    }

    [Fact]
    public void CompanyThatAchievedTheLastMilestoneIsCompleteWithItsStepsComparedToTheCohort()
    {
        var company = CompanyVelocityCalculator.Compute(_velocity, C1);

        Assert.Equal(VelocityStatus.Complete, company.Status);
        Assert.Null(company.NextMilestone);
        Assert.Null(company.StepStartedAt);
        Assert.Null(company.DaysInStep);
        Assert.Null(company.Cohort);
        Assert.Null(company.Percentile);
        Assert.Null(company.ProjectedAt);
        Assert.Equal(
            [(M1.MilestoneId, 10.0, 25.0, 75.0), (M2.MilestoneId, 20.0, 60.0, 80.0), (M3.MilestoneId, 30.0, 57.5, 50.0)],
            company.Steps.Select(s => (s.MilestoneId, s.DurationDays, s.CohortMedianDays!.Value, Math.Round(s.FasterThanPct, 9))));
    }

    [Fact]
    public void CompanyThatSkippedAMilestoneHasNoStepForIt()
    {
        var company = CompanyVelocityCalculator.Compute(_velocity, C5);

        Assert.Equal(VelocityStatus.Complete, company.Status);
        Assert.Equal([M1.MilestoneId, M3.MilestoneId], company.Steps.Select(s => s.MilestoneId));
        Assert.Equal(25.0, company.Steps[0].FasterThanPct, Tolerance);
    }

    [Fact]
    public void ZeroDayStepIsFasterThanEveryoneButTheZeroDayCompaniesAndOutOfOrderIsReported()
    {
        var company = CompanyVelocityCalculator.Compute(_velocity, C7);

        Assert.Equal(87.5, company.Steps.Single().FasterThanPct, Tolerance);
        Assert.Equal(1, company.OutOfOrder);
        Assert.Equal(M3, company.NextMilestone);
        Assert.Equal(At(15), company.StepStartedAt);
    }

    [Fact]
    public void ArchivedCompanyIsMeasuredUpToItsArchiveDate()
    {
        var company = CompanyVelocityCalculator.Compute(_velocity, C8);

        Assert.Equal(M2, company.NextMilestone);
        Assert.Equal(40.0, company.DaysInStep!.Value, Tolerance);
        Assert.Equal(40.0, company.Percentile!.Value, Tolerance);
    }

    [Fact]
    public void ComputingFromTheHistoryUsesTheStepsOfTheSamePass()
    {
        var history = Companies().Single(c => c.CompanyId == C2);

        var fromHistory = CompanyVelocityCalculator.Compute(_velocity, history, AsOf);
        var fromId = CompanyVelocityCalculator.Compute(_velocity, C2);

        Assert.Equal(fromId, fromHistory);
        Assert.Equal(At(107.5), fromHistory.ProjectedAt);
    }

    [Fact]
    public void ComputingAsOfAnotherInstantThanTheTrackIsRejected()
    {
        var history = Companies()[0];

        Assert.Throws<ArgumentException>(() => CompanyVelocityCalculator.Compute(_velocity, history, At(99)));
    }

    [Fact]
    public void ComputingAnUnknownCompanyByIdIsRejected()
    {
        Assert.Throws<ArgumentException>(() => CompanyVelocityCalculator.Compute(_velocity, Guid.NewGuid()));
    }

    [Fact]
    public void StepsBuiltForAnotherTrackAreRejected()
    {
        TrackMilestone[] otherTrack = [new(Guid.NewGuid(), 1, "Other")];
        var steps = StepBuilder.Build(otherTrack, new CompanyHistory(Guid.NewGuid(), At(0), null, []), AsOf);

        Assert.Throws<ArgumentException>(() => CompanyVelocityCalculator.Compute(_velocity, steps));
    }

    [Theory]
    [InlineData(10.0, VelocityStatus.OnPace)]
    [InlineData(45.0, VelocityStatus.OnPace)]
    [InlineData(45.5, VelocityStatus.AtRisk)]
    [InlineData(65.0, VelocityStatus.AtRisk)]
    [InlineData(65.5, VelocityStatus.Behind)]
    [InlineData(300.0, VelocityStatus.Behind)]
    public void StatusComparesDaysInStepWithTheCohortMedianAndP75(double daysInStep, VelocityStatus expected)
    {
        // Eight companies reached M1 after 10, 20, …, 80 days: P25 25, median 45, P75 65.
        var cohort = Cohort(eventDays: [10, 20, 30, 40, 50, 60, 70, 80], censoredDays: []);

        var company = Outsider(cohort, daysInStep);

        Assert.Equal(expected, company.Status);
        Assert.Equal((25.0, 45.0, 65.0), (company.Cohort!.P25Days!.Value, company.Cohort.MedianDays!.Value, company.Cohort.P75Days!.Value));
    }

    [Fact]
    public void PercentileIsTheShareOfTheCohortExpectedToHaveReachedTheMilestoneByNow()
    {
        var cohort = Cohort(eventDays: [10, 20, 30, 40, 50, 60, 70, 80], censoredDays: []);

        Assert.Equal(50.0, Outsider(cohort, 45).Percentile!.Value, Tolerance);
        Assert.Equal(0.0, Outsider(cohort, 5).Percentile!.Value, Tolerance);
        Assert.Equal(100.0, Outsider(cohort, 80).Percentile!.Value, Tolerance);
    }

    [Fact]
    public void ProjectedDateIsStepStartPlusCohortMedian()
    {
        var cohort = Cohort(eventDays: [10, 20, 30, 40, 50, 60, 70, 80], censoredDays: []);

        var company = Outsider(cohort, 12.25);

        Assert.Equal(company.StepStartedAt!.Value.AddDays(45), company.ProjectedAt);
        Assert.Equal(DateTimeKind.Utc, company.ProjectedAt!.Value.Kind);
    }

    [Fact]
    public void MedianNotReachedMeansOnPaceAndNoProjectedDate()
    {
        // 5 events among 15: S never falls to 1/2.
        var cohort = Cohort(eventDays: [1, 2, 3, 4, 5], censoredDays: Enumerable.Repeat(100.0, 10).ToArray());

        var company = Outsider(cohort, 500);

        Assert.Null(company.Cohort!.MedianDays);
        Assert.Equal(VelocityStatus.OnPace, company.Status);
        Assert.Null(company.ProjectedAt);
    }

    [Fact]
    public void PastTheMedianWithP75NotReachedIsAtRisk()
    {
        // 5 events among 9: median 5, S never falls to 1/4.
        var cohort = Cohort(eventDays: [1, 2, 3, 4, 5], censoredDays: [100, 100, 100, 100]);

        var company = Outsider(cohort, 50);

        Assert.Equal(5.0, company.Cohort!.MedianDays!.Value, Tolerance);
        Assert.Null(company.Cohort.P75Days);
        Assert.Equal(VelocityStatus.AtRisk, company.Status);
    }

    [Fact]
    public void FourEventsAreNotEnoughDataEvenWhenTheCompanyIsFarBehind()
    {
        var cohort = Cohort(eventDays: [1, 2, 3, 4], censoredDays: []);

        var company = Outsider(cohort, 50);

        Assert.Equal(VelocityStatus.NotEnoughData, company.Status);
        Assert.Equal(100.0, company.Percentile!.Value, Tolerance);
    }

    [Fact]
    public void CompanyThatHasNotStartedByAsOfIsInactive()
    {
        var cohort = Cohort(eventDays: [10, 20, 30, 40, 50], censoredDays: []);
        var history = new CompanyHistory(Guid.NewGuid(), cohort.AsOf.AddDays(1), null, []);

        var company = CompanyVelocityCalculator.Compute(cohort, history, cohort.AsOf);

        Assert.Equal(VelocityStatus.Inactive, company.Status);
        Assert.Null(company.NextMilestone);
        Assert.Null(company.DaysInStep);
    }

    [Fact]
    public void CompanyArchivedBeforeItsLatestAchievementIsInactiveWithItsNextMilestone()
    {
        var cohort = Cohort(eventDays: [10, 20, 30, 40, 50], censoredDays: []);
        var start = cohort.AsOf.AddDays(-100);
        var history = new CompanyHistory(Guid.NewGuid(), start, start.AddDays(10), [new Achievement(M1.MilestoneId, start.AddDays(20))]);

        var company = CompanyVelocityCalculator.Compute(cohort, history, cohort.AsOf);

        Assert.Equal(VelocityStatus.Inactive, company.Status);
        Assert.Equal(M2, company.NextMilestone);
        Assert.NotNull(company.Cohort);
        Assert.Null(company.DaysInStep);
        Assert.Null(company.Percentile);
        Assert.Equal(20.0, company.Steps.Single().DurationDays, Tolerance);
    }

    /// <summary>
    /// A two-milestone track where companies reached M1 after <paramref name="eventDays"/> and others
    /// are still open in M1 after <paramref name="censoredDays"/> (asOf = day 1000).
    /// </summary>
    private static TrackVelocity Cohort(double[] eventDays, double[] censoredDays)
    {
        TrackMilestone[] track = [M1, M2];
        var asOf = At(1000);
        var companies = new List<CompanyHistory>();
        foreach (var days in eventDays)
        {
            companies.Add(new CompanyHistory(Guid.NewGuid(), At(0), null, [new Achievement(M1.MilestoneId, At(days))]));
        }

        foreach (var days in censoredDays)
        {
            companies.Add(new CompanyHistory(Guid.NewGuid(), At(1000 - days), null, []));
        }

        return TrackVelocityCalculator.Compute(track, companies, asOf);
    }

    /// <summary>A company outside the cohort that has been in M1 for <paramref name="daysInStep"/> days.</summary>
    private static CompanyVelocity Outsider(TrackVelocity cohort, double daysInStep)
    {
        var start = cohort.AsOf.AddTicks(-(long)Math.Round(daysInStep * TimeSpan.TicksPerDay));
        var company = CompanyVelocityCalculator.Compute(cohort, new CompanyHistory(Guid.NewGuid(), start, null, []), cohort.AsOf);
        Assert.Equal(daysInStep, company.DaysInStep!.Value, Tolerance);
        return company;
    }
}
