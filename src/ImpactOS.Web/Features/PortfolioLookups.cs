using ImpactOS.Web.Analytics;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ImpactOS.Web.Features;

/// <summary>What the portfolio shows around its rows, as read in one round trip: the
/// organization's name, the tracks its companies are on, and the three filter lists.</summary>
public sealed class PortfolioLookupRows(IReadOnlyList<PickerRow> rows)
{
    /// <summary>The lists' numbers beside the filter lists' own (<see cref="TrackOptions.List"/>,
    /// <see cref="ProgramDirectory.PickerList"/>, <see cref="CoachOptions.List"/>).</summary>
    public const int TracksInUseList = 3;

    public const int NameList = 4;

    public string? Name { get; } = rows.FirstOrDefault(r => r.List == NameList)?.Name;

    /// <summary>Every track at least one active company is on (the portfolio lists them in turn).</summary>
    public IReadOnlyList<(Guid Id, string Title)> TracksInUse { get; } = [.. rows.Where(r => r.List == TracksInUseList).Select(r => (r.Id, r.Name))];

    private IEnumerable<PickerRow> Of(int list) => rows.Where(r => r.List == list);

    /// <summary>The filter lists with the chosen entries selected (a new list per request: a select
    /// list item carries its selection).</summary>
    public (IReadOnlyList<SelectListItem> Tracks, IReadOnlyList<SelectListItem> Programs, IReadOnlyList<SelectListItem> Coaches) Filters(Guid? track, Guid? program, Guid? coach) => (
        TrackOptions.ToSelectList(Of(TrackOptions.List), track),
        PickerRows.ToSelectList(Of(ProgramDirectory.PickerList), program),
        PickerRows.ToSelectList(Of(CoachOptions.List), coach));
}

/// <summary>The portfolio's lookups, kept per organization in the <see cref="AnalyticsCache"/>. They
/// change rarely and were read on every view of the busiest page (issue 20: three round trips of
/// its seven); a write of a name, a track, a program, an account or a company reloads them, here
/// at once and on other instances when the broadcast arrives. Each list's query stays in its own
/// service; this only joins them by UNION ALL.</summary>
public sealed class PortfolioLookups(AppDbContext db, AnalyticsCache cache, AnalyticsReads reads) : CachedAnalytic<PortfolioLookupsKey, PortfolioLookupRows>(cache, reads), IAffectedByWrites
{
    /// <summary>The portfolio is staff's, who see every company; the lookups are the whole
    /// organization's whoever loads them first.</summary>
    private static readonly string[] Lifted = [QueryFilters.CompanyScope];

    /// <summary>This organization's lookups.</summary>
    public Task<PortfolioLookupRows> GetAsync(CancellationToken cancellationToken) =>
        GetAsync(new PortfolioLookupsKey(db.CurrentUser.RequiredTenantId), cancellationToken);

    public static IEnumerable<AnalyticsChange> AffectedBy(EntityEntry entry, SavedRowFacts facts) => entry.Entity switch
    {
        Tenant tenant => [AnalyticsChange.Reload(new PortfolioLookupsKey(tenant.Id))],
        MilestoneTrack { TenantId: { } tenantId } => [AnalyticsChange.Reload(new PortfolioLookupsKey(tenantId))],
        MilestoneTrack => [AnalyticsChange.Reload(SystemStandardsKey.Instance)],
        SupportProgram program => [AnalyticsChange.Reload(new PortfolioLookupsKey(program.TenantId))],
        AppUser { TenantId: { } tenantId } => [AnalyticsChange.Reload(new PortfolioLookupsKey(tenantId))],
        Company company => [AnalyticsChange.Reload(new PortfolioLookupsKey(company.TenantId))],
        _ => [],
    };

    protected override async Task<PortfolioLookupRows> LoadAsync(PortfolioLookupsKey key, AppDbContext db, CancellationToken cancellationToken)
    {
        var companies = db.Companies.IgnoreQueryFilters(Lifted);
        var tracksInUse = db.MilestoneTracks.AsNoTracking()
            .Where(t => companies.Any(c => c.MilestoneTrackId == t.Id))
            .Select(t => new PickerRow { List = PortfolioLookupRows.TracksInUseList, Id = t.Id, Name = t.Title, First = false });
        var name = db.Tenants.AsNoTracking().Where(t => t.Id == key.TenantId)
            .Select(t => new PickerRow { List = PortfolioLookupRows.NameList, Id = t.Id, Name = t.Name, First = false });
        var rows = await TrackOptions.Rows(db).Concat(ProgramDirectory.FilterRows(db)).Concat(CoachOptions.Rows(db))
            .Concat(tracksInUse).Concat(name).Ordered().ToListAsync(cancellationToken);
        return new PortfolioLookupRows(rows);
    }

    /// <summary>Nothing here is per company: a change reloads the whole (one query).</summary>
    protected override Task<PortfolioLookupRows> PatchAsync(PortfolioLookupsKey key, AppDbContext db, PortfolioLookupRows previous, IReadOnlySet<Guid> changedCompanies, CancellationToken cancellationToken) =>
        LoadAsync(key, db, cancellationToken);
}
