using System.Data;
using System.Data.Common;
using System.Diagnostics;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImpactOS.Web.Data;

/// <summary>Tells PostgreSQL whose request this is: switches to the application role and writes
/// <c>app.tenant_id</c>, which row-level security reads, on every connection the context opens.</summary>
/// <remarks>
/// One instance per context (per request). The first connection the context opens stays open until
/// the context is disposed, so a request with several queries sets its session once instead of
/// once per query (each set is a round trip, and the pool's reset on return undoes it). Because the
/// connection outlives single queries, the session is checked before every command and written
/// again when it no longer matches: the user can change within a request (signing in), and a
/// rolled-back transaction undoes settings written inside it.
/// </remarks>
/// <param name="timed">Whether the session's command is counted in the request's Server-Timing.</param>
internal sealed class TenantSessionInterceptor(CurrentUser currentUser, string appRole, bool timed = false)
    : DbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private (Guid? Tenant, bool Operator)? _applied;

    private (Guid? Tenant, bool Operator) Wanted => (currentUser.TenantId, currentUser.IsOperator);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection, null);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, null, cancellationToken);

    /// <summary>Keeps a healthy connection open for the context's lifetime; disposing the context
    /// returns it to the pool. A broken one is closed as usual so it can be opened again.</summary>
    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        connection.State == ConnectionState.Open ? InterceptionResult.Suppress() : result;

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(ConnectionClosing(connection, eventData, result));

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        EnsureSession(command);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
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
        using var command = PostgresSession.CreateCommand(connection, appRole, wanted.Tenant, wanted.Operator);
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
        await using var command = PostgresSession.CreateCommand(connection, appRole, wanted.Tenant, wanted.Operator);
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

    public static DbCommand CreateCommand(DbConnection connection, string appRole, Guid? tenantId, bool isOperator)
    {
        var command = connection.CreateCommand();
        var setRole = string.IsNullOrEmpty(appRole) ? "" : $"SET ROLE {PostgresRowLevelSecurity.QuoteIdentifier(appRole)}; ";
        command.CommandText = setRole +
            $"SELECT set_config('{TenantSetting}', @tenant, false), set_config('{OperatorSetting}', @operator, false)";
        AddParameter(command, "tenant", tenantId?.ToString() ?? "");
        AddParameter(command, "operator", isOperator ? "on" : "off");
        return command;
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
