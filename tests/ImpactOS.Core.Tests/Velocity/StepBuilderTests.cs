using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>Table-driven checks of the step rules. Times are days after <see cref="Day0"/>.</summary>
public sealed class StepBuilderTests
{
    private static readonly DateTime Day0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly TrackMilestone A = new(Guid.Parse("00000000-0000-0000-0000-00000000000a"), 10, "A");
    private static readonly TrackMilestone B = new(Guid.Parse("00000000-0000-0000-0000-00000000000b"), 20, "B");
    private static readonly TrackMilestone C = new(Guid.Parse("00000000-0000-0000-0000-00000000000c"), 30, "C");
    private static readonly TrackMilestone D = new(Guid.Parse("00000000-0000-0000-0000-00000000000d"), 40, "D");
    private static readonly Guid Unknown = Guid.Parse("00000000-0000-0000-0000-0000000000ff");

    // Deliberately not in order-index order: the builder sorts.
    private static readonly TrackMilestone[] Track = [C, A, D, B];

    public static TheoryData<string> RuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Rules.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    private static readonly Dictionary<string, StepRule> Rules = new(StringComparer.Ordinal)
    {
        ["no achievement: one open step to the first milestone from the track start"] = new(
            Start: 0, Archived: null, AsOf: 30, Achieved: [],
            Events: [], Open: ("A", 0, 30), OutOfOrder: 0, Next: "A"),
        ["achievements in order: one event per milestone, open step from the last"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("A", 10), ("B", 25)],
            Events: [("A", 0, 10), ("B", 10, 25)], Open: ("C", 25, 100), OutOfOrder: 0, Next: "C"),
        ["skipped milestone gets no step and the next step starts at the previous achievement"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("A", 10), ("C", 40)],
            Events: [("A", 0, 10), ("C", 10, 40)], Open: ("D", 40, 100), OutOfOrder: 0, Next: "D"),
        ["out-of-order step is excluded, counted, and the chain continues from its achievement"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("A", 30), ("B", 20), ("C", 50)],
            Events: [("A", 0, 30), ("C", 20, 50)], Open: ("D", 50, 100), OutOfOrder: 1, Next: "D"),
        ["first milestone achieved before the track start is out of order"] = new(
            Start: 10, Archived: null, AsOf: 100, Achieved: [("A", 5)],
            Events: [], Open: ("B", 5, 100), OutOfOrder: 1, Next: "B"),
        ["zero-day step is a real event at time zero"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("A", 0), ("B", 12.5)],
            Events: [("A", 0, 0), ("B", 0, 12.5)], Open: ("C", 12.5, 100), OutOfOrder: 0, Next: "C"),
        ["archived company is censored on the day it was archived"] = new(
            Start: 0, Archived: 60, AsOf: 100, Achieved: [("A", 20)],
            Events: [("A", 0, 20)], Open: ("B", 20, 60), OutOfOrder: 0, Next: "B"),
        ["archive date after asOf censors at asOf"] = new(
            Start: 0, Archived: 150, AsOf: 100, Achieved: [("A", 20)],
            Events: [("A", 0, 20)], Open: ("B", 20, 100), OutOfOrder: 0, Next: "B"),
        ["company archived before its latest achievement has no open step and no out-of-order count"] = new(
            Start: 0, Archived: 30, AsOf: 100, Achieved: [("A", 20), ("B", 45)],
            Events: [("A", 0, 20), ("B", 20, 45)], Open: null, OutOfOrder: 0, Next: "C"),
        ["achievement after asOf is ignored"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("A", 20), ("B", 100.5)],
            Events: [("A", 0, 20)], Open: ("B", 20, 100), OutOfOrder: 0, Next: "B"),
        ["achievement exactly at asOf counts"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("A", 100)],
            Events: [("A", 0, 100)], Open: ("B", 100, 100), OutOfOrder: 0, Next: "B"),
        ["completed last milestone leaves no open step"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("A", 10), ("B", 20), ("C", 30), ("D", 40)],
            Events: [("A", 0, 10), ("B", 10, 20), ("C", 20, 30), ("D", 30, 40)], Open: null, OutOfOrder: 0, Next: null),
        ["last milestone reached by skipping leaves no open step"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("B", 10), ("D", 40)],
            Events: [("B", 0, 10), ("D", 10, 40)], Open: null, OutOfOrder: 0, Next: null),
        ["unknown milestone is ignored"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("?", 5), ("A", 10)],
            Events: [("A", 0, 10)], Open: ("B", 10, 100), OutOfOrder: 0, Next: "B"),
        ["company whose track starts after asOf contributes nothing"] = new(
            Start: 120, Archived: null, AsOf: 100, Achieved: [("A", 90)],
            Events: [], Open: null, OutOfOrder: 0, Next: null),
        ["duplicate achievement of a milestone counts its earliest time"] = new(
            Start: 0, Archived: null, AsOf: 100, Achieved: [("A", 30), ("A", 10)],
            Events: [("A", 0, 10)], Open: ("B", 10, 100), OutOfOrder: 0, Next: "B"),
        ["fractional days are hours divided by 24"] = new(
            Start: 0, Archived: null, AsOf: 10, Achieved: [("A", 1.0 / 24 * 36)],
            Events: [("A", 0, 1.5)], Open: ("B", 1.5, 10), OutOfOrder: 0, Next: "B"),
    };

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void StepsFollowTheTrackRules(string rule)
    {
        var spec = Rules[rule];
        var company = new CompanyHistory(
            Guid.NewGuid(),
            At(spec.Start),
            spec.Archived is { } archived ? At(archived) : null,
            [.. spec.Achieved.Select(a => new Achievement(a.Milestone == "?" ? Unknown : Milestone(a.Milestone).MilestoneId, At(a.Day)))]);

        var steps = StepBuilder.Build(Track, company, At(spec.AsOf));

        Assert.Equal(
            spec.Events.Select(e => (e.Milestone, e.From, e.To)),
            steps.Completed.Select(s => (TitleOf(s.MilestoneId), DayOf(s.StartedAt), DayOf(s.EndedAt))));
        Assert.All(steps.Completed, s => Assert.True(s.IsEvent));
        Assert.All(steps.Completed, s => Assert.Equal(DayOf(s.EndedAt) - DayOf(s.StartedAt), s.DurationDays, 1e-9));

        if (spec.Open is { } open)
        {
            Assert.NotNull(steps.Open);
            var actual = steps.Open.Value;
            Assert.False(actual.IsEvent);
            Assert.Equal((open.Milestone, open.From, open.To), (TitleOf(actual.MilestoneId), DayOf(actual.StartedAt), DayOf(actual.EndedAt)));
            Assert.Equal(open.To - open.From, actual.DurationDays, 1e-9);
        }
        else
        {
            Assert.Null(steps.Open);
        }

        Assert.Equal(spec.OutOfOrder, steps.OutOfOrder);
        Assert.Equal(spec.Next, steps.NextMilestone?.Title);
        Assert.Equal(spec.Start <= spec.AsOf, steps.HasStarted);
    }

    [Fact]
    public void StepIndexesFollowOrderIndexNotListOrder()
    {
        var company = new CompanyHistory(Guid.NewGuid(), Day0, null, [new Achievement(C.MilestoneId, At(5))]);

        var steps = StepBuilder.Build(Track, company, At(10));

        Assert.Equal(2, steps.Completed.Single().StepIndex);
        Assert.Equal(3, steps.Open!.Value.StepIndex);
    }

    [Fact]
    public void OutOfOrderAchievementRecordsWhereItsStepWouldHaveStarted()
    {
        var company = new CompanyHistory(
            Guid.NewGuid(), Day0, null, [new Achievement(A.MilestoneId, At(30)), new Achievement(B.MilestoneId, At(20))]);

        var steps = StepBuilder.Build(Track, company, At(100));

        var skipped = Assert.Single(steps.OutOfOrderAchievements);
        Assert.Equal(B.MilestoneId, skipped.MilestoneId);
        Assert.Equal(At(30), skipped.StepStartedAt);
        Assert.Equal(At(20), skipped.AchievedAt);
    }

    [Fact]
    public void ResultInstantsAreUtc()
    {
        var unspecified = DateTime.SpecifyKind(At(10), DateTimeKind.Unspecified);
        var company = new CompanyHistory(Guid.NewGuid(), Day0, null, [new Achievement(A.MilestoneId, unspecified)]);

        var steps = StepBuilder.Build(Track, company, At(20));

        Assert.Equal(DateTimeKind.Utc, steps.Completed[0].EndedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, steps.Open!.Value.EndedAt.Kind);
    }

    [Fact]
    public void LocalTimesAreRejected()
    {
        var company = new CompanyHistory(Guid.NewGuid(), Day0, null, []);

        Assert.Throws<ArgumentException>(() => StepBuilder.Build(Track, company, new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Local)));
    }

    [Fact]
    public void TrackWithDuplicateOrderIndexIsRejected()
    {
        var company = new CompanyHistory(Guid.NewGuid(), Day0, null, []);
        TrackMilestone[] track = [A, B with { OrderIndex = A.OrderIndex }];

        Assert.Throws<ArgumentException>(() => StepBuilder.Build(track, company, At(10)));
    }

    private static DateTime At(double day) => Day0.AddTicks((long)Math.Round(day * TimeSpan.TicksPerDay));

    private static double DayOf(DateTime instant) => (instant - Day0).Ticks / (double)TimeSpan.TicksPerDay;

    private static TrackMilestone Milestone(string title) => Track.Single(m => m.Title == title);

    private static string TitleOf(Guid milestoneId) => Track.Single(m => m.MilestoneId == milestoneId).Title;

    private sealed record StepRule(
        double Start,
        double? Archived,
        double AsOf,
        (string Milestone, double Day)[] Achieved,
        (string Milestone, double From, double To)[] Events,
        (string Milestone, double From, double To)? Open,
        int OutOfOrder,
        string? Next);
}
