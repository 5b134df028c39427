using ImpactOS.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ImpactOS.Web.Tests.Infrastructure;

/// <summary>The streaming standby test.sh starts beside its throwaway primary
/// (<c>IMPACTOS_TEST_PG_REPLICA</c>): PostgreSQL's own replication of the whole cluster, so every
/// test database made on the primary appears on it once replayed. Without it the replica tests
/// fail; they never skip.</summary>
public static class TestStandby
{
    public static string AdminConnection =>
        Environment.GetEnvironmentVariable("IMPACTOS_TEST_PG_REPLICA")
        ?? throw new InvalidOperationException("IMPACTOS_TEST_PG_REPLICA is not set: test.sh starts a streaming standby of its PostgreSQL and sets it; the standby did not start or the tests ran without it.");

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The standby's copy of the primary database <paramref name="primaryConnectionString"/> names.</summary>
    public static string ForDatabase(string primaryConnectionString) =>
        new NpgsqlConnectionStringBuilder(AdminConnection) { Database = new NpgsqlConnectionStringBuilder(primaryConnectionString).Database }.ToString();

    /// <summary>Until the standby has replayed everything the primary had written when this was called.</summary>
    public static async Task WaitForReplayAsync()
    {
        long target;
        await using (var primary = new NpgsqlConnection(TestDatabase.PostgresAdminConnection))
        {
            await primary.OpenAsync();
            target = await ScalarAsync<long>(primary, ReadReplica.PrimaryLsnQuery);
        }

        await using var standby = new NpgsqlConnection(AdminConnection);
        await standby.OpenAsync();
        await UntilAsync(async () => await ScalarAsync<long>(standby, "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint") >= target, "the standby to replay the primary's writes");
    }

    /// <summary>Stops the standby's replay (it keeps receiving WAL) and waits until it has stopped.
    /// Every test that pauses runs in the <see cref="ReplicaCollection"/> and resumes in a finally.</summary>
    public static async Task PauseReplayAsync()
    {
        await using var standby = new NpgsqlConnection(AdminConnection);
        await standby.OpenAsync();
        await ScalarAsync<object>(standby, "SELECT pg_wal_replay_pause()");
        await UntilAsync(async () => await ScalarAsync<string>(standby, "SELECT pg_get_wal_replay_pause_state()") == "paused", "the standby's replay to pause");
    }

    public static async Task ResumeReplayAsync()
    {
        await using var standby = new NpgsqlConnection(AdminConnection);
        await standby.OpenAsync();
        await ScalarAsync<object>(standby, "SELECT pg_wal_replay_resume()");
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var started = DateTime.UtcNow;
        while (!await condition())
        {
            if (DateTime.UtcNow - started > Patience)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.");
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>The app with <c>ConnectionStrings__ReadReplica</c> on the test standby's copy of its
/// database (or on <see cref="ReplicaConnection"/> when a test wants another). The replica's
/// state is read again before every read, so a test sees a change at once.</summary>
public class ReplicaFactory : AppFactory
{
    /// <summary>The replica's connection string; the standby's copy of this factory's database unless overridden.</summary>
    protected virtual string ReplicaConnection => TestStandby.ForDatabase(ConnectionString);

    protected virtual TimeSpan MaxLag => TimeSpan.FromSeconds(30);

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:ReadReplica"] = ReplicaConnection,
        ["ImpactOS:Database:ReplicaRecheckInterval"] = "00:00:00",
        ["ImpactOS:Database:ReplicaMaxLag"] = MaxLag.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    public ReadReplica Replica => Services.GetRequiredService<ReadReplica>();

    public override async Task InitializeAsync()
    {
        _ = TestStandby.AdminConnection;
        await base.InitializeAsync();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var standby = new NpgsqlConnection(TestStandby.AdminConnection);
        await standby.OpenAsync();
        await TestStandby.UntilAsync(
            async () =>
            {
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", standby);
                command.Parameters.AddWithValue("name", name!);
                return (long)(await command.ExecuteScalarAsync())! == 1;
            },
            $"the database {name} to reach the standby");
    }
}

/// <summary>The replica tests run one at a time: some pause the standby's replay, which every
/// reader of the standby would notice.</summary>
[CollectionDefinition(Name)]
public sealed class ReplicaCollection
{
    public const string Name = "Read replica";
}
