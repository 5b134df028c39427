using ImpactOS.Core.Timeline;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Timeline;

/// <summary>A page of the timeline with its story: months, gaps, the coaching before milestones,
/// and dense runs of coaching.</summary>
public sealed record TimelineView(
    Guid CompanyId,
    IReadOnlyList<TimelineMonthView> Months,
    IReadOnlyDictionary<Guid, int> Gaps,
    IReadOnlyDictionary<Guid, LeadUp> LeadUps,
    IReadOnlyList<Cluster> Clusters,
    string? NextCursor,
    IReadOnlySet<TimelineKind> Kinds,
    IReadOnlyList<TimelineKind> AvailableKinds,
    bool Filtered)
{
    public static async Task<TimelineView> BuildAsync(CompanyTimeline timeline, Guid companyId, Page<TimelineItem> page, IReadOnlySet<TimelineKind> kinds, IReadOnlyList<TimelineKind> available, CancellationToken cancellationToken)
    {
        var stories = page.Items.Select(CompanyTimeline.ToStory).ToList();
        var items = page.Items.ToDictionary(i => i.RefId);
        var milestones = stories.Where(s => s.Kind == TimelineKind.Milestone).ToList();
        IReadOnlyList<DateTime> times = [];
        if (milestones.Count > 0)
        {
            var from = milestones.Min(m => m.OccurredAt).AddDays(-TimelineStory.LeadUpDays);
            var to = milestones.Max(m => m.OccurredAt);
            times = await timeline.InteractionTimesAsync(companyId, from, to, cancellationToken);
        }

        var leadUps = TimelineStory.LeadUps(milestones, times).ToDictionary(l => l.MilestoneKey);
        var clusters = TimelineStory.DenseRuns(page.Items.Where(i => i.Kind == TimelineKind.Interaction).Select(i => i.OccurredAt).ToList());
        var months = TimelineStory.ByMonth(stories)
            .Select(m => new TimelineMonthView(new DateTime(m.Year, m.Month, 1, 0, 0, 0, DateTimeKind.Utc), m.Entries.Select(e => items[e.Key]).ToList()))
            .ToList();
        return new TimelineView(companyId, months, TimelineStory.GapsToOlder(stories), leadUps, clusters, page.NextCursor, kinds, available, kinds.Count < available.Count);
    }

    public string? ClusterNote(TimelineItem item)
    {
        var cluster = Clusters.FirstOrDefault(c => c.To == item.OccurredAt);
        return cluster is null || item.Kind != TimelineKind.Interaction ? null : $"{cluster.Interactions} interactions in {Math.Max(1, (int)Math.Ceiling((cluster.To - cluster.From).TotalDays))} days";
    }
}

public sealed record TimelineMonthView(DateTime Month, IReadOnlyList<TimelineItem> Items);
