using System.Data;
using System.Data.Common;
using System.Diagnostics;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ImpactOS.Web.Data;

/// <summary>Tells PostgreSQL whose request this is: writes <c>app.tenant_id</c> and
/// <c>app.is_operator</c>, which row-level security reads, on the connection the context uses.</summary>
/// <remarks>
/// One instance per context (per request). Every connection of the app's pools is already the
/// application role with no tenant (<see cref="DatabaseSetup.WithAppRole"/>), so a connection on
/// which nothing was written sees no tenant's rows; the settings only widen that, and they need not
/// be sent when the connection opens. They go with the context's first command instead: a LINQ query
/// (nearly always the request's first, the session check of authentication) carries them in the same
/// batch, one round trip for both; any other command sends them just before. The first connection
/// the context opens stays open until the context is disposed, so a request writes its settings
/// once (the pool's reset on return undoes them). Because the connection outlives single queries,
/// the settings are checked before every command and written again when they no longer match: the
/// user can change within a request (signing in), and a rolled-back transaction undoes settings
/// written inside it.
/// </remarks>
/// <param name="timed">Whether a settings command of its own is counted in the request's
/// Server-Timing (settings that travel with a query are part of that query's time).</param>
internal sealed class TenantSessionInterceptor(CurrentUser currentUser, bool timed = false)
    : DbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private (Guid? Tenant, bool Operator)? _applied;

    private (Guid? Tenant, bool Operator) Wanted => (currentUser.TenantId, currentUser.IsOperator);

    /// <summary>A connection from the pool carries nobody's settings (its reset cleared them).</summary>
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => _applied = null;

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _applied = null;
        return Task.CompletedTask;
    }

    /// <summary>Keeps a healthy connection open for the context's lifetime; disposing the context
    /// returns it to the pool. A broken one is closed as usual so it can be opened again.</summary>
    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        connection.State == ConnectionState.Open ? InterceptionResult.Suppress() : result;

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(ConnectionClosing(connection, eventData, result));

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (CanCarrySettings(command, eventData, result) is { } query)
        {
            return InterceptionResult<DbDataReader>.SuppressWithResult(RunWithSettings(query));
        }

        EnsureSession(command);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (CanCarrySettings(command, eventData, result) is { } query)
        {
            return InterceptionResult<DbDataReader>.SuppressWithResult(await RunWithSettingsAsync(query, cancellationToken));
        }

        await EnsureSessionAsync(command, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        EnsureSession(command);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnsureSessionAsync(command, cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        EnsureSession(command);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await EnsureSessionAsync(command, cancellationToken);
        return result;
    }

    // A rollback (to a savepoint too) may undo a session write made inside it: write it again next time.
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _applied = null;

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _applied = null;
        return Task.CompletedTask;
    }

    public void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => _applied = null;

    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        _applied = null;
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => _applied = null;

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _applied = null;
        return Task.CompletedTask;
    }

    /// <summary>A LINQ query is one statement whose only results are its rows, so the settings can
    /// go first in its batch. (A save's batch is not: EF reads each statement's affected rows by
    /// position.)</summary>
    private NpgsqlCommand? CanCarrySettings(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        _applied != Wanted && !result.HasResult && eventData.CommandSource == CommandSource.LinqQuery
            && command is NpgsqlCommand { Connection: not null } query ? query : null;

    /// <summary>The settings and the query as one batch, its reader moved past the settings' row to
    /// the query's rows, where the query's own reader would start.</summary>
    private static NpgsqlBatch SettingsAndQuery(NpgsqlCommand query, (Guid? Tenant, bool Operator) wanted)
    {
        var batch = new NpgsqlBatch(query.Connection, query.Transaction) { Timeout = query.CommandTimeout };
        batch.BatchCommands.Add(PostgresSession.CreateBatchCommand(wanted.Tenant, wanted.Operator));
        var own = new NpgsqlBatchCommand(query.CommandText);
        foreach (NpgsqlParameter parameter in query.Parameters)
        {
            own.Parameters.Add(parameter.Clone());
        }

        batch.BatchCommands.Add(own);
        return batch;
    }

    private DbDataReader RunWithSettings(NpgsqlCommand query)
    {
        var wanted = Wanted;
        var batch = SettingsAndQuery(query, wanted);
        _applied = null;
        var reader = batch.ExecuteReader();
        try
        {
            reader.NextResult();
        }
        catch
        {
            reader.Dispose();
            throw;
        }

        _applied = wanted;
        return reader;
    }

    private async Task<DbDataReader> RunWithSettingsAsync(NpgsqlCommand query, CancellationToken cancellationToken)
    {
        var wanted = Wanted;
        var batch = SettingsAndQuery(query, wanted);
        _applied = null;
        var reader = await batch.ExecuteReaderAsync(cancellationToken);
        try
        {
            await reader.NextResultAsync(cancellationToken);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }

        _applied = wanted;
        return reader;
    }

    private void EnsureSession(DbCommand command)
    {
        if (_applied != Wanted && command.Connection is { } connection)
        {
            Apply(connection, command.Transaction);
        }
    }

    private async Task EnsureSessionAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (_applied != Wanted && command.Connection is { } connection)
        {
            await ApplyAsync(connection, command.Transaction, cancellationToken);
        }
    }

    private void Apply(DbConnection connection, DbTransaction? transaction)
    {
        var wanted = Wanted;
        using var command = PostgresSession.CreateCommand(connection, wanted.Tenant, wanted.Operator);
        command.Transaction = transaction;
        _applied = null;
        var started = timed ? Stopwatch.GetTimestamp() : 0;
        command.ExecuteNonQuery();
        if (timed)
        {
            RequestTimings.Current?.AddCommand(Stopwatch.GetElapsedTime(started));
        }

        _applied = wanted;
    }

    private async Task ApplyAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var wanted = Wanted;
        await using var command = PostgresSession.CreateCommand(connection, wanted.Tenant, wanted.Operator);
        command.Transaction = transaction;
        _applied = null;
        var started = timed ? Stopwatch.GetTimestamp() : 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (timed)
        {
            RequestTimings.Current?.AddCommand(Stopwatch.GetElapsedTime(started));
        }

        _applied = wanted;
    }
}

/// <summary>The session settings row-level security policies read.</summary>
public static class PostgresSession
{
    public const string TenantSetting = "app.tenant_id";
    public const string OperatorSetting = "app.is_operator";

    private const string Sql = $"SELECT set_config('{TenantSetting}', $1, false), set_config('{OperatorSetting}', $2, false)";

    /// <summary>The settings as a command of their own, on a connection of the application role.</summary>
    public static DbCommand CreateCommand(DbConnection connection, Guid? tenantId, bool isOperator)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        foreach (var value in Values(tenantId, isOperator))
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>The same settings, to go first in a batch.</summary>
    public static NpgsqlBatchCommand CreateBatchCommand(Guid? tenantId, bool isOperator)
    {
        var command = new NpgsqlBatchCommand(Sql);
        foreach (var value in Values(tenantId, isOperator))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static string[] Values(Guid? tenantId, bool isOperator) => [tenantId?.ToString() ?? "", isOperator ? "on" : "off"];
}
