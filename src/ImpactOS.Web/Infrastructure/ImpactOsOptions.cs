namespace ImpactOS.Web.Infrastructure;

/// <summary>The application's own settings, bound from the <c>ImpactOS</c> configuration section
/// (environment variables <c>ImpactOS__…</c>).</summary>
public sealed class ImpactOsOptions
{
    public const string Section = "ImpactOS";

    /// <summary>Where the SQLite file and evidence files live.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>Seed the demo tenants into an empty database. Unset means: yes on the embedded
    /// SQLite database, no on PostgreSQL.</summary>
    public bool? SeedDemo { get; set; }

    /// <summary>Password of every demo account; generated and printed when unset.</summary>
    public string? DemoPassword { get; set; }

    public DatabaseOptions Database { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public DiagnosticsOptions Diagnostics { get; set; } = new();

    public string FullDataDir => Path.GetFullPath(DataDir);
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The PostgreSQL role every application query runs as (row-level security applies
    /// to it): the role of every session the app's pools open (start-up option <c>role</c>). Empty
    /// for when the login role already is it.</summary>
    public string AppRole { get; set; } = "impactos_app";

    /// <summary>Apply migrations (and the row-level security policies) at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>With <c>ConnectionStrings__ReadReplica</c>: a replica whose replay is further behind
    /// than this serves no reads (they go to the primary) until it catches up.</summary>
    public TimeSpan ReplicaMaxLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the replica's state (reachable, lag) is read again; after a failed read
    /// the replica is left alone this long (reads go to the primary meanwhile).</summary>
    public TimeSpan ReplicaRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class AuthOptions
{
    /// <summary>Lifetime of an API bearer token.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of the refresh token that comes with it (<c>POST /api/v1/auth/refresh</c>).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a password-reset link made by an admin stays usable (it also ends at its first use).</summary>
    public TimeSpan PasswordResetLinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Failed logins allowed per account per minute before 429.</summary>
    public int FailedLoginsPerAccountPerMinute { get; set; } = 10;

    /// <summary>Login attempts allowed per client address per minute (an office shares one).</summary>
    public int LoginsPerAddressPerMinute { get; set; } = 100;

    /// <summary>Calendar-feed fetches allowed per client address per minute (calendar apps poll
    /// every few minutes at most; a guesser of tokens is stopped here).</summary>
    public int FeedFetchesPerAddressPerMinute { get; set; } = 60;

    /// <summary>PBKDF2 iterations; lowered only by the test suite to keep it quick.</summary>
    public int PasswordHashIterations { get; set; } = 100_000;
}
