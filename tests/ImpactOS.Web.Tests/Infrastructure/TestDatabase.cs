using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImpactOS.Web.Tests.Infrastructure;

/// <summary>Which database the integration tests run on: <c>IMPACTOS_TEST_DB=postgres</c> with
/// <c>IMPACTOS_TEST_PG</c> (an admin connection string, as test.sh sets), else SQLite. Every
/// factory gets a fresh database, cloned from one migrated template per test run.</summary>
public static class TestDatabase
{
    public static DatabaseProvider Provider { get; } =
        string.Equals(Environment.GetEnvironmentVariable("IMPACTOS_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    public static bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public static string PostgresAdminConnection =>
        Environment.GetEnvironmentVariable("IMPACTOS_TEST_PG")
        ?? throw new InvalidOperationException("IMPACTOS_TEST_PG is not set; run the PostgreSQL tests through ./test.sh.");

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private static string? _template;

    /// <summary>A new, migrated, empty database; returns its connection string.</summary>
    public static async Task<string> CreateAsync(string directory)
    {
        await TemplateLock.WaitAsync();
        try
        {
            _template ??= IsPostgres ? await CreatePostgresTemplateAsync() : await CreateSqliteTemplateAsync();
            if (IsPostgres)
            {
                var name = "impactos_t_" + Guid.NewGuid().ToString("N")[..16];
                await ExecuteAdminAsync($"CREATE DATABASE {name} TEMPLATE {_template}");
                return new NpgsqlConnectionStringBuilder(PostgresAdminConnection) { Database = name, Pooling = true }.ToString();
            }

            var file = Path.Combine(directory, "impactos.db");
            File.Copy(_template, file, overwrite: true);
            return new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 30 }.ToString();
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public static async Task DropAsync(string connectionString)
    {
        if (!IsPostgres)
        {
            return;
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task<string> CreatePostgresTemplateAsync()
    {
        var name = "impactos_template_" + RunId;
        await ExecuteAdminAsync($"CREATE DATABASE {name}");
        var connection = new NpgsqlConnectionStringBuilder(PostgresAdminConnection) { Database = name, Pooling = false }.ToString();
        await using (var context = new PostgresAppDbContext(
            DatabaseSetup.ConfigurePostgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), connection).Options, new CurrentUser(), TimeProvider.System))
        {
            await context.Database.MigrateAsync();
            await PostgresRowLevelSecurity.ApplyAsync(context, new DatabaseOptions().AppRole);
        }

        NpgsqlConnection.ClearAllPools();
        return name;
    }

    private static async Task<string> CreateSqliteTemplateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "impactos-tests", RunId);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "template.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        await using (var context = new SqliteAppDbContext(
            DatabaseSetup.ConfigureSqlite(new DbContextOptionsBuilder<SqliteAppDbContext>(), connection).Options, new CurrentUser(), TimeProvider.System))
        {
            await context.Database.MigrateAsync();
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        return file;
    }

    public static async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
