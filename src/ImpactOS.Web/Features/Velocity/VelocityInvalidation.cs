using System.Data.Common;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImpactOS.Web.Features.Velocity;

/// <summary>The one place analytics caches learn about writes: any saved change to a company, a
/// company milestone or a milestone definition invalidates the snapshots of the tracks involved,
/// and a change to companies, achievements, programs or enrolments the tenant's report inputs,
/// once the change is committed. No use case has to remember to do it.</summary>
public sealed class VelocityInvalidation(VelocityCache cache, IVelocityBroadcast broadcast) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            var tracks = KnownTracks(MilestoneIds(context), out var unknown);
            Remember(tracks, unknown.Count == 0 ? [] : LookupQuery(context, unknown).ToList());
            Collect(context, tracks);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context;
        if (context is not null)
        {
            var tracks = KnownTracks(MilestoneIds(context), out var unknown);
            Remember(tracks, unknown.Count == 0 ? [] : await LookupQuery(context, unknown).ToListAsync(cancellationToken));
            Collect(context, tracks);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        FlushUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        FlushUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext app)
        {
            app.ClearPendingInvalidations();
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    /// <summary>The tracks of the changed milestones that are already known; a milestone's track
    /// never changes, so each is asked of the database once per process.</summary>
    private Dictionary<Guid, Guid> KnownTracks(List<Guid> milestoneIds, out List<Guid> unknown)
    {
        var known = new Dictionary<Guid, Guid>();
        unknown = [];
        foreach (var id in milestoneIds)
        {
            if (cache.TrackOfMilestone(id) is { } track)
            {
                known[id] = track;
            }
            else
            {
                unknown.Add(id);
            }
        }

        return known;
    }

    private void Remember(Dictionary<Guid, Guid> tracks, List<MilestoneOnTrack> found)
    {
        foreach (var (milestoneId, trackId) in found)
        {
            cache.RememberTrackOfMilestone(milestoneId, trackId);
            tracks[milestoneId] = trackId;
        }
    }

    private static void Collect(DbContext context, Dictionary<Guid, Guid> tracks)
    {
        if (context is not AppDbContext app)
        {
            return;
        }

        var pending = app.PendingTrackInvalidations;
        var milestoneTenants = new List<(Guid MilestoneId, Guid Tenant, Guid Company)>();
        foreach (var entry in app.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Company company:
                    pending.Add((company.TenantId, VelocityCache.TenantReports));
                    pending.Add((company.TenantId, company.MilestoneTrackId));
                    if (entry.State == EntityState.Modified)
                    {
                        pending.Add((company.TenantId, (Guid)entry.Property(nameof(Company.MilestoneTrackId)).OriginalValue!));
                    }

                    break;
                case CompanyMilestone milestone:
                    app.PendingCompanyPatches.Add((milestone.TenantId, VelocityCache.TenantReports, milestone.CompanyId));
                    milestoneTenants.Add((milestone.MilestoneId, milestone.TenantId, milestone.CompanyId));
                    break;
                case Programs.ProgramEnrollment enrollment:
                    pending.Add((enrollment.TenantId, VelocityCache.TenantReports));
                    break;
                case Programs.SupportProgram program:
                    pending.Add((program.TenantId, VelocityCache.TenantReports));
                    break;
                case MilestoneDefinition definition:
                    // A System Standard's step changed: every tenant's snapshot of that track.
                    pending.Add((definition.TenantId ?? Guid.Empty, definition.TrackId));
                    break;
            }
        }

        foreach (var (milestoneId, tenant, company) in milestoneTenants)
        {
            if (tracks.TryGetValue(milestoneId, out var trackId))
            {
                app.PendingCompanyPatches.Add((tenant, trackId, company));
            }
        }
    }

    private static List<Guid> MilestoneIds(DbContext context) =>
        context.ChangeTracker.Entries<CompanyMilestone>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity.MilestoneId).Distinct().ToList();

    private static IQueryable<MilestoneOnTrack> LookupQuery(DbContext context, IReadOnlyCollection<Guid> ids) =>
        context.Set<MilestoneDefinition>().IgnoreQueryFilters().AsNoTracking()
            .Where(m => ids.Contains(m.Id))
            .Select(m => new MilestoneOnTrack(m.Id, m.TrackId));

    private void FlushUnlessInTransaction(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Flush(context);
        }
    }

    private void Flush(DbContext? context)
    {
        if (context is not AppDbContext app)
        {
            return;
        }

        // Other instances reload what changed; this one patches the companies it knows changed.
        var full = app.PendingTrackInvalidations;
        broadcast.Publish(full.Union(app.PendingCompanyPatches.Select(p => (p.Tenant, p.Track))).ToList());
        foreach (var patch in app.PendingCompanyPatches.Where(p => !full.Contains((p.Tenant, p.Track))).GroupBy(p => (p.Tenant, p.Track)))
        {
            cache.Patch(patch.Key.Tenant, patch.Key.Track, patch.Select(p => p.Company).ToList());
        }

        foreach (var (tenant, track) in full)
        {
            if (tenant == Guid.Empty)
            {
                cache.InvalidateEverywhere(track);
            }
            else
            {
                cache.Invalidate(tenant, track);
            }
        }

        app.ClearPendingInvalidations();
    }

    private sealed record MilestoneOnTrack(Guid MilestoneId, Guid TrackId);
}
