using System.Diagnostics;
using ImpactOS.Web.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ImpactOS.Web.Data;

/// <summary>What the app last learnt about the read replica.</summary>
public enum ReplicaCondition
{
    /// <summary>Not asked yet.</summary>
    Unknown,

    /// <summary>A standby in recovery, replaying within <see cref="DatabaseOptions.ReplicaMaxLag"/>: it serves the analytics reads.</summary>
    Streaming,

    /// <summary>A standby further behind than allowed (or with its replay paused and WAL waiting): reads go to the primary.</summary>
    Lagging,

    /// <summary>It did not answer, or is no standby (promoted, or the primary by mistake): reads go to the primary.</summary>
    Unreachable,
}

/// <summary>The replica's state at one moment. <see cref="Lag"/> is how long ago the last replayed
/// transaction committed on the primary when WAL is still waiting to be replayed, zero when
/// everything received is replayed; <see cref="LagBytes"/> is the primary's WAL position minus
/// the replica's replay position.</summary>
public sealed record ReplicaStatus(ReplicaCondition Condition, TimeSpan? Lag, long? LagBytes, long ReplayLsn, bool ReplayPaused, string? Problem, long CheckedAt)
{
    public static readonly ReplicaStatus NotChecked = new(ReplicaCondition.Unknown, null, null, 0, false, null, 0);

    public bool ServesReads => Condition == ReplicaCondition.Streaming;

    /// <summary>The state in words, as the health report gives it.</summary>
    public string Describe(TimeSpan maxLag)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var lag = Lag is { } l ? l.TotalSeconds.ToString("0.0", culture) + " s behind" : "lag unknown";
        var bytes = LagBytes is { } b ? $", {b.ToString(culture)} bytes of WAL" : "";
        var paused = ReplayPaused ? ", replay paused" : "";
        return Condition switch
        {
            ReplicaCondition.Streaming => $"replica streaming ({lag}{bytes}); analytics, exports and reports read from it",
            ReplicaCondition.Lagging => $"replica lagging ({lag}{bytes}{paused}; at most {maxLag.TotalSeconds.ToString("0.#", culture)} s allowed): reads fall back to the primary",
            ReplicaCondition.Unreachable => $"replica unreachable ({Problem}): reads fall back to the primary",
            _ => "replica not checked yet",
        };
    }
}

/// <summary>The streaming replica of <c>ConnectionStrings__ReadReplica</c>: its connection pool and
/// what is known of its state. The state is read again at most every
/// <see cref="DatabaseOptions.ReplicaRecheckInterval"/>, by whichever read (or health check) needs
/// it first; a read that fails on the replica marks it unreachable until then, so a dead replica
/// costs one failed attempt per interval, not one per request.</summary>
public sealed class ReadReplica(NpgsqlDataSource replica, NpgsqlDataSource primary, DatabaseOptions options, ILogger<ReadReplica> logger) : IAsyncDisposable
{
    /// <summary>Run on the replica: is it a standby, how far has it replayed, is replay paused, and
    /// how old is the last transaction it replayed when WAL still waits (zero when none does).</summary>
    private const string ReplicaQuery = """
        SELECT pg_is_in_recovery(),
               COALESCE((pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint, 0),
               CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END,
               CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0.0
                    ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 END
        """;

    public const string PrimaryLsnQuery = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint";

    private readonly SemaphoreSlim _probing = new(1, 1);
    private ReplicaStatus _status = ReplicaStatus.NotChecked;
    private long _replicaReads;
    private long _primaryReads;

    /// <summary>Where the replica's connections come from.</summary>
    public NpgsqlDataSource DataSource => replica;

    public ReplicaStatus Status => Volatile.Read(ref _status);

    public DatabaseOptions Options => options;

    /// <summary>Analytics reads served by the replica since start.</summary>
    public long ReplicaReads => Interlocked.Read(ref _replicaReads);

    /// <summary>Analytics reads that went to the primary although a replica is configured.</summary>
    public long PrimaryReads => Interlocked.Read(ref _primaryReads);

    /// <summary>Called before the primary's position is read with the state; what it returns is
    /// called with the position: the write fences that could not learn their own settle on it
    /// (see <c>ReplicaFences</c>).</summary>
    public event Func<Action<long>?>? PrimaryPositionReading;

    internal void CountRead(bool onReplica) => Interlocked.Increment(ref onReplica ? ref _replicaReads : ref _primaryReads);

    /// <summary>May a read that must see every write up to <paramref name="fence"/> (a WAL position
    /// on the primary, 0 for none) go to the replica? Reads the state again when it is older than
    /// the recheck interval, and the replay position when the last one is short of the fence.</summary>
    public async Task<bool> ServesAsync(long fence, CancellationToken cancellationToken)
    {
        var status = Status;
        if (IsStale(status))
        {
            status = await CheckAsync(onlyIfStale: true, cancellationToken);
        }

        if (!status.ServesReads)
        {
            return false;
        }

        if (status.ReplayLsn >= fence)
        {
            return true;
        }

        if (fence == long.MaxValue)
        {
            // A write whose position is not known yet (see ReplicaFences): only the primary has it for sure.
            return false;
        }

        // The write came after the last look: has the replica replayed it by now?
        try
        {
            await using var command = replica.CreateCommand("SELECT COALESCE((pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint, 0)");
            return (long)(await command.ExecuteScalarAsync(cancellationToken))! >= fence;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            MarkUnreachable(e);
            return false;
        }
    }

    private bool IsStale(ReplicaStatus status) =>
        status.Condition == ReplicaCondition.Unknown || Stopwatch.GetElapsedTime(status.CheckedAt) >= options.ReplicaRecheckInterval;

    /// <summary>Reads the replica's state now (one query on it, one on the primary); with
    /// <paramref name="onlyIfStale"/>, not when another read did while this one waited its turn.</summary>
    public async Task<ReplicaStatus> CheckAsync(bool onlyIfStale, CancellationToken cancellationToken)
    {
        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (onlyIfStale && !IsStale(Status))
            {
                return Status;
            }

            var status = await ReadStateAsync(cancellationToken);
            if (status.Condition != Status.Condition)
            {
                logger.LogWarning("Read replica: {State}", status.Describe(options.ReplicaMaxLag));
            }

            Volatile.Write(ref _status, status);
            return status;
        }
        finally
        {
            _probing.Release();
        }
    }

    private async Task<ReplicaStatus> ReadStateAsync(CancellationToken cancellationToken)
    {
        long? primaryLsn = null;
        var settle = PrimaryPositionReading?.Invoke();
        try
        {
            await using var command = primary.CreateCommand(PrimaryLsnQuery);
            primaryLsn = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            settle?.Invoke(primaryLsn.Value);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            // The primary's own health check says so; the replica's state is still worth knowing.
        }

        try
        {
            await using var command = replica.CreateCommand(ReplicaQuery);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var inRecovery = reader.GetBoolean(0);
            var replay = reader.GetInt64(1);
            var paused = reader.GetBoolean(2);
            TimeSpan? lag = reader.IsDBNull(3) ? null : TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(3)));
            long? lagBytes = primaryLsn is { } p ? Math.Max(0, p - replay) : null;
            var now = Stopwatch.GetTimestamp();
            if (!inRecovery)
            {
                return new ReplicaStatus(ReplicaCondition.Unreachable, null, null, 0, false, "the server is not a standby in recovery", now);
            }

            // Unknown time lag (nothing replayed since it started) with WAL waiting counts as lagging.
            var behind = lag is { } l ? l > options.ReplicaMaxLag : lagBytes is not 0;
            return new ReplicaStatus(behind ? ReplicaCondition.Lagging : ReplicaCondition.Streaming, lag, lagBytes, replay, paused, null, now);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            return new ReplicaStatus(ReplicaCondition.Unreachable, null, null, 0, false, Reason(e), Stopwatch.GetTimestamp());
        }
    }

    public ValueTask DisposeAsync() => replica.DisposeAsync();

    /// <summary>A read failed on the replica: leave it alone until the next recheck.</summary>
    public void MarkUnreachable(Exception e)
    {
        logger.LogWarning("Read replica failed a read ({Message}); reads fall back to the primary", e.Message);
        Volatile.Write(ref _status, new ReplicaStatus(ReplicaCondition.Unreachable, null, null, 0, false, Reason(e), Stopwatch.GetTimestamp()));
    }

    private static string Reason(Exception e) => (e.InnerException is { } inner && e is NpgsqlException and not PostgresException ? inner.Message : e.Message).ReplaceLineEndings(" ");

    /// <summary>A failure of the replica rather than of the query: it is down, refused the
    /// connection, is shutting down, or cancelled the query for a conflict with recovery. The same
    /// read on the primary will do.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.InvalidCatalogName,
        NpgsqlException => true,
        TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        InvalidOperationException { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };
}

/// <summary>The replica in the health report: streaming is healthy; lagging or unreachable is
/// degraded, not unhealthy (the primary serves every read meanwhile, so the app still answers).</summary>
public sealed class ReadReplicaHealthCheck(ReadReplica replica) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await replica.CheckAsync(onlyIfStale: false, cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["condition"] = status.Condition.ToString(),
            ["replicaReads"] = replica.ReplicaReads,
            ["primaryReads"] = replica.PrimaryReads,
        };
        if (status.Lag is { } lag)
        {
            data["lagSeconds"] = lag.TotalSeconds;
        }

        var description = status.Describe(replica.Options.ReplicaMaxLag);
        return status.ServesReads ? HealthCheckResult.Healthy(description, data) : HealthCheckResult.Degraded(description, data: data);
    }
}
