using ImpactOS.Core.Timeline;

namespace ImpactOS.Core.Tests.Timeline;

public sealed class TimelineStoryTests
{
    private static DateTime Day(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    private static StoryEntry Entry(TimelineKind kind, DateTime at, string label = "x") => new(kind, at, Guid.NewGuid(), label);

    [Fact]
    public void EntriesAreGroupedByMonthInTheirOrder()
    {
        var entries = new[]
        {
            Entry(TimelineKind.Interaction, Day(3, 20)),
            Entry(TimelineKind.Milestone, Day(3, 2)),
            Entry(TimelineKind.Update, Day(2, 28)),
            Entry(TimelineKind.Interaction, Day(1, 5)),
        };
        var months = TimelineStory.ByMonth(entries);
        Assert.Equal([(2026, 3), (2026, 2), (2026, 1)], months.Select(m => (m.Year, m.Month)));
        Assert.Equal(2, months[0].Entries.Count);
        Assert.Same(entries[0], months[0].Entries[0]);
    }

    [Fact]
    public void GapsAreWholeDaysToTheNextOlderEntry()
    {
        var entries = new[] { Entry(TimelineKind.Interaction, Day(3, 20)), Entry(TimelineKind.Milestone, Day(3, 2, 18)), Entry(TimelineKind.Update, Day(3, 2, 6)) };
        var gaps = TimelineStory.GapsToOlder(entries);
        Assert.Equal(17, gaps[entries[0].Key]);
        Assert.Equal(0, gaps[entries[1].Key]);
        Assert.False(gaps.ContainsKey(entries[2].Key));
    }

    [Fact]
    public void TheLeadUpCountsInteractionsInTheThirtyDaysBeforeAMilestone()
    {
        var milestone = Entry(TimelineKind.Milestone, Day(4, 1), "Problem Validation");
        var interactions = new[] { Day(3, 1), Day(3, 2), Day(3, 10), Day(3, 25), Day(3, 31, 23), Day(4, 1, 12), Day(4, 2) };
        var leadUp = Assert.Single(TimelineStory.LeadUps([milestone], interactions));
        // 2 March 12:00 is exactly 30 days before (in); 1 March is not; the one at the same instant is not before.
        Assert.Equal(4, leadUp.Interactions);
        Assert.Equal("Problem Validation", leadUp.Milestone);
        Assert.Equal(30, leadUp.Days);
    }

    [Fact]
    public void AMilestoneWithoutCoachingBeforeItHasNoLeadUp()
    {
        var milestone = Entry(TimelineKind.Milestone, Day(4, 1));
        Assert.Empty(TimelineStory.LeadUps([milestone], [Day(1, 1), Day(4, 5)]));
    }

    [Fact]
    public void FourInteractionsWithinThirtyDaysMakeACluster()
    {
        var times = new[] { Day(1, 1), Day(2, 1), Day(2, 5), Day(2, 12), Day(2, 20), Day(2, 27), Day(5, 1) };
        var cluster = Assert.Single(TimelineStory.DenseRuns(times));
        Assert.Equal(Day(2, 1), cluster.From);
        Assert.Equal(Day(2, 27), cluster.To);
        Assert.Equal(5, cluster.Interactions);
    }

    [Fact]
    public void SparseCoachingMakesNoCluster()
    {
        Assert.Empty(TimelineStory.DenseRuns([Day(1, 1), Day(1, 20), Day(2, 15), Day(3, 10)]));
        Assert.Empty(TimelineStory.DenseRuns([]));
    }

    [Fact]
    public void ClustersComeNewestFirst()
    {
        var times = new[] { Day(1, 1), Day(1, 3), Day(1, 5), Day(1, 7), Day(6, 1), Day(6, 2), Day(6, 3), Day(6, 4) };
        var clusters = TimelineStory.DenseRuns(times);
        Assert.Equal([Day(6, 1), Day(1, 1)], clusters.Select(c => c.From));
    }
}
