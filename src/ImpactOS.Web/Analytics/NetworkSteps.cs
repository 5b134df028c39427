using ImpactOS.Core.Velocity;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Analytics;

/// <summary>One active step of a contributing organization's company's track, as the network read
/// answers it: opaque ordinals (meaningful within one read only), the step's order on the company's
/// own track, the System Standard milestone it counts for (null when the organization added it),
/// and offsets in ticks from the company's own track start. No id, name or date.</summary>
public sealed class NetworkStepRow
{
    public int Organization { get; set; }
    public long Company { get; set; }
    public int OrderIndex { get; set; }
    public Guid? StandardMilestoneId { get; set; }
    public long? AchievedTicks { get; set; }
    public long AsOfTicks { get; set; }
    public long? ArchivedTicks { get; set; }
    public string? Closure { get; set; }
    public long? ClosureTicks { get; set; }
}

/// <summary>The network benchmark's one read across organizations, and what its rows become.</summary>
/// <remarks>On PostgreSQL it is the <c>SECURITY DEFINER</c> function
/// <see cref="PostgresRowLevelSecurity.NetworkStepsFunction"/> (owned by its own role; row-level
/// security stays forced for everything else). On SQLite (one process, embedded) the same rows are
/// read here, the one place in the application where the tenant query filter is lifted for
/// another organization's companies and milestones; nothing but these rows leaves this class.
/// Both answer nothing unless the caller's organization contributes.</remarks>
public static class NetworkSteps
{
    /// <summary>The instant the offsets are laid out from: any fixed one works (only differences count).</summary>
    private static readonly DateTime Origin = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<IReadOnlyList<NetworkStepRow>> ReadAsync(AppDbContext db, DateTime asOf, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
        {
            return await db.Database.SqlQueryRaw<NetworkStepRow>(
                    $"SELECT organization, company, order_index, standard_milestone_id, achieved_ticks, as_of_ticks, archived_ticks, closure, closure_ticks FROM {PostgresRowLevelSecurity.NetworkStepsFunction}({{0}})",
                    asOf)
                .ToListAsync(cancellationToken);
        }

        return await ReadEmbeddedAsync(db, asOf, cancellationToken);
    }

    /// <summary>SQLite: the function's rows, computed here with the tenant filter lifted (and only here).</summary>
    private static async Task<IReadOnlyList<NetworkStepRow>> ReadEmbeddedAsync(AppDbContext db, DateTime asOf, CancellationToken cancellationToken)
    {
        var caller = db.CurrentUser.TenantId;
        var contributing = await db.TenantConfigs.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.ContributeToNetwork).Select(c => c.TenantId).ToListAsync(cancellationToken);
        if (caller is not { } callerId || !contributing.Contains(callerId))
        {
            return [];
        }

        var steps = await db.MilestoneDefinitions.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.ArchivedAt == null && (m.TenantId == null || contributing.Contains(m.TenantId.Value)))
            .Select(m => new { m.Id, m.TrackId, m.OrderIndex, Standard = m.TenantId == null ? m.Id : m.StandardMilestoneId })
            .ToListAsync(cancellationToken);
        var stepsOf = steps.ToLookup(s => s.TrackId);
        var networkTracks = steps.Where(s => s.Standard != null).Select(s => s.TrackId).ToHashSet();
        var companies = (await db.Companies.IgnoreQueryFilters().AsNoTracking()
                .Where(c => contributing.Contains(c.TenantId))
                .Select(c => new { c.Id, c.TenantId, c.MilestoneTrackId, c.FoundedOn, c.CreatedAt, c.ArchivedAt, c.Outcome, c.OutcomeOn })
                .ToListAsync(cancellationToken))
            .Where(c => networkTracks.Contains(c.MilestoneTrackId))
            .ToList();
        var achieved = (await db.CompanyMilestones.IgnoreQueryFilters().AsNoTracking()
                .Where(m => contributing.Contains(m.TenantId) && m.Status == MilestoneStatus.Achieved && m.AchievedAt != null)
                .Select(m => new { m.CompanyId, m.MilestoneId, AchievedAt = m.AchievedAt!.Value })
                .ToListAsync(cancellationToken))
            .GroupBy(m => (m.CompanyId, m.MilestoneId))
            .ToDictionary(g => g.Key, g => g.Min(m => m.AchievedAt));

        // Opaque ordinals, shuffled per read as the function's hashes are.
        var organizations = contributing.OrderBy(_ => Random.Shared.Next()).Select((t, i) => (t, i + 1)).ToDictionary(p => p.t, p => p.Item2);
        var rows = new List<NetworkStepRow>();
        long ordinal = 0;
        foreach (var c in companies.OrderBy(_ => Random.Shared.Next()))
        {
            ordinal++;
            var start = Company.StartOfTrack(c.FoundedOn, c.CreatedAt);
            var closure = Company.ClosureOf(c.Outcome, c.OutcomeOn);
            foreach (var s in stepsOf[c.MilestoneTrackId])
            {
                rows.Add(new NetworkStepRow
                {
                    Organization = organizations[c.TenantId],
                    Company = ordinal,
                    OrderIndex = s.OrderIndex,
                    StandardMilestoneId = s.Standard,
                    AchievedTicks = achieved.TryGetValue((c.Id, s.Id), out var at) ? (at - start).Ticks : null,
                    AsOfTicks = (asOf - start).Ticks,
                    ArchivedTicks = c.ArchivedAt is { } archived ? (archived - start).Ticks : null,
                    Closure = closure is null ? null : CompanyOutcomes.Code(c.Outcome),
                    ClosureTicks = closure is { } cl ? (cl.At - start).Ticks : null,
                });
            }
        }

        return rows;
    }

    /// <summary>The rows as the network calculator's companies: each laid out from one origin, its
    /// track with the standard's milestone ids where a step has one (any other step gets an id of
    /// its own, which counts for no network step).</summary>
    public static IEnumerable<NetworkCompany> Companies(IReadOnlyList<NetworkStepRow> rows)
    {
        foreach (var company in rows.GroupBy(r => r.Company))
        {
            var first = company.First();
            var track = new List<TrackMilestone>();
            var achievements = new List<Achievement>();
            var used = new HashSet<Guid>();
            foreach (var row in company)
            {
                var id = row.StandardMilestoneId is { } standard && used.Add(standard) ? standard : Guid.NewGuid();
                track.Add(new TrackMilestone(id, row.OrderIndex, ""));
                if (row.AchievedTicks is { } achieved)
                {
                    achievements.Add(new Achievement(id, Origin.AddTicks(achieved)));
                }
            }

            CompanyClosure? closure = first is { Closure: { } kind, ClosureTicks: { } closed }
                ? new CompanyClosure(kind == CompanyOutcomes.Code(CompanyOutcome.ShutDown) ? StepEnd.ShutDown : StepEnd.Acquired, Origin.AddTicks(closed))
                : null;
            var history = new CompanyHistory(Guid.NewGuid(), Origin, first.ArchivedTicks is { } a ? Origin.AddTicks(a) : null, achievements, closure);
            yield return new NetworkCompany(first.Organization, track, history, Origin.AddTicks(first.AsOfTicks));
        }
    }
}
