namespace ImpactOS.Core.Timeline;

/// <summary>The kinds of entry on a company's timeline.</summary>
public enum TimelineKind
{
    Milestone,
    Interaction,
    Update,
    Program,
}

/// <summary>One entry, as the storytelling needs it.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="OccurredAt">When (UTC).</param>
/// <param name="Key">A stable identity of the entry.</param>
/// <param name="Label">What to call it in a sentence ("Problem Validation", "meeting").</param>
public sealed record StoryEntry(TimelineKind Kind, DateTime OccurredAt, Guid Key, string Label);

/// <summary>A month of the timeline, newest first like the entries inside it.</summary>
public sealed record TimelineMonth(int Year, int Month, IReadOnlyList<StoryEntry> Entries);

/// <summary>"4 meetings in the 30 days before Problem Validation": the coaching that preceded an achievement.</summary>
public sealed record LeadUp(Guid MilestoneKey, string Milestone, int Interactions, int Days);

/// <summary>A dense run of interactions: at least <see cref="TimelineStory.DenseCount"/> within
/// <see cref="TimelineStory.DenseDays"/> days.</summary>
public sealed record Cluster(DateTime From, DateTime To, int Interactions);

/// <summary>Turns a company's entries into a story of cause and effect: months, the gaps between
/// entries, the coaching that led up to each milestone, and dense runs of coaching.</summary>
public static class TimelineStory
{
    public const int LeadUpDays = 30;
    public const int DenseCount = 4;
    public const int DenseDays = 30;

    /// <summary>Groups newest-first entries by calendar month (UTC), keeping their order.</summary>
    public static IReadOnlyList<TimelineMonth> ByMonth(IEnumerable<StoryEntry> newestFirst)
    {
        var months = new List<TimelineMonth>();
        List<StoryEntry>? current = null;
        (int Year, int Month) key = default;
        foreach (var entry in newestFirst)
        {
            var entryKey = (entry.OccurredAt.Year, entry.OccurredAt.Month);
            if (current is null || entryKey != key)
            {
                current = [];
                key = entryKey;
                months.Add(new TimelineMonth(key.Year, key.Month, current));
            }

            current.Add(entry);
        }

        return months;
    }

    /// <summary>Whole days between an entry and the next older one (null for the oldest).</summary>
    public static IReadOnlyDictionary<Guid, int> GapsToOlder(IReadOnlyList<StoryEntry> newestFirst)
    {
        var gaps = new Dictionary<Guid, int>();
        for (var i = 0; i + 1 < newestFirst.Count; i++)
        {
            gaps[newestFirst[i].Key] = (int)Math.Floor((newestFirst[i].OccurredAt - newestFirst[i + 1].OccurredAt).TotalDays);
        }

        return gaps;
    }

    /// <summary>For each milestone entry, how many interactions happened in the
    /// <see cref="LeadUpDays"/> days before it (from <paramref name="interactionTimes"/>, which may
    /// reach beyond the page shown). Milestones with none are left out.</summary>
    public static IReadOnlyList<LeadUp> LeadUps(IEnumerable<StoryEntry> milestones, IReadOnlyList<DateTime> interactionTimes)
    {
        var sorted = interactionTimes.Order().ToArray();
        var leadUps = new List<LeadUp>();
        foreach (var milestone in milestones.Where(m => m.Kind == TimelineKind.Milestone))
        {
            var from = milestone.OccurredAt.AddDays(-LeadUpDays);
            var count = CountInRange(sorted, from, milestone.OccurredAt);
            if (count > 0)
            {
                leadUps.Add(new LeadUp(milestone.Key, milestone.Label, count, LeadUpDays));
            }
        }

        return leadUps;
    }

    /// <summary>Maximal runs in which every interaction has at least <see cref="DenseCount"/> − 1
    /// others within <see cref="DenseDays"/> days of the run's window; returned newest first.</summary>
    public static IReadOnlyList<Cluster> DenseRuns(IReadOnlyList<DateTime> interactionTimes)
    {
        var times = interactionTimes.Order().ToArray();
        var clusters = new List<Cluster>();
        var i = 0;
        while (i < times.Length)
        {
            // The longest window starting at i that spans at most DenseDays.
            var j = i;
            while (j + 1 < times.Length && (times[j + 1] - times[i]).TotalDays <= DenseDays)
            {
                j++;
            }

            if (j - i + 1 >= DenseCount)
            {
                // Extend while the next interaction still keeps a dense window ending at it.
                var end = j;
                while (end + 1 < times.Length && CountInRange(times, times[end + 1].AddDays(-DenseDays), times[end + 1].AddTicks(1)) >= DenseCount)
                {
                    end++;
                }

                clusters.Add(new Cluster(times[i], times[end], end - i + 1));
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        clusters.Reverse();
        return clusters;
    }

    /// <summary>Number of sorted times in [from, to).</summary>
    private static int CountInRange(DateTime[] sorted, DateTime from, DateTime to)
    {
        var lo = LowerBound(sorted, from);
        var hi = LowerBound(sorted, to);
        return hi - lo;
    }

    private static int LowerBound(DateTime[] sorted, DateTime value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
