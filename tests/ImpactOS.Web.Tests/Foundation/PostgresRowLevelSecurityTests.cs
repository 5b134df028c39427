using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImpactOS.Web.Tests.Foundation;

/// <summary>The database-side half of isolation: PostgreSQL row-level security, checked as the
/// application role itself. Runs in the PostgreSQL pass of test.sh.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresRowLevelSecurityTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<NpgsqlConnection> OpenAsAppAsync(Guid? tenant)
    {
        var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = PostgresSession.CreateCommand(connection, "impactos_app", tenant, isOperator: false);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task AStartOnAnUpToDateDatabaseAltersNoTable()
    {
        await using var owner = new PostgresAppDbContext(
            DatabaseSetup.ConfigurePostgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), factory.ConnectionString).Options,
            new Web.Tenancy.CurrentUser(), TimeProvider.System);
        const string policy = "SELECT oid::bigint FROM pg_policy WHERE polrelid = 'companies'::regclass";
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var before = await CountAsync(connection, policy);

        // As every start does: the policies are in place, so nothing is dropped and made again
        // (which would lock every table while other instances serve requests).
        await PostgresRowLevelSecurity.ApplyAsync(owner, "impactos_app");
        Assert.Equal(before, await CountAsync(connection, policy));
        await using var app = await OpenAsAppAsync(tenant: null);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => CountAsync(app, "SELECT count(*) FROM impactos_row_security"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task TheAppRoleWithNoTenantSeesNoCompanies()
    {
        await factory.CreateTenantAsync();
        await using var connection = await OpenAsAppAsync(tenant: null);
        Assert.Equal(0, await CountAsync(connection, "SELECT count(*) FROM companies"));
        Assert.Equal(0, await CountAsync(connection, "SELECT count(*) FROM tenant_config"));
        // The System Standards belong to no tenant and stay visible to all.
        Assert.Equal(3, await CountAsync(connection, "SELECT count(*) FROM milestone_tracks WHERE is_system_standard"));
    }

    [Fact]
    public async Task TheAppRoleIsNeitherSuperuserNorOwnerNorExemptFromPolicies()
    {
        await using var connection = await OpenAsAppAsync(tenant: null);
        await using var command = new NpgsqlCommand("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user", connection);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.False(reader.GetBoolean(0));
            Assert.False(reader.GetBoolean(1));
        }

        Assert.Equal(0, await CountAsync(connection, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"));
    }

    [Fact]
    public async Task EveryTenantOwnedTableHasRowLevelSecurityEnabledAndForced()
    {
        var tables = await factory.InScopeAsync(null, (_, db) => Task.FromResult(PostgresRowLevelSecurity.TenantTables(db.Model).Select(t => t.Table).Append("tenants").ToList()));
        Assert.Contains("companies", tables);
        Assert.Contains("company_milestones", tables);
        await using var connection = await OpenAsAppAsync(tenant: null);
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand("SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE relname = @t", connection);
            command.Parameters.AddWithValue("t", table);
            Assert.True((bool)(await command.ExecuteScalarAsync())!, $"{table} lacks forced row-level security");
        }
    }

    [Fact]
    public async Task ATenantSeesOnlyItsOwnRowsAndCannotInsertForAnother()
    {
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        await using var connection = await OpenAsAppAsync(a.Id);
        Assert.Equal(1, await CountAsync(connection, "SELECT count(*) FROM companies"));
        Assert.Equal(1, await CountAsync(connection, $"SELECT count(*) FROM companies WHERE tenant_id = '{a.Id}'"));

        await using var insert = new NpgsqlCommand(
            "INSERT INTO companies (id, tenant_id, name, milestone_track_id, version) VALUES (gen_random_uuid(), @t, 'Smuggled', @track, 0)", connection);
        insert.Parameters.AddWithValue("t", b.Id);
        insert.Parameters.AddWithValue("track", SystemStandards.SaaS);
        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task APooledConnectionReusedByAnotherTenantSeesNothingOfTheFirst()
    {
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        // Two requests in a row through the application's own context and pool.
        var seenByA = await factory.InScopeAsync(a.Id, async (_, db) => await CountCompaniesAsync(db));
        var seenByB = await factory.InScopeAsync(b.Id, async (_, db) => await CountCompaniesAsync(db, a.FounderCompanyId));
        var seenByNobody = await factory.InScopeAsync(null, async (_, db) => await CountCompaniesAsync(db));
        Assert.Equal(1, seenByA);
        Assert.Equal(0, seenByB);
        Assert.Equal(0, seenByNobody);
    }

    /// <summary>Counts with raw SQL, so only row-level security (not EF's filters) decides.</summary>
    private static async Task<long> CountCompaniesAsync(AppDbContext db, Guid? id = null)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = new NpgsqlCommand(id is null ? "SELECT count(*) FROM companies" : $"SELECT count(*) FROM companies WHERE id = '{id}'", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [Fact]
    public async Task TheAppRoleCannotDeleteHistory()
    {
        var a = await factory.CreateTenantAsync();
        await using var connection = await OpenAsAppAsync(a.Id);
        await using var delete = new NpgsqlCommand("DELETE FROM companies", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }
}
