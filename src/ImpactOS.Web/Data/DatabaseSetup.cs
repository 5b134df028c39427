using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ImpactOS.Web.Data;

/// <summary>Transactions that nest: a use case that needs one joins the request's (an idempotent
/// POST runs inside one) instead of starting a second.</summary>
public static class TransactionExtensions
{
    /// <summary>A new transaction, or null when one is already open (then the caller's work is part of it).</summary>
    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginUnlessInTransactionAsync(
        this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, CancellationToken cancellationToken) =>
        database.CurrentTransaction is null ? await database.BeginTransactionAsync(cancellationToken) : null;
}

/// <summary>Chooses the provider, registers the context, and brings the schema up to date.</summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, ImpactOsOptions options)
    {
        switch (options.Database.Provider)
        {
            case DatabaseProvider.Postgres:
                var connectionString = configuration.GetConnectionString("Default")
                    ?? throw new InvalidOperationException("ConnectionStrings__Default is required with the Postgres provider.");
                var appRole = options.Database.AppRole;
                var dataSource = BuildDataSource(connectionString, appRole);
                services.AddSingleton(dataSource);
                services.AddSingleton<Analytics.PostgresAnalyticsBroadcast>();
                services.AddSingleton<Analytics.IAnalyticsBroadcast>(sp => sp.GetRequiredService<Analytics.PostgresAnalyticsBroadcast>());
                services.AddHostedService(sp => sp.GetRequiredService<Analytics.PostgresAnalyticsBroadcast>());
                services.AddDbContext<PostgresAppDbContext>((sp, builder) =>
                    ConfigurePostgres(builder, dataSource)
                        .AddInterceptors(new TenantSessionInterceptor(sp.GetRequiredService<CurrentUser>(), options.Diagnostics.ServerTiming))
                        .AddInterceptors(sp.GetServices<IInterceptor>()));
                services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
                AddReadReplica(services, configuration, options, dataSource);
                break;
            default:
                if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("ReadReplica")))
                {
                    throw new InvalidOperationException("ConnectionStrings__ReadReplica needs the Postgres provider (a streaming replica of the primary).");
                }

                var sqlite = configuration.GetConnectionString("Default") ?? DefaultSqliteConnectionString(options);
                services.AddSingleton<Analytics.IAnalyticsBroadcast, Analytics.NoAnalyticsBroadcast>();
                services.AddDbContext<SqliteAppDbContext>((sp, builder) =>
                    ConfigureSqlite(builder, sqlite).AddInterceptors(sp.GetServices<IInterceptor>()));
                services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
                break;
        }

        return services;
    }

    /// <summary>With <c>ConnectionStrings__ReadReplica</c>: the replica's pool and state, the write
    /// fences, and the replica in the health report (see <see cref="Analytics.AnalyticsReads"/>).</summary>
    private static void AddReadReplica(IServiceCollection services, IConfiguration configuration, ImpactOsOptions options, NpgsqlDataSource primary)
    {
        var connectionString = configuration.GetConnectionString("ReadReplica");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var replica = BuildDataSource(connectionString, options.Database.AppRole);
        services.AddSingleton(sp => new ReadReplica(replica, primary, options.Database, sp.GetRequiredService<ILogger<ReadReplica>>()));
        services.AddSingleton(sp => new Analytics.ReplicaFences(primary, sp.GetRequiredService<ReadReplica>(), sp.GetRequiredService<ILogger<Analytics.ReplicaFences>>()));
        services.AddHealthChecks().AddCheck<ReadReplicaHealthCheck>("replica");
    }

    /// <summary>The pool the app's contexts share, each connection logged in as the application
    /// role (see <see cref="WithAppRole"/>). Statements the app repeats are prepared on the
    /// server after their second use (parsed and planned once per connection), unless the
    /// connection string says otherwise: it doubled the throughput of the timeline under load.</summary>
    public static NpgsqlDataSource BuildDataSource(string connectionString, string appRole)
    {
        var builder = new NpgsqlDataSourceBuilder(WithAppRole(connectionString, appRole));
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        return builder.Build();
    }

    /// <summary>The connection string with the application role as the role of every session it
    /// opens (<c>-c role=…</c> in the start-up options, as <c>SET ROLE</c> would, before any
    /// command). The pool's reset between uses (Npgsql's <c>SET SESSION AUTHORIZATION DEFAULT;
    /// RESET ALL; …</c>, which keeps prepared statements, or <c>DISCARD ALL</c>) returns a session to
    /// its start-up values, so a pooled connection is always the application role and, until a
    /// request writes its tenant, sees no tenant's rows: nothing has to be sent to make a
    /// connection safe, and the request's settings can travel with its first query
    /// (<see cref="TenantSessionInterceptor"/>). Empty <paramref name="appRole"/>: the login
    /// already is the application role.</summary>
    public static string WithAppRole(string connectionString, string appRole)
    {
        if (string.IsNullOrEmpty(appRole))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // In start-up options a space separates settings and a backslash escapes the next character.
        var escaped = appRole.Replace(@"\", @"\\", StringComparison.Ordinal).Replace(" ", @"\ ", StringComparison.Ordinal);
        builder.Options = string.Join(' ', new[] { builder.Options, $"-c role={escaped}" }.Where(o => !string.IsNullOrWhiteSpace(o)));
        return builder.ToString();
    }

    public static string DefaultSqliteConnectionString(ImpactOsOptions options) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.FullDataDir, "impactos.db"),
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();

    public static TBuilder ConfigureSqlite<TBuilder>(TBuilder builder, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        // SQLite rebuilds a table to change it, with foreign keys off outside the migration's
        // transaction; EF warns about that on every fresh database. The migrations are ours and
        // tested from empty, so the warning only alarms a newcomer's first `dotnet run`.
        builder.UseSqlite(connectionString).UseSnakeCaseNamingConvention()
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning));
        return builder;
    }

    public static TBuilder ConfigurePostgres<TBuilder>(TBuilder builder, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        builder.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();
        return builder;
    }

    public static TBuilder ConfigurePostgres<TBuilder>(TBuilder builder, NpgsqlDataSource dataSource)
        where TBuilder : DbContextOptionsBuilder
    {
        builder.UseNpgsql(dataSource).UseSnakeCaseNamingConvention();
        return builder;
    }

    /// <summary>Migrates the schema (as the owner, on PostgreSQL: the <c>Migrations</c> connection
    /// string when given) and reapplies the row-level security policies.</summary>
    public static async Task MigrateAsync(IServiceProvider services, ImpactOsOptions options, IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        if (options.Database.Provider == DatabaseProvider.Postgres)
        {
            var ownerConnection = configuration.GetConnectionString("Migrations") ?? configuration.GetConnectionString("Default")!;
            await using var owner = new PostgresAppDbContext(
                ConfigurePostgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), ownerConnection).Options,
                new CurrentUser(), clock);
            await owner.Database.MigrateAsync(cancellationToken);
            await PostgresRowLevelSecurity.ApplyAsync(owner, options.Database.AppRole, cancellationToken);
        }
        else
        {
            Directory.CreateDirectory(options.FullDataDir);
            await using var scope = services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<SqliteAppDbContext>();
            await context.Database.MigrateAsync(cancellationToken);
            // Write-ahead logging lets readers and the one writer work at the same time.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
