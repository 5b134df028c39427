using System.Collections.Concurrent;
using ImpactOS.Core.Attribution;
using ImpactOS.Core.Effects;
using ImpactOS.Core.Velocity;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ImpactOS.Web.Analytics;

/// <summary>What the program-effects model of a tenant is fitted to: every track's steps and, per
/// company on it, its history, enrolments and meetings. The counting-process data and the fits are
/// memoized per (as of, track, by), so a report read twice within a minute is fitted once.</summary>
public sealed class EffectsInputs
{
    private readonly IReadOnlyList<TrackEffectsInput> _tracks;
    private readonly BoundedMemo<(DateTime AsOf, Guid? TrackId)> _data = new(8);
    private readonly BoundedMemo<(DateTime AsOf, Guid? TrackId, EffectsBy By)> _fits = new(16);

    // The rows an earlier version of these inputs had built, per key: the build after a write
    // reuses those of the companies it did not change. Each is used once, then let go.
    private readonly ConcurrentDictionary<(DateTime AsOf, Guid? TrackId), CountingProcess> _earlierRows;

    public EffectsInputs(IReadOnlyList<TrackEffectsInput> tracks, IReadOnlyList<ProgramInfo> programs, EffectsInputs? earlier = null)
    {
        _tracks = tracks;
        Programs = programs;
        _earlierRows = new(earlier?._data.Values<Lazy<CountingProcess>>()
            .Where(entry => entry.Value.IsValueCreated)
            .Select(entry => KeyValuePair.Create(entry.Key, entry.Value.Value)) ?? []);

        // A version nobody read (a mark, then its undo, before the next read) built nothing: the
        // rows it was handed pass on, so the read after several writes still reuses them. Its own
        // rows come first (they are newer); it is let go once this version is made.
        if (earlier is not null)
        {
            foreach (var handed in earlier._earlierRows)
            {
                _earlierRows.TryAdd(handed.Key, handed.Value);
            }
        }
    }

    public IReadOnlyList<TrackEffectsInput> Tracks => _tracks;

    /// <summary>Every program of the tenant, archived ones too (their enrolments still count).</summary>
    public IReadOnlyList<ProgramInfo> Programs { get; }

    /// <summary>The counting-process rows of every track, or of one.</summary>
    public CountingProcess Data(DateTime asOf, Guid? trackId) =>
        _data.GetOrAdd((asOf, trackId), key => new Lazy<CountingProcess>(() =>
        {
            _earlierRows.TryRemove(key, out var earlier); // used once, then let go
            var tracks = key.TrackId is { } id ? _tracks.Where(t => t.TrackId == id).ToList() : _tracks;
            return CountingProcessBuilder.Build(tracks, key.AsOf, earlier);
        })).Value;

    /// <summary>The model on <see cref="Data"/>; concurrent first readers share one fit.</summary>
    public ProgramEffects Effects(DateTime asOf, Guid? trackId, EffectsBy by) =>
        _fits.GetOrAdd((asOf, trackId, by), key => new Lazy<ProgramEffects>(() =>
            ProgramEffectsCalculator.Compute(Data(key.AsOf, key.TrackId), key.By))).Value;
}

/// <summary>The tenant's program-effects inputs, loaded in six queries, patched per changed company
/// (a mark, an enrolment, a meeting), and reloaded when a company, a program or a step changes.</summary>
public sealed class ProgramEffectsInputs(AppDbContext db, AnalyticsCache cache, AnalyticsReads reads) : CachedAnalytic<ProgramEffectsKey, EffectsInputs>(cache, reads), IAffectedByWrites
{
    /// <summary>Cohorts are the whole tenant's (the founder's scope is lifted, never the tenant
    /// filter); archived companies count until the day they were archived.</summary>
    private static readonly string[] Lifted = [QueryFilters.CompanyScope, QueryFilters.Archived];

    /// <summary>This tenant's inputs.</summary>
    public Task<EffectsInputs> GetAsync(CancellationToken cancellationToken) =>
        GetAsync(new ProgramEffectsKey(db.CurrentUser.RequiredTenantId), cancellationToken);

    public static IEnumerable<AnalyticsChange> AffectedBy(EntityEntry entry, SavedRowFacts facts) => entry.Entity switch
    {
        Company company => [AnalyticsChange.Reload(new ProgramEffectsKey(company.TenantId))],
        CompanyMilestone milestone => [AnalyticsChange.OfCompany(new ProgramEffectsKey(milestone.TenantId), milestone.CompanyId)],
        ProgramEnrollment enrollment => [AnalyticsChange.OfCompany(new ProgramEffectsKey(enrollment.TenantId), enrollment.CompanyId)],
        Interaction interaction => [AnalyticsChange.OfCompany(new ProgramEffectsKey(interaction.TenantId), interaction.CompanyId)],
        SupportProgram program => [AnalyticsChange.Reload(new ProgramEffectsKey(program.TenantId))],
        MilestoneDefinition { TenantId: { } tenantId } => [AnalyticsChange.Reload(new ProgramEffectsKey(tenantId))],
        MilestoneDefinition => [AnalyticsChange.Reload(SystemStandardsKey.Instance)],
        _ => [],
    };

    protected override async Task<EffectsInputs> LoadAsync(ProgramEffectsKey key, AppDbContext db, CancellationToken cancellationToken)
    {
        var milestones = (await db.MilestoneDefinitions.AsNoTracking()
                .Select(m => new { m.TrackId, Milestone = new TrackMilestone(m.Id, m.OrderIndex, m.Title) })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.TrackId, m => m.Milestone);
        var companies = await db.Companies.IgnoreQueryFilters(Lifted).AsNoTracking()
            .Select(c => new CompanyRow(c.Id, c.MilestoneTrackId, c.FoundedOn, c.CreatedAt, c.ArchivedAt, c.Outcome, c.OutcomeOn))
            .ToListAsync(cancellationToken);
        var parts = await PartsAsync(db.CompanyMilestones, db.ProgramEnrollments, db.Interactions, cancellationToken);
        var programs = await db.Programs.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .OrderBy(p => p.StartsOn).ThenBy(p => p.Name)
            .Select(p => new ProgramInfo(p.Id, p.Name))
            .ToListAsync(cancellationToken);

        var tracks = companies
            .GroupBy(c => c.TrackId)
            .Where(g => milestones.Contains(g.Key))
            .OrderBy(g => g.Key)
            .Select(g => new TrackEffectsInput(g.Key, milestones[g.Key].ToList(), g.Select(c => parts.For(c)).ToList()))
            .ToList();
        return new EffectsInputs(tracks, programs);
    }

    /// <summary>The previous inputs with the changed companies' achievements, enrolments and
    /// meetings read again: three small queries instead of a million meetings.</summary>
    protected override async Task<EffectsInputs> PatchAsync(ProgramEffectsKey key, AppDbContext db, EffectsInputs previous, IReadOnlySet<Guid> changed, CancellationToken cancellationToken)
    {
        var ids = changed.ToList();
        var parts = await PartsAsync(
            db.CompanyMilestones.Where(m => ids.Contains(m.CompanyId)),
            db.ProgramEnrollments.Where(e => ids.Contains(e.CompanyId)),
            db.Interactions.Where(i => ids.Contains(i.CompanyId)),
            cancellationToken);
        var tracks = previous.Tracks
            .Select(t => t.Companies.Any(c => changed.Contains(c.History.CompanyId))
                ? t with { Companies = t.Companies.Select(c => changed.Contains(c.History.CompanyId) ? parts.Replace(c) : c).ToList() }
                : t)
            .ToList();
        return new EffectsInputs(tracks, previous.Programs, earlier: previous);
    }

    private sealed record CompanyRow(Guid Id, Guid TrackId, DateOnly? FoundedOn, DateTime CreatedAt, DateTime? ArchivedAt, CompanyOutcome Outcome, DateOnly? OutcomeOn);

    /// <summary>Per company: achievements on its own track, enrolment windows and meeting instants.</summary>
    private sealed class Parts(ILookup<Guid, Achievement> achievements, ILookup<Guid, ProgramEnrolment> enrolments, ILookup<Guid, DateTime> meetings)
    {
        public CompanyEffectsInput For(CompanyRow c) => new(
            // A closed company's open step ends (censored) at its outcome, as in the velocity analytics.
            new CompanyHistory(c.Id, Company.StartOfTrack(c.FoundedOn, c.CreatedAt), c.ArchivedAt, achievements[c.Id].ToList(), Company.ClosureOf(c.Outcome, c.OutcomeOn)),
            enrolments[c.Id].ToList(),
            meetings[c.Id].ToList());

        public CompanyEffectsInput Replace(CompanyEffectsInput previous)
        {
            var id = previous.History.CompanyId;
            return new(previous.History with { Achievements = achievements[id].ToList() }, enrolments[id].ToList(), meetings[id].ToList());
        }
    }

    private static async Task<Parts> PartsAsync(
        IQueryable<CompanyMilestone> milestones, IQueryable<ProgramEnrollment> enrollments, IQueryable<Interaction> interactions, CancellationToken cancellationToken)
    {
        // Only achievements on the company's current track: a company moved to another track
        // starts that track's steps afresh, as in the velocity analytics.
        var achieved = await milestones.IgnoreQueryFilters(Lifted).AsNoTracking()
            .Where(m => m.Status == MilestoneStatus.Achieved && m.AchievedAt != null && m.Milestone!.TrackId == m.Company!.MilestoneTrackId)
            .Select(m => new { m.CompanyId, m.MilestoneId, AchievedAt = m.AchievedAt!.Value })
            .ToListAsync(cancellationToken);
        var windows = await enrollments.IgnoreQueryFilters([QueryFilters.CompanyScope]).AsNoTracking()
            .Select(e => new { e.CompanyId, e.ProgramId, e.EnrolledOn, e.ExitedOn })
            .ToListAsync(cancellationToken);

        // Meetings and calls count as coaching; emails and notes do not. An archived (deleted)
        // interaction no longer happened.
        var met = await interactions.IgnoreQueryFilters([QueryFilters.CompanyScope]).AsNoTracking()
            .Where(i => i.Kind == InteractionKind.Meeting || i.Kind == InteractionKind.Call)
            .Select(i => new { i.CompanyId, i.OccurredAt })
            .ToListAsync(cancellationToken);
        return new Parts(
            achieved.ToLookup(a => a.CompanyId, a => new Achievement(a.MilestoneId, a.AchievedAt)),
            windows.ToLookup(e => e.CompanyId, e => new ProgramEnrolment(e.ProgramId, e.EnrolledOn, e.ExitedOn)),
            met.ToLookup(m => m.CompanyId, m => m.OccurredAt));
    }
}
