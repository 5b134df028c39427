using ImpactOS.Core.Attribution;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ImpactOS.Web.Analytics;

/// <summary>What a tenant's reports (Attribution Rate, Program Lift) are computed from, with the
/// reports already computed from it (per period; "now" is resolved to the minute by the
/// <see cref="ReportClock"/>, so repeated reads share one computation).</summary>
public sealed class ReportInputs(IReadOnlyList<CompanyExposure> companies, IReadOnlyList<ProgramInfo> programs)
{
    private readonly BoundedMemo<(string Report, ReportPeriod Period)> _results = new(32);

    public IReadOnlyList<CompanyExposure> Companies => companies;

    public IReadOnlyList<ProgramInfo> Programs => programs;

    public T Result<T>(string report, ReportPeriod period, Func<T> compute)
        where T : class =>
        _results.GetOrAdd((report, period), _ => compute());
}

/// <summary>The tenant's report inputs: every company's start, archival, windows and achievements,
/// and the programs, loaded in four queries, patched per changed company, and stale when a
/// company, an achievement, a program or an enrolment is written.</summary>
public sealed class TenantReportInputs(AppDbContext db, AnalyticsCache cache, AnalyticsReads reads) : CachedAnalytic<TenantReportsKey, ReportInputs>(cache, reads), IAffectedByWrites
{
    private static readonly string[] Lifted = [QueryFilters.CompanyScope, QueryFilters.Archived];

    /// <summary>This tenant's inputs.</summary>
    public Task<ReportInputs> GetAsync(CancellationToken cancellationToken) =>
        GetAsync(new TenantReportsKey(db.CurrentUser.RequiredTenantId), cancellationToken);

    public static IEnumerable<AnalyticsChange> AffectedBy(EntityEntry entry, SavedRowFacts facts) => entry.Entity switch
    {
        Company company => [AnalyticsChange.Reload(new TenantReportsKey(company.TenantId))],
        CompanyMilestone milestone => [AnalyticsChange.OfCompany(new TenantReportsKey(milestone.TenantId), milestone.CompanyId)],
        ProgramEnrollment enrollment => [AnalyticsChange.Reload(new TenantReportsKey(enrollment.TenantId))],
        SupportProgram program => [AnalyticsChange.Reload(new TenantReportsKey(program.TenantId))],
        _ => [],
    };

    protected override async Task<ReportInputs> LoadAsync(TenantReportsKey key, AppDbContext db, CancellationToken cancellationToken)
    {
        var companies = await db.Companies.IgnoreQueryFilters(Lifted).AsNoTracking()
            .Select(c => new { c.Id, c.FoundedOn, c.CreatedAt, c.ArchivedAt })
            .ToListAsync(cancellationToken);
        var windows = (await db.ProgramEnrollments.IgnoreQueryFilters([QueryFilters.CompanyScope]).AsNoTracking()
                .Select(e => new { e.CompanyId, e.ProgramId, e.EnrolledOn, e.ExitedOn })
                .ToListAsync(cancellationToken))
            .ToLookup(e => e.CompanyId, e => new EnrollmentWindow(e.ProgramId, e.EnrolledOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), e.ExitedOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        var achievements = await AchievementsAsync(db.CompanyMilestones, cancellationToken);
        var programs = await db.Programs.AsNoTracking().OrderBy(p => p.StartsOn).ThenBy(p => p.Name)
            .Select(p => new ProgramInfo(p.Id, p.Name)).ToListAsync(cancellationToken);
        var exposures = companies.Select(c => new CompanyExposure(
            c.Id, Company.StartOfTrack(c.FoundedOn, c.CreatedAt), c.ArchivedAt, windows[c.Id].ToList(), achievements[c.Id].ToList())).ToList();
        return new ReportInputs(exposures, programs);
    }

    /// <summary>The inputs with the changed companies' achievements read again (after a mark or an undo).</summary>
    protected override async Task<ReportInputs> PatchAsync(TenantReportsKey key, AppDbContext db, ReportInputs previous, IReadOnlySet<Guid> changed, CancellationToken cancellationToken)
    {
        var ids = changed.ToList();
        var achievements = await AchievementsAsync(db.CompanyMilestones.Where(m => ids.Contains(m.CompanyId)), cancellationToken);
        var exposures = previous.Companies
            .Select(c => changed.Contains(c.CompanyId) ? c with { Achievements = achievements[c.CompanyId].ToList() } : c)
            .ToList();
        return new ReportInputs(exposures, previous.Programs);
    }

    /// <summary>When each company reached its milestones (any track), by company.</summary>
    private static async Task<ILookup<Guid, DateTime>> AchievementsAsync(IQueryable<CompanyMilestone> milestones, CancellationToken cancellationToken) =>
        (await milestones.IgnoreQueryFilters([QueryFilters.CompanyScope]).AsNoTracking()
            .Where(m => m.Status == MilestoneStatus.Achieved && m.AchievedAt != null)
            .Select(m => new { m.CompanyId, AchievedAt = m.AchievedAt!.Value })
            .ToListAsync(cancellationToken))
        .ToLookup(a => a.CompanyId, a => a.AchievedAt);
}
