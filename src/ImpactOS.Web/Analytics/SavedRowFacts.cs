using System.Collections.Concurrent;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Analytics;

/// <summary>What the analytics need to know about a save that is not on its rows: the track of each
/// changed company milestone (a row names its milestone, not the milestone's track).</summary>
public sealed class SavedRowFacts(IReadOnlyDictionary<Guid, Guid> trackOfMilestone)
{
    public Guid? TrackOfMilestone(Guid milestoneId) => trackOfMilestone.TryGetValue(milestoneId, out var track) ? track : null;
}

/// <summary>Finds the <see cref="SavedRowFacts"/> of a save. A milestone's track never changes, so
/// each is asked of the database once per process.</summary>
public sealed class SavedRowFactFinder
{
    private readonly ConcurrentDictionary<Guid, Guid> _trackOfMilestone = new();

    public SavedRowFacts Find(DbContext context)
    {
        var unknown = UnknownMilestones(context);
        return Remember(unknown.Count == 0 ? [] : LookupQuery(context, unknown).ToList());
    }

    public async Task<SavedRowFacts> FindAsync(DbContext context, CancellationToken cancellationToken)
    {
        var unknown = UnknownMilestones(context);
        return Remember(unknown.Count == 0 ? [] : await LookupQuery(context, unknown).ToListAsync(cancellationToken));
    }

    /// <summary>The milestones of the changed company milestones whose track is not yet known.</summary>
    private List<Guid> UnknownMilestones(DbContext context) =>
        context.ChangeTracker.Entries<CompanyMilestone>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity.MilestoneId)
            .Where(id => !_trackOfMilestone.ContainsKey(id))
            .Distinct().ToList();

    private SavedRowFacts Remember(List<MilestoneOnTrack> found)
    {
        foreach (var (milestoneId, trackId) in found)
        {
            _trackOfMilestone[milestoneId] = trackId;
        }

        return new SavedRowFacts(_trackOfMilestone);
    }

    private static IQueryable<MilestoneOnTrack> LookupQuery(DbContext context, IReadOnlyCollection<Guid> ids) =>
        context.Set<MilestoneDefinition>().IgnoreQueryFilters().AsNoTracking()
            .Where(m => ids.Contains(m.Id))
            .Select(m => new MilestoneOnTrack(m.Id, m.TrackId));

    private sealed record MilestoneOnTrack(Guid MilestoneId, Guid TrackId);
}
