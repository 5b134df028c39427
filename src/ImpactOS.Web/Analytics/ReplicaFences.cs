using System.Collections.Concurrent;
using ImpactOS.Web.Data;
using Npgsql;

namespace ImpactOS.Web.Analytics;

/// <summary>Per cached-analytics key, the primary's WAL position just after the last write that made
/// it stale (this instance's writes, and the other instances' as their broadcasts say). A value is
/// read from the replica only once the replica has replayed past its key's fence: a cache reloaded
/// from a replica that has not yet replayed the write would keep the stale value (and patch later
/// writes onto it). See decision 8.</summary>
public sealed class ReplicaFences
{
    private readonly NpgsqlDataSource? _primary;
    private readonly ILogger<ReplicaFences>? _logger;
    private readonly ConcurrentDictionary<AnalyticsKey, long> _fences = new();
    private long _all;

    /// <summary>Keys whose write position could not be read: fenced off the replica until the
    /// next reading of the primary's position (which is past those writes).</summary>
    private readonly ConcurrentDictionary<AnalyticsKey, bool> _unsettled = new();

    /// <summary>No replica: nothing is fenced and no position is ever read.</summary>
    public ReplicaFences()
    {
    }

    public ReplicaFences(NpgsqlDataSource primary, ReadReplica replica, ILogger<ReplicaFences> logger)
    {
        _primary = primary;
        _logger = logger;
        replica.PrimaryPositionReading += BeforePrimaryPositionRead;
    }

    /// <summary>A replica is configured, so writes record their position.</summary>
    public bool Enabled => _primary is not null;

    /// <summary>The position a read of <paramref name="key"/> must see: its own fence, its wider key's, and the fence on everything.</summary>
    public long For(AnalyticsKey key)
    {
        if (_unsettled.ContainsKey(key) || (key.Within is { } wider && _unsettled.ContainsKey(wider)) || _unsettled.ContainsKey(Everything.Instance))
        {
            return long.MaxValue;
        }

        var fence = Math.Max(_fences.GetValueOrDefault(key), Interlocked.Read(ref _all));
        return key.Within is { } w ? Math.Max(fence, _fences.GetValueOrDefault(w)) : fence;
    }

    /// <summary>The fence of everything an organization's rows feed (its reports and program
    /// effects): what an export of its rows must see.</summary>
    public long ForTenant(Guid tenantId) => Math.Max(For(new TenantReportsKey(tenantId)), For(new ProgramEffectsKey(tenantId)));

    /// <summary>These keys were made stale by writes committed at or before <paramref name="lsn"/>.</summary>
    public void Record(IEnumerable<AnalyticsKey> keys, long lsn)
    {
        foreach (var key in keys)
        {
            _fences.AddOrUpdate(key, lsn, (_, old) => Math.Max(old, lsn));
        }
    }

    /// <summary>Everything may have changed by <paramref name="lsn"/>.</summary>
    public void RecordAll(long lsn)
    {
        long current;
        while ((current = Interlocked.Read(ref _all)) < lsn && Interlocked.CompareExchange(ref _all, lsn, current) != current)
        {
        }
    }

    /// <summary>Reads the primary's position now (after the writes committed) and fences the keys at it.</summary>
    public async Task RecordCommittedAsync(IReadOnlyCollection<AnalyticsKey> keys, CancellationToken cancellationToken)
    {
        if (_primary is null || keys.Count == 0)
        {
            return;
        }

        try
        {
            await using var command = _primary.CreateCommand(ReadReplica.PrimaryLsnQuery);
            Record(keys, (long)(await command.ExecuteScalarAsync(cancellationToken))!);
        }
        catch (Exception e) when (ReadReplica.IsUnavailable(e) || e is OperationCanceledException)
        {
            Unsettle(keys, e);
        }
    }

    /// <summary>As <see cref="RecordCommittedAsync"/>, for a synchronous save.</summary>
    public void RecordCommitted(IReadOnlyCollection<AnalyticsKey> keys)
    {
        if (_primary is null || keys.Count == 0)
        {
            return;
        }

        try
        {
            using var command = _primary.CreateCommand(ReadReplica.PrimaryLsnQuery);
            Record(keys, (long)command.ExecuteScalar()!);
        }
        catch (Exception e) when (ReadReplica.IsUnavailable(e))
        {
            Unsettle(keys, e);
        }
    }

    private void Unsettle(IReadOnlyCollection<AnalyticsKey> keys, Exception e)
    {
        _logger?.LogWarning("Could not read the primary's WAL position after a write ({Message}); those analytics read from the primary until it is read", e.Message);
        foreach (var key in keys)
        {
            _unsettled[key] = true;
        }
    }

    /// <summary>A broadcast that said "everything" without a position.</summary>
    public void UnsettleAll() => _unsettled[Everything.Instance] = true;

    /// <summary>Before the primary's position is read: the keys unsettled so far, which every write
    /// committed before that reading covers; they settle at the position read.</summary>
    private Action<long>? BeforePrimaryPositionRead()
    {
        var keys = _unsettled.Keys.ToList();
        if (keys.Count == 0)
        {
            return null;
        }

        return lsn =>
        {
            foreach (var key in keys)
            {
                if (_unsettled.TryRemove(key, out _))
                {
                    if (key is Everything)
                    {
                        RecordAll(lsn);
                    }
                    else
                    {
                        Record([key], lsn);
                    }
                }
            }
        };
    }

    /// <summary>Stands for every key in <see cref="_unsettled"/>.</summary>
    private sealed record Everything : AnalyticsKey
    {
        public static readonly Everything Instance = new();

        public override string ToWire() => "*";
    }
}
