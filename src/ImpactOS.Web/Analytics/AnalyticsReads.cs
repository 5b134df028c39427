using ImpactOS.Web.Data;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImpactOS.Web.Analytics;

/// <summary>The one place that hands out the database for the heavy reads: the cached analytics'
/// loads and patches (velocity, reports, program effects, network benchmark) and the CSV exports.
/// With <c>ConnectionStrings__ReadReplica</c> they run on the streaming replica when it is
/// reachable, within its allowed lag and past the read's fence (<see cref="ReplicaFences"/>);
/// otherwise, and whenever the replica fails mid-read, on the primary (the request's own context).
/// Everything else (every write, and every page shown right after one) uses the primary.</summary>
/// <remarks>The replica's context has the same tenant session as the request's (the same
/// <c>SET ROLE</c> and <c>app.tenant_id</c>, so the same row-level security), tracks nothing, and
/// refuses <c>SaveChanges</c>: a hot standby takes no writes, and nothing here tries.</remarks>
public sealed class AnalyticsReads(AppDbContext primary, CurrentUser currentUser, ReplicaFences fences, TimeProvider clock, IServiceProvider services) : IAsyncDisposable
{
    private readonly ReadReplica? _replica = services.GetService<ReadReplica>();
    private PostgresAppDbContext? _replicaContext;

    /// <summary>The request's own context, on the primary.</summary>
    public AppDbContext Primary => primary;

    /// <summary>Runs a read of what <paramref name="key"/> is cached from.</summary>
    public Task<T> RunAsync<T>(AnalyticsKey key, Func<AppDbContext, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        RunAsync(_replica is null ? 0 : fences.For(key), read, cancellationToken);

    /// <summary>Runs a read of the current organization's rows (an export; without an organization
    /// in scope row-level security shows nothing, so there is nothing to fence).</summary>
    public Task<T> RunForTenantAsync<T>(Func<AppDbContext, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        RunAsync(_replica is null || currentUser.TenantId is not { } tenantId ? 0 : fences.ForTenant(tenantId), read, cancellationToken);

    private async Task<T> RunAsync<T>(long fence, Func<AppDbContext, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (_replica is not null)
        {
            if (await _replica.ServesAsync(fence, cancellationToken))
            {
                try
                {
                    var result = await read(ReplicaContext(_replica), cancellationToken);
                    _replica.CountRead(onReplica: true);
                    return result;
                }
                catch (Exception e) when (ReadReplica.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
                {
                    // A read changes nothing, so it is simply read again from the primary.
                    _replica.MarkUnreachable(e);
                    await DropReplicaContextAsync();
                }
            }

            _replica.CountRead(onReplica: false);
        }

        return await read(primary, cancellationToken);
    }

    private PostgresAppDbContext ReplicaContext(ReadReplica replica)
    {
        if (_replicaContext is null)
        {
            var builder = DatabaseSetup.ConfigurePostgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), replica.DataSource)
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                .AddInterceptors(new TenantSessionInterceptor(currentUser), ReadOnlyContext.Instance);
            _replicaContext = new PostgresAppDbContext(builder.Options, currentUser, clock);
        }

        return _replicaContext;
    }

    private async Task DropReplicaContextAsync()
    {
        if (_replicaContext is { } context)
        {
            _replicaContext = null;
            await context.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => _replicaContext?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Refuses every save on the replica's context: a programming error, never input.</summary>
    private sealed class ReadOnlyContext : SaveChangesInterceptor
    {
        public static readonly ReadOnlyContext Instance = new();

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
            throw new InvalidOperationException("The read replica's context is read-only: write through the request's own context.");

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The read replica's context is read-only: write through the request's own context.");
    }
}
