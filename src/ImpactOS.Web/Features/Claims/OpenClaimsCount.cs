using ImpactOS.Web.Analytics;
using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ImpactOS.Web.Features.Claims;

/// <summary>How many claims wait for a coach.</summary>
public sealed record OpenClaims(int Count);

/// <summary>The navigation's "to verify" count, kept per organization in the
/// <see cref="AnalyticsCache"/>: every staff page showed it with a query of its own (issue 20). A
/// claim made, approved or declined reloads it, here at once and on other instances when the
/// broadcast arrives.</summary>
public sealed class OpenClaimsCount(AppDbContext db, AnalyticsCache cache, AnalyticsReads reads) : CachedAnalytic<OpenClaimsKey, OpenClaims>(cache, reads), IAffectedByWrites
{
    /// <summary>Staff see every company's claims; the count is the organization's whoever loads it first.</summary>
    private static readonly string[] Lifted = [QueryFilters.CompanyScope];

    public async Task<int> GetAsync(CancellationToken cancellationToken) =>
        (await GetAsync(new OpenClaimsKey(db.CurrentUser.RequiredTenantId), cancellationToken)).Count;

    public static IEnumerable<AnalyticsChange> AffectedBy(EntityEntry entry, SavedRowFacts facts) => entry.Entity switch
    {
        MilestoneClaim claim => [AnalyticsChange.Reload(new OpenClaimsKey(claim.TenantId))],
        _ => [],
    };

    /// <summary>One count over the (tenant, status) index.</summary>
    protected override async Task<OpenClaims> LoadAsync(OpenClaimsKey key, AppDbContext db, CancellationToken cancellationToken) =>
        new(await db.MilestoneClaims.IgnoreQueryFilters(Lifted).CountAsync(c => c.Status == ClaimStatus.Open, cancellationToken));

    protected override Task<OpenClaims> PatchAsync(OpenClaimsKey key, AppDbContext db, OpenClaims previous, IReadOnlySet<Guid> changedCompanies, CancellationToken cancellationToken) =>
        LoadAsync(key, db, cancellationToken);
}
