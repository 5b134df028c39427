using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ImpactOS.Web.Tests.Foundation;

/// <summary>The database-side half of isolation: PostgreSQL row-level security, checked as the
/// application role itself. Runs in the PostgreSQL pass of test.sh.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresRowLevelSecurityTests(AppFactory factory) : IClassFixture<AppFactory>
{
    /// <summary>A connection as the app's pools open one (the application role from its start-up
    /// options), with the session settings a request of <paramref name="tenant"/> writes.</summary>
    private async Task<NpgsqlConnection> OpenAsAppAsync(Guid? tenant, bool isOperator = false)
    {
        var connection = new NpgsqlConnection(DatabaseSetup.WithAppRole(factory.ConnectionString, "impactos_app"));
        await connection.OpenAsync();
        await using var command = PostgresSession.CreateCommand(connection, tenant, isOperator);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>The test's own connection: the cluster's superuser, past every policy.</summary>
    private async Task<NpgsqlConnection> OpenAsOwnerAsync()
    {
        var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
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
        // Requests in a row through the application's own context and pool.
        var seenByA = await factory.InScopeAsync(a.Id, async (_, db) => await CountCompaniesAsync(db));
        var seenByB = await factory.InScopeAsync(b.Id, async (_, db) => await CountCompaniesAsync(db, a.FounderCompanyId));
        var seenByNobody = await factory.InScopeAsync(null, async (_, db) => await CountCompaniesAsync(db));
        Assert.Equal(1, seenByA);
        Assert.Equal(0, seenByB);
        Assert.Equal(0, seenByNobody);
    }

    /// <summary>Counts with raw SQL through the context, so only row-level security (not EF's
    /// filters) decides.</summary>
    private static async Task<long> CountCompaniesAsync(AppDbContext db, Guid? id = null) =>
        await (id is null
            ? db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM companies")
            : db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM companies WHERE id = {id}")).SingleAsync();

    [Fact]
    public async Task TheAppsConnectionsAreTheAppRoleAndSeeNoTenantBeforeARequestWritesOne()
    {
        var a = await factory.CreateTenantAsync();
        // A request's query writes its tenant (with the query, in one batch) ...
        Assert.Equal(1, await factory.InScopeAsync(a.Id, async (_, db) => await db.Companies.IgnoreQueryFilters().CountAsync()));

        // ... and a command that bypasses the context on a connection of the same pool, after the
        // pool's reset, is the application role with no tenant: it sees nothing, and cannot widen
        // that by leaving out the settings.
        await factory.InScopeAsync(a.Id, async (_, db) =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(
                "SELECT current_user::text, (SELECT count(*) FROM companies), rolsuper FROM pg_roles WHERE rolname = current_user", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("impactos_app", reader.GetString(0));
            Assert.Equal(0, reader.GetInt64(1));
            Assert.False(reader.GetBoolean(2));
            return 0;
        });
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

    [Fact]
    public async Task EveryTableWithTenantDataHasForcedRowLevelSecurityAndAPolicy()
    {
        await using var owner = await OpenAsOwnerAsync();
        // Tenant data: a table with a tenant_id column, or one whose rows belong to an account.
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND (
                c.relname IN (SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id')
                OR c.oid IN (SELECT conrelid FROM pg_constraint WHERE contype = 'f' AND confrelid = 'users'::regclass))
            ORDER BY c.relname
            """, owner);
        var tables = new List<string>();
        var unprotected = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
                if (!(reader.GetBoolean(1) && reader.GetBoolean(2) && reader.GetBoolean(3)))
                {
                    unprotected.Add($"{reader.GetString(0)} (enabled {reader.GetBoolean(1)}, forced {reader.GetBoolean(2)}, policy {reader.GetBoolean(3)})");
                }
            }
        }

        Assert.Superset(new HashSet<string> { "companies", "users", "user_claims", "user_logins", "user_tokens", "idempotency_records" }, tables.ToHashSet());
        Assert.True(unprotected.Count == 0, "Tenant data without forced row-level security and a policy: " + string.Join(", ", unprotected));
    }

    [Fact]
    public async Task TheAppRoleWithNoTenantReadsNoAccountsAndWithOneReadsOnlyItsOwn()
    {
        var a = await factory.CreateTenantAsync();
        await factory.CreateTenantAsync();
        await factory.EnsureOperatorAsync();
        await using (var owner = await OpenAsOwnerAsync())
        {
            // Something in each table that hangs off an account, so "nothing visible" means something.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO user_claims (user_id, claim_type, claim_value) SELECT id, 'matrix', 'x' FROM users;
                INSERT INTO user_logins (login_provider, provider_key, user_id) SELECT 'test', id::text, id FROM users;
                INSERT INTO user_tokens (user_id, login_provider, name, value) SELECT id, 'test', 'name', 'secret' FROM users;
                """, owner);
            await insert.ExecuteNonQueryAsync();
        }

        await using var nobody = await OpenAsAppAsync(tenant: null);
        foreach (var table in new[] { "users", "user_claims", "user_logins", "user_tokens" })
        {
            Assert.Equal(0, await CountAsync(nobody, $"SELECT count(*) FROM {table}"));
        }

        await using var tenantA = await OpenAsAppAsync(a.Id);
        Assert.Equal(3, await CountAsync(tenantA, "SELECT count(*) FROM users"));
        Assert.Equal(3, await CountAsync(tenantA, $"SELECT count(*) FROM users WHERE tenant_id = '{a.Id}'"));
        Assert.Equal(3, await CountAsync(tenantA, "SELECT count(*) FROM user_tokens"));
        Assert.Equal(3, await CountAsync(tenantA, "SELECT count(*) FROM user_claims"));
    }

    [Fact]
    public async Task WithOneTenantSetAnUpdateOfAnotherTenantsAccountChangesNoRow()
    {
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        await using var connection = await OpenAsAppAsync(a.Id);
        await using var promote = new NpgsqlCommand("UPDATE users SET role = 'operator', tenant_id = NULL WHERE tenant_id = @b", connection);
        promote.Parameters.AddWithValue("b", b.Id);
        Assert.Equal(0, await promote.ExecuteNonQueryAsync());

        // Nor can a tenant make one of its own accounts an operator.
        await using var own = new NpgsqlCommand("UPDATE users SET role = 'operator' WHERE tenant_id = @a", connection);
        own.Parameters.AddWithValue("a", a.Id);
        var error = await Assert.ThrowsAsync<PostgresException>(() => own.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);

        await using var owner = await OpenAsOwnerAsync();
        Assert.Equal(1, await CountAsync(owner, $"SELECT count(*) FROM users WHERE tenant_id = '{b.Id}' AND role = 'admin'"));
    }

    [Fact]
    public async Task SignInFindsAnAccountThroughOneFunctionThatAnswersOnlyItsIdAndTenant()
    {
        var a = await factory.CreateTenantAsync();
        var operatorEmail = await factory.EnsureOperatorAsync();
        await using var nobody = await OpenAsAppAsync(tenant: null);
        foreach (var (email, tenant) in new[] { (a.CoachEmail, (Guid?)a.Id), (operatorEmail, null) })
        {
            await using var lookup = new NpgsqlCommand("SELECT * FROM impactos_account_by_email(upper(@email))", nobody);
            lookup.Parameters.AddWithValue("email", email);
            await using var reader = await lookup.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(2, reader.FieldCount);
            Assert.Equal(tenant, reader.IsDBNull(1) ? null : reader.GetGuid(1));
            Assert.False(await reader.ReadAsync());
        }
    }

    [Fact]
    public async Task AnOperatorSessionSeesOperatorAccountsAndNoOrganizationsAccounts()
    {
        await factory.CreateTenantAsync();
        await factory.EnsureOperatorAsync();
        await using var connection = await OpenAsAppAsync(tenant: null, isOperator: true);
        Assert.Equal(0, await CountAsync(connection, "SELECT count(*) FROM users WHERE tenant_id IS NOT NULL"));
        Assert.True(await CountAsync(connection, "SELECT count(*) FROM users WHERE tenant_id IS NULL") >= 1);
    }

    [Fact]
    public async Task TheNetworkFunctionIsTheOnlyWayAcrossAndAnswersOnlyAContributingOrganization()
    {
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        var outsider = await factory.CreateTenantAsync();
        foreach (var tenant in new[] { a, b })
        {
            await tenant.InScopeAsync((sp, _) => sp.GetRequiredService<Web.Features.Settings.OrganizationSettings>().UpdateAsync(new(null, true), default));
        }

        await using var connection = await OpenAsAppAsync(a.Id);
        // The app role still reads nothing of the other contributing organization directly.
        Assert.Equal(0, await CountAsync(connection, $"SELECT count(*) FROM companies WHERE tenant_id = '{b.Id}'"));
        Assert.Equal(0, await CountAsync(connection, $"SELECT count(*) FROM company_milestones WHERE tenant_id = '{b.Id}'"));
        Assert.Equal(0, await CountAsync(connection, $"SELECT count(*) FROM tenant_config WHERE tenant_id = '{b.Id}'"));
        // Through the function it gets both organizations' rows, with nothing that names either.
        Assert.Equal(2, await CountAsync(connection, "SELECT count(DISTINCT organization) FROM impactos_network_steps(now())"));
        Assert.Equal(0, await CountAsync(connection, $"SELECT count(*) FROM impactos_network_steps(now()) t WHERE t::text LIKE '%{a.Id}%' OR t::text LIKE '%{b.Id}%'"));
        // The app role is no member of the function's owner, so it has none of its policies.
        Assert.Equal(0, await CountAsync(connection, "SELECT count(*) FROM pg_roles WHERE pg_has_role('impactos_app', 'impactos_network', 'MEMBER') AND rolname = 'impactos_app'"));

        await using var other = await OpenAsAppAsync(outsider.Id);
        Assert.Equal(0, await CountAsync(other, "SELECT count(*) FROM impactos_network_steps(now())"));

        await using var owner = await OpenAsOwnerAsync();
        await using var command = new NpgsqlCommand(
            "SELECT p.prosecdef, r.rolname, r.rolcanlogin, r.rolbypassrls FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE p.proname = 'impactos_network_steps'", owner);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0));
        Assert.Equal(PostgresRowLevelSecurity.NetworkRole, reader.GetString(1));
        Assert.False(reader.GetBoolean(2));
        Assert.False(reader.GetBoolean(3));
    }
}
