using System.Data.Common;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImpactOS.Web.Data;

/// <summary>Every time EF opens a PostgreSQL connection, switch to the application role and tell
/// the session whose request this is: row-level security reads <c>app.tenant_id</c>. Settings are
/// session-wide and rewritten on every open, so a pooled connection never carries the previous
/// tenant over.</summary>
internal sealed class TenantSessionInterceptor(CurrentUser currentUser, string appRole) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = CreateCommand(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = CreateCommand(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand CreateCommand(DbConnection connection) =>
        PostgresSession.CreateCommand(connection, appRole, currentUser.TenantId, currentUser.IsOperator);
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
