using Npgsql;

namespace ImpactOS.Web.Analytics;

/// <summary>Tells the other instances of the app which cached analytics a write made stale, so
/// their caches drop them at once instead of waiting out <see cref="AnalyticsCache.MaxAge"/>.
/// PostgreSQL LISTEN/NOTIFY on one channel; on SQLite (one instance) there is nobody to tell.</summary>
public interface IAnalyticsBroadcast
{
    void Publish(IReadOnlyCollection<AnalyticsKey> changes);
}

public sealed class NoAnalyticsBroadcast : IAnalyticsBroadcast
{
    public void Publish(IReadOnlyCollection<AnalyticsKey> changes)
    {
    }
}

/// <summary>Publishes and listens on the <c>impactos_velocity</c> channel: a notification is the
/// sending instance's id, then the changed keys (<see cref="AnalyticsKey.ToWire"/>), separated by
/// <c>;</c>, or <c>*</c> for "everything", then <c>@</c> and the primary's WAL position when it was
/// sent (after the writes committed): the fence a read replica must pass before the receivers
/// read those keys from it (<see cref="ReplicaFences"/>).</summary>
public sealed class PostgresAnalyticsBroadcast(NpgsqlDataSource dataSource, AnalyticsCache cache, ReplicaFences fences, ILogger<PostgresAnalyticsBroadcast> logger)
    : BackgroundService, IAnalyticsBroadcast
{
    private const string Channel = "impactos_velocity";
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Changes waiting to be sent. Writes only enqueue; one sender drains the queue and
    /// sends what gathered as one notification, so a burst of writes costs a few NOTIFYs, not one
    /// round trip (on a connection of its own) each.</summary>
    private readonly System.Threading.Channels.Channel<AnalyticsKey> _outbox =
        System.Threading.Channels.Channel.CreateUnbounded<AnalyticsKey>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    public void Publish(IReadOnlyCollection<AnalyticsKey> changes)
    {
        foreach (var change in changes)
        {
            _outbox.Writer.TryWrite(change);
        }
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new HashSet<AnalyticsKey>();
        while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
        {
            // Let a burst gather for a moment: other instances hear of it a few milliseconds later.
            await Task.Delay(TimeSpan.FromMilliseconds(5), stoppingToken);
            while (_outbox.Reader.TryRead(out var change))
            {
                batch.Add(change);
            }

            var payload = _instance + ";" + string.Join(';', batch.Select(c => c.ToWire()));
            batch.Clear();
            await SendAsync(payload.Length > 7800 ? _instance + ";*" : payload, stoppingToken);
        }
    }

    private async Task SendAsync(string payload, CancellationToken stoppingToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT pg_notify(@channel, @payload || ';@' || (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint::text)");
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", payload);
            await command.ExecuteNonQueryAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The sender must outlive any failure; the other instances will still see the change
            // when their cache entries expire.
            logger.LogWarning(e, "Could not broadcast an analytics change");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sending = SendLoopAsync(stoppingToken);
        try
        {
            await ListenAsync(stoppingToken);
        }
        finally
        {
            _outbox.Writer.TryComplete();
            try
            {
                await sending;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: whatever was not sent, the other instances see when their entries expire.
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException or IOException)
            {
                logger.LogWarning("Analytics change listener lost its connection ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private void Receive(string payload)
    {
        var parts = payload.Split(';');
        if (parts.Length < 2 || parts[0] == _instance)
        {
            return;
        }

        var everything = false;
        var keys = new List<AnalyticsKey>();
        long? lsn = null;
        foreach (var part in parts.Skip(1))
        {
            if (part == "*")
            {
                everything = true;
            }
            else if (part.StartsWith('@') && long.TryParse(part.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position))
            {
                lsn = position;
            }
            else if (AnalyticsKey.TryParseWire(part, out var key))
            {
                keys.Add(key);
            }
        }

        // The fence first: a read that sees the key stale must already see its fence.
        if (fences.Enabled)
        {
            if (lsn is { } at)
            {
                fences.Record(keys, at);
                if (everything)
                {
                    fences.RecordAll(at);
                }
            }
            else
            {
                // An instance of an older version: no position, so the primary's next one.
                fences.UnsettleAll();
            }
        }

        if (everything)
        {
            cache.InvalidateAll();
        }

        foreach (var key in keys)
        {
            cache.Invalidate(key);
        }
    }
}
