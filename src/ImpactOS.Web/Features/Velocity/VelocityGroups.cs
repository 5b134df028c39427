using ImpactOS.Web.Analytics;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Velocity;

public sealed record GroupStepDto(Guid MilestoneId, int Events, double? MedianDays);

public sealed record VelocityGroupDto(string Kind, Guid? Id, string Name, int Companies, IReadOnlyList<GroupStepDto> Steps);

public sealed record VelocityByGroupDto(Guid TrackId, string TrackTitle, DateTime AsOf, IReadOnlyList<MilestoneRef> Milestones, IReadOnlyList<VelocityGroupDto> Groups);

/// <summary>Velocity by program and by coach: each group's companies on a track as their own
/// Kaplan–Meier cohort, beside the whole track. (Companies ever enrolled in a program form its group.)</summary>
public sealed class VelocityGroups(AppDbContext db, TrackSnapshots snapshots, ReportClock clock)
{
    public async Task<Outcome<VelocityByGroupDto>> ForTrackAsync(Guid trackId, DateTime? asOf, CancellationToken cancellationToken)
    {
        var title = await db.MilestoneTracks.AsNoTracking().Where(t => t.Id == trackId).Select(t => t.Title).FirstOrDefaultAsync(cancellationToken);
        if (title is null)
        {
            return Failure.NotFound();
        }

        var at = clock.AsOf(asOf);
        var snapshot = await snapshots.GetAsync(trackId, cancellationToken);
        var companyIds = snapshot.Companies.Keys.ToHashSet();
        var enrolments = await db.ProgramEnrollments.IgnoreQueryFilters([QueryFilters.CompanyScope]).AsNoTracking()
            .Select(e => new { e.ProgramId, e.CompanyId, Program = e.Program!.Name })
            .ToListAsync(cancellationToken);
        var coaches = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        var groups = new List<VelocityGroupDto> { Group("track", null, "All companies on the track", snapshot, companyIds, at) };
        foreach (var program in enrolments.Where(e => companyIds.Contains(e.CompanyId)).GroupBy(e => (e.ProgramId, e.Program)).OrderBy(g => g.Key.Program))
        {
            groups.Add(Group("program", program.Key.ProgramId, program.Key.Program, snapshot, program.Select(e => e.CompanyId).ToHashSet(), at));
        }

        foreach (var coach in snapshot.Companies.Values.Where(c => c.CoachUserId is not null).GroupBy(c => c.CoachUserId!.Value).OrderBy(g => coaches.GetValueOrDefault(g.Key)))
        {
            groups.Add(Group("coach", coach.Key, coaches.GetValueOrDefault(coach.Key) ?? "Former coach", snapshot, coach.Select(c => c.Id).ToHashSet(), at));
        }

        return new VelocityByGroupDto(trackId, title, at, snapshot.Milestones.Select(m => new MilestoneRef(m.MilestoneId, m.Title, m.OrderIndex)).ToList(), groups);
    }

    private static VelocityGroupDto Group(string kind, Guid? id, string name, TrackSnapshot snapshot, IReadOnlySet<Guid> companies, DateTime asOf)
    {
        var velocity = kind == "track" ? snapshot.At(asOf).Track : snapshot.For(companies, asOf);
        return new VelocityGroupDto(kind, id, name, velocity.Companies,
            velocity.Steps.Select(s => new GroupStepDto(s.MilestoneId, s.Events, s.MedianDays)).ToList());
    }

    public sealed record GroupRow(string Group, string Name, int Companies, string Milestone, int OrderIndex, int Events, double? MedianDays);

    public static IEnumerable<GroupRow> Rows(VelocityByGroupDto report) =>
        report.Groups.SelectMany(g => g.Steps.Zip(report.Milestones, (s, m) => new GroupRow(g.Kind, g.Name, g.Companies, m.Title, m.OrderIndex, s.Events, s.MedianDays is { } days ? Math.Round(days, 1) : null)));
}
