using System.Buffers.Binary;
using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ImpactOS.Web.Features.Imports;

/// <summary>One import at a time per organization. An import looks companies up by name and
/// creates the ones it does not find; two imports of the same file side by side would both miss
/// and both create. So an import runs in a transaction that first takes a lock, and does its
/// lookups under it: the next import of the organization waits, then sees what the first wrote.</summary>
internal static class ImportLock
{
    /// <summary>The class of the two-key PostgreSQL advisory locks held by imports (a key space
    /// apart from the one-key locks taken elsewhere, e.g. row-level security provisioning).</summary>
    private const int LockClass = 7245002;

    /// <summary>Begins the import's transaction (or joins the request's) holding the organization's
    /// import lock until it ends. PostgreSQL: a transaction-scoped advisory lock keyed by tenant.
    /// SQLite: Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE, which takes the
    /// database's one write lock at once, so the lookups already run under it.</summary>
    public static async Task<IDbContextTransaction?> BeginAsync(AppDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginUnlessInTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, {Key(tenantId)})", cancellationToken);
        }

        return transaction;
    }

    /// <summary>32 bits of the tenant id (the random end of a version 7 uuid): stable across
    /// processes, which a hash code is not promised to be. Two tenants sharing a key only wait for each other.</summary>
    private static int Key(Guid tenantId) => BinaryPrimitives.ReadInt32LittleEndian(tenantId.ToByteArray().AsSpan(12));
}
