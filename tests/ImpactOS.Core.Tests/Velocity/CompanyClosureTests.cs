using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>A company that shut down or was acquired: its open step ends there, censored for
/// Kaplan–Meier and ended by the outcome for the competing risks. Times are days after <see cref="Day0"/>.</summary>
public sealed class CompanyClosureTests
{
    private static readonly DateTime Day0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TrackMilestone A = new(Guid.Parse("00000000-0000-0000-0000-00000000000a"), 1, "A");
    private static readonly TrackMilestone B = new(Guid.Parse("00000000-0000-0000-0000-00000000000b"), 2, "B");
    private static readonly TrackMilestone[] Track = [A, B];

    private static DateTime At(double days) => Day0.AddDays(days);

    private static CompanyHistory Company(CompanyClosure? closure, DateTime? archivedAt = null, params Achievement[] achievements) =>
        new(Guid.NewGuid(), Day0, archivedAt, achievements, closure);

    [Fact]
    public void AShutdownEndsTheOpenStepThereCensoredForKaplanMeier()
    {
        var steps = StepBuilder.Build(Track, Company(new CompanyClosure(StepEnd.ShutDown, At(40)), null, new Achievement(A.MilestoneId, At(10))), At(100));

        var open = Assert.IsType<StepObservation>(steps.Open);
        Assert.False(open.IsEvent);
        Assert.Equal(B.MilestoneId, open.MilestoneId);
        Assert.Equal(30, open.DurationDays);
        Assert.Equal(StepEnd.ShutDown, steps.OpenEnd);
        Assert.Equal(StepEnd.ShutDown, steps.ClosedAs);
    }

    [Fact]
    public void AClosureAfterAsOfIsNotYetThere()
    {
        var steps = StepBuilder.Build(Track, Company(new CompanyClosure(StepEnd.Acquired, At(40))), At(20));

        Assert.Equal(20, steps.Open!.Value.DurationDays);
        Assert.Equal(StepEnd.Censored, steps.OpenEnd);
        Assert.False(steps.IsClosed);
    }

    [Fact]
    public void ArchivedBeforeItClosedTheStepIsCensoredAtTheArchiveDate()
    {
        var steps = StepBuilder.Build(Track, Company(new CompanyClosure(StepEnd.ShutDown, At(40)), At(25)), At(100));

        Assert.Equal(25, steps.Open!.Value.DurationDays);
        Assert.Equal(StepEnd.Censored, steps.OpenEnd);
        Assert.True(steps.IsClosed);
    }

    [Fact]
    public void AClosureBeforeTheLatestAchievementLeavesTheOpenStepOut()
    {
        var steps = StepBuilder.Build(Track, Company(new CompanyClosure(StepEnd.ShutDown, At(5)), null, new Achievement(A.MilestoneId, At(10))), At(100));

        Assert.Null(steps.Open);
        Assert.Equal(StepEnd.Censored, steps.OpenEnd);
    }

    [Fact]
    public void AClosureMustBeAShutdownOrAnAcquisition()
    {
        Assert.Throws<ArgumentException>(() => StepBuilder.Build(Track, Company(new CompanyClosure(StepEnd.Milestone, At(5))), At(100)));
    }

    [Theory]
    [InlineData(StepEnd.ShutDown, VelocityStatus.ShutDown)]
    [InlineData(StepEnd.Acquired, VelocityStatus.Acquired)]
    public void AClosedCompanyHasTheStatusOfItsOutcomeNotOfItsPace(StepEnd end, VelocityStatus status)
    {
        // Five quick companies make a cohort; the closed one waited far longer than all of them.
        var quick = Enumerable.Range(0, 5).Select(i => Company(null, null, new Achievement(A.MilestoneId, At(5 + i)))).ToList();
        var closed = Company(new CompanyClosure(end, At(300)));
        var velocity = PortfolioVelocityCalculator.Compute(Track, [.. quick, closed], At(400));

        var company = velocity.Companies[^1];
        Assert.Equal(status, company.Status);
        Assert.Null(company.DaysInStep);
        Assert.Equal(VelocityStatus.Behind, PortfolioVelocityCalculator.Compute(Track, [.. quick, closed with { Closure = null }], At(400)).Companies[^1].Status);
    }

    [Fact]
    public void TheCompetingRisksOfAStepAreTheAalenJohansenFitOfItsEnds()
    {
        CompanyHistory[] companies =
        [
            Company(null, null, new Achievement(A.MilestoneId, At(10))),
            Company(null, null, new Achievement(A.MilestoneId, At(20)), new Achievement(B.MilestoneId, At(50))),
            Company(new CompanyClosure(StepEnd.ShutDown, At(15))),
            Company(new CompanyClosure(StepEnd.Acquired, At(20))),
            Company(new CompanyClosure(StepEnd.ShutDown, At(60)), null, new Achievement(A.MilestoneId, At(20))),
            Company(null),
        ];
        var track = TrackVelocityCalculator.Compute(Track, companies, At(100));

        var curves = CompetingRisksCalculator.Compute(track);

        var first = AalenJohansen.Fit([
            new(10, StepEnd.Milestone), new(20, StepEnd.Milestone), new(15, StepEnd.ShutDown), new(20, StepEnd.Acquired),
            new(20, StepEnd.Milestone), new(100, StepEnd.Censored)]);
        var second = AalenJohansen.Fit([new(90, StepEnd.Censored), new(30, StepEnd.Milestone), new(40, StepEnd.ShutDown)]);
        Assert.Equal(first.Points, curves[0].Points);
        Assert.Equal(second.Points, curves[1].Points);
        Assert.Equal((3, 1, 1, 1), (curves[0].Milestones, curves[0].ShutDowns, curves[0].Acquisitions, curves[0].Censored));

        // Kaplan–Meier of the same step counts the closures as censored.
        Assert.Equal(3, track.Steps[0].Events);
        Assert.Equal(3, track.Steps[0].Censored);
    }
}
