using System.Diagnostics;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace ImpactOS.Bench;

/// <summary>What the load driver needs to know about the generated world.</summary>
public sealed record World(
    string Password,
    string LargeCoach,
    Guid LargeTenant,
    Guid DeepCompany,
    Guid ShallowCompany,
    int DeepCursorAt,
    IReadOnlyList<GrowthTenant> Growth);

/// <summary>A tenant whose one track holds a given number of companies (velocity's growth).</summary>
public sealed record GrowthTenant(string Coach, Guid Tenant, int Companies);

/// <summary>Builds the benchmark's world in an empty PostgreSQL database: the app's own migrations
/// and row-level security, then every row by binary COPY. Deterministic: seed 2026.</summary>
public sealed class Generator(string connectionString, Scale scale)
{
    public const string Password = "bench-password-2026";
    private static readonly DateTime Now = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly Ids _ids = new(2026);
    private readonly Dictionary<string, long> _rows = [];
    private string _passwordHash = "";

    private Random Random => _ids.Random;

    private sealed record Track(Guid Id, Guid? Tenant, List<Guid> Steps);

    private sealed record Company(Guid Id, Guid Tenant, DateOnly Founded, Track Track, Guid Coach);

    public async Task<World> GenerateAsync()
    {
        var clock = Stopwatch.StartNew();
        await MigrateAsync();
        _passwordHash = new PasswordHasher<AppUser>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }))
            .HashPassword(new AppUser { Role = Roles.Coach, DisplayName = "x" }, Password);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var system = await SystemTracksAsync(connection);

        var tenants = new List<(Guid Id, string Name)>();
        var users = new List<object?[]>();
        var tracks = new List<object?[]>();
        var steps = new List<object?[]>();
        var companies = new List<Company>();
        var programs = new List<object?[]>();
        var enrollments = new List<object?[]>();

        // The large tenant: 20,000 companies on the three standards and five custom tracks.
        var large = NewTenant(tenants, "Large Tenant");
        var largeCoaches = Users(users, large, "large", scale.LargeCoaches);
        var largeTracks = system.Concat(Enumerable.Range(0, 5).Select(k => CustomTrack(tracks, steps, large, system[k % 3], k))).ToList();
        var largeCompanies = Companies(companies, large, scale.LargeCompanies, i => largeTracks[i % largeTracks.Count], largeCoaches);
        Programs(programs, enrollments, large, largeCompanies, scale.Programs, scale.Enrollments);

        // Small tenants, and three on one track for velocity's growth (1k / 10k / 20k companies).
        var small = new List<List<Company>>();
        for (var t = 0; t < scale.SmallTenants; t++)
        {
            var tenant = NewTenant(tenants, $"Small Tenant {t + 1:D2}");
            var coaches = Users(users, tenant, $"small{t + 1:D2}", 2);
            var list = Companies(companies, tenant, Random.Next(scale.SmallMinCompanies, scale.SmallMaxCompanies + 1), i => system[i % 3], coaches);
            Programs(programs, enrollments, tenant, list, 2, list.Count / 3);
            small.Add(list);
        }

        var growth = new List<GrowthTenant>();
        foreach (var size in scale.GrowthCompanies)
        {
            var tenant = NewTenant(tenants, $"Growth {size}");
            var coaches = Users(users, tenant, $"growth{size}", 1);
            Companies(companies, tenant, size, _ => system[0], coaches);
            growth.Add(new GrowthTenant($"coach1@growth{size}.bench", tenant, size));
        }

        await CopyAsync(connection, "tenants", "id, name, created_at", tenants.Select(t => new object?[] { t.Id, t.Name, Now.AddYears(-8) }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz]);
        // Every organization but one small one in ten contributes to the network benchmark
        // (the large one and the growth ones do), so the network read spans the whole scenario.
        await CopyAsync(connection, "tenant_config", "tenant_id, feature_milestones, contribute_to_network, updated_at, version",
            tenants.Select((t, i) => new object?[] { t.Id, true, Contributes(i), Now, 0 }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Boolean, NpgsqlDbType.Boolean, NpgsqlDbType.TimestampTz, NpgsqlDbType.Integer]);
        await CopyAsync(connection, "users",
            "id, tenant_id, role, display_name, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count",
            users, [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.Boolean, NpgsqlDbType.Boolean, NpgsqlDbType.Integer]);
        await CopyAsync(connection, "milestone_tracks", "id, tenant_id, title, description, is_system_standard, copied_from_track_id, created_at, version", tracks,
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.Uuid, NpgsqlDbType.TimestampTz, NpgsqlDbType.Integer]);
        await CopyAsync(connection, "milestone_definitions", "id, track_id, tenant_id, title, description, order_index, created_at, standard_milestone_id", steps,
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.TimestampTz, NpgsqlDbType.Uuid]);
        await CopyAsync(connection, "companies", "id, tenant_id, name, industry, founded_on, milestone_track_id, coach_user_id, track_started_at, created_at, version",
            companies.Select((c, i) => new object?[] { c.Id, c.Tenant, $"Company {i:D6}", Industries[i % Industries.Length], c.Founded, c.Track.Id, c.Coach, Start(c), Start(c), 0 }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Date, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Integer]);
        await CopyAsync(connection, "programs", "id, tenant_id, name, description, starts_on, ends_on, created_at, version", programs,
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Date, NpgsqlDbType.Date, NpgsqlDbType.TimestampTz, NpgsqlDbType.Integer]);
        await CopyAsync(connection, "program_enrollments", "id, tenant_id, program_id, company_id, enrolled_on, exited_on, created_at, version", enrollments,
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Date, NpgsqlDbType.Date, NpgsqlDbType.TimestampTz, NpgsqlDbType.Integer]);

        await AchievementsAsync(connection, companies);
        var deep = largeCompanies[0];
        var shallow = largeCompanies[1];
        await InteractionsAsync(connection, largeCompanies, small, deep);
        await UpdatesAsync(connection, largeCompanies, small, deep);

        await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
        {
            analyze.CommandTimeout = 600;
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"Generated the {scale.Name} world in {clock.Elapsed.TotalSeconds:0.0} s:");
        foreach (var (table, rows) in _rows)
        {
            Console.WriteLine($"  {table,-26} {rows,12:N0}");
        }

        return new World(Password, "coach1@large.bench", large, deep.Id, shallow.Id, (scale.DeepInteractions + scale.DeepUpdates) * 4 / 5, growth);
    }

    private static readonly string[] Industries = ["Software", "Climate", "Health", "Fintech", "Education", "Hardware", "Agriculture", "Logistics"];

    /// <summary>Tenants are numbered in creation order: 0 the large one, then the small ones, then
    /// the growth ones. One small one in ten (the 5th, 15th, …) keeps out of the network.</summary>
    private bool Contributes(int tenant) => tenant == 0 || tenant > scale.SmallTenants || tenant % 10 != 5;

    private static DateTime Start(Company c) => c.Founded.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private async Task MigrateAsync()
    {
        await using var context = new PostgresAppDbContext(
            DatabaseSetup.ConfigurePostgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), connectionString).Options, new CurrentUser(), TimeProvider.System);
        await context.Database.MigrateAsync();
        await PostgresRowLevelSecurity.ApplyAsync(context, "impactos_app");
    }

    private static async Task<List<Track>> SystemTracksAsync(NpgsqlConnection connection)
    {
        var tracks = new List<Track>();
        foreach (var id in new[] { SystemStandards.SaaS, SystemStandards.Hardware, SystemStandards.MedTech })
        {
            await using var command = new NpgsqlCommand("SELECT id FROM milestone_definitions WHERE track_id = @t ORDER BY order_index", connection);
            command.Parameters.AddWithValue("t", id);
            var steps = new List<Guid>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetGuid(0));
            }

            tracks.Add(new Track(id, null, steps));
        }

        return tracks;
    }

    private Guid NewTenant(List<(Guid, string)> tenants, string name)
    {
        var id = _ids.Next();
        tenants.Add((id, name));
        return id;
    }

    /// <summary>An admin and some coaches: admin@{slug}.bench, coach1@{slug}.bench, …</summary>
    private List<Guid> Users(List<object?[]> users, Guid tenant, string slug, int coaches)
    {
        object?[] User(string email, string role, string name) =>
        [
            _ids.Next(), tenant, role, name, Now.AddYears(-3), email, email.ToUpperInvariant(), email, email.ToUpperInvariant(), true,
            _passwordHash, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString(), false, false, false, 0,
        ];

        users.Add(User($"admin@{slug}.bench", Roles.Admin, "Admin " + slug));
        var ids = new List<Guid>();
        for (var c = 1; c <= coaches; c++)
        {
            var user = User($"coach{c}@{slug}.bench", Roles.Coach, $"Coach {c} {slug}");
            users.Add(user);
            ids.Add((Guid)user[0]!);
        }

        return ids;
    }

    /// <summary>A copy of a System Standard as "copy and customize" makes it: the standard's steps
    /// first, each linked to the standard's milestone (its lineage, which the network benchmark
    /// counts), then any step the organization added (no link).</summary>
    private Track CustomTrack(List<object?[]> tracks, List<object?[]> steps, Guid tenant, Track source, int k)
    {
        var id = _ids.Next();
        tracks.Add([id, tenant, $"Custom Track {k + 1}", "A tenant's own track.", false, source.Id, Now.AddYears(-4), 0]);
        var count = 8 + (k % 5);
        var list = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var step = _ids.Next();
            steps.Add([step, id, tenant, $"Custom step {i + 1}", null, i + 1, Now.AddYears(-4), i < source.Steps.Count ? source.Steps[i] : null]);
            list.Add(step);
        }

        return new Track(id, tenant, list);
    }

    private List<Company> Companies(List<Company> all, Guid tenant, int count, Func<int, Track> track, List<Guid> coaches)
    {
        var list = new List<Company>(count);
        for (var i = 0; i < count; i++)
        {
            var company = new Company(_ids.Next(), tenant, DateOnly.FromDateTime(Now.AddDays(-Random.Next(60, 2400))), track(i), coaches[i % coaches.Count]);
            list.Add(company);
        }

        all.AddRange(list);
        return list;
    }

    private void Programs(List<object?[]> programs, List<object?[]> enrollments, Guid tenant, List<Company> companies, int count, int enrollmentCount)
    {
        // Cohorts start at even steps over the last six years and run six months, so companies of
        // every age have programs to join.
        var windows = new List<(Guid Id, DateOnly Starts, DateOnly Ends)>();
        var spacing = Math.Max(1, 72 / count);
        for (var p = 0; p < count; p++)
        {
            var starts = DateOnly.FromDateTime(Now.AddMonths(-spacing * (count - p)));
            var ends = starts.AddMonths(6);
            var id = _ids.Next();
            programs.Add([id, tenant, $"Cohort {p + 1}", "A six-month cohort.", starts, ends, Now.AddYears(-5), 0]);
            windows.Add((id, starts, ends));
        }

        var used = new HashSet<(Guid, Guid)>();
        for (var attempt = 0; enrollmentCount > 0 && attempt < enrollmentCount * 50; attempt++)
        {
            var company = companies[Random.Next(companies.Count)];
            var program = windows[Random.Next(windows.Count)];
            var enrolled = program.Starts > company.Founded ? program.Starts : company.Founded.AddDays(1);
            var today = DateOnly.FromDateTime(Now);
            if (enrolled >= program.Ends || enrolled > today || !used.Add((company.Id, program.Id)))
            {
                continue;
            }

            DateOnly? exited = program.Ends <= today ? program.Ends : null;
            enrollments.Add([_ids.Next(), company.Tenant, program.Id, company.Id, enrolled, exited, Now.AddYears(-1), 0]);
            enrollmentCount--;
        }
    }

    /// <summary>Each company walks its track from its founding day, a random 40–300 days a step,
    /// until today; every achievement has its history entry.</summary>
    private async Task AchievementsAsync(NpgsqlConnection connection, List<Company> companies)
    {
        var rows = new List<object?[]>();
        var events = new List<object?[]>();
        foreach (var company in companies)
        {
            var at = Start(company);
            foreach (var step in company.Track.Steps)
            {
                at = at.AddDays(40 + (Random.NextDouble() * 260));
                if (at > Now.AddDays(-1))
                {
                    break;
                }

                var id = _ids.Next();
                rows.Add([id, company.Tenant, company.Id, step, "achieved", at, at.AddDays(1), company.Coach, 0]);
                events.Add([_ids.Next(), company.Tenant, company.Id, id, step, "achieved", at.AddDays(1), company.Coach, at]);
            }
        }

        await CopyAsync(connection, "company_milestones", "id, tenant_id, company_id, milestone_id, status, achieved_at, logged_at, verified_by_user_id, version", rows,
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Uuid, NpgsqlDbType.Integer]);
        await CopyAsync(connection, "company_milestone_events", "id, tenant_id, company_id, company_milestone_id, milestone_id, action, at, by_user_id, achieved_at", events,
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.Uuid, NpgsqlDbType.TimestampTz]);
    }

    private static readonly string[] Kinds = ["meeting", "email", "call", "note"];

    private async Task InteractionsAsync(NpgsqlConnection connection, List<Company> large, List<List<Company>> small, Company deep)
    {
        var perCompany = (scale.LargeInteractions - scale.DeepInteractions) / (large.Count - 1);
        IEnumerable<object?[]> Rows()
        {
            foreach (var company in large.Concat(small.SelectMany(s => s)))
            {
                var count = company == deep ? scale.DeepInteractions : company.Tenant == deep.Tenant ? perCompany : 20;
                var span = (Now - Start(company)).TotalMinutes;
                for (var i = 0; i < count; i++)
                {
                    var at = Start(company).AddMinutes(Random.NextDouble() * span);
                    yield return [_ids.Next(), company.Tenant, company.Id, Kinds[i % 4], at, $"Session {i + 1}", i % 5 == 0 ? "Discussed next steps." : null, company.Coach, at];
                }
            }
        }

        await CopyAsync(connection, "interactions", "id, tenant_id, company_id, kind, occurred_at, subject, notes, coach_user_id, created_at", Rows(),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.TimestampTz]);
    }

    private async Task UpdatesAsync(NpgsqlConnection connection, List<Company> large, List<List<Company>> small, Company deep)
    {
        var perCompany = Math.Max(1, (scale.LargeUpdates - scale.DeepUpdates) / (large.Count - 1));
        IEnumerable<object?[]> Rows()
        {
            foreach (var company in large.Concat(small.SelectMany(s => s)))
            {
                var count = company == deep ? scale.DeepUpdates : company.Tenant == deep.Tenant ? perCompany : 4;
                var span = (Now - Start(company)).TotalMinutes;
                for (var i = 0; i < count; i++)
                {
                    var at = Start(company).AddMinutes(Random.NextDouble() * span);
                    yield return [_ids.Next(), company.Tenant, company.Id, $"P{i + 1}", at, $"Update {i + 1}: revenue +{Random.Next(-5, 40)}%", 10_000m + Random.Next(0, 90_000), Random.NextDouble() * 40, 3 + Random.Next(0, 40), Random.NextDouble() * 24, at];
                }
            }
        }

        await CopyAsync(connection, "company_updates", "id, tenant_id, company_id, period, submitted_at, summary, revenue, revenue_growth_pct, headcount, cash_runway_months, created_at", Rows(),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Numeric, NpgsqlDbType.Double, NpgsqlDbType.Integer, NpgsqlDbType.Double, NpgsqlDbType.TimestampTz]);
    }

    private async Task CopyAsync(NpgsqlConnection connection, string table, string columns, IEnumerable<object?[]> rows, NpgsqlDbType[] types)
    {
        long count = 0;
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"))
        {
            writer.Timeout = TimeSpan.FromMinutes(30);
            foreach (var row in rows)
            {
                await writer.StartRowAsync();
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null)
                    {
                        await writer.WriteNullAsync();
                    }
                    else
                    {
                        await writer.WriteAsync(row[i], types[i]);
                    }
                }

                count++;
            }

            await writer.CompleteAsync();
        }

        _rows[table] = _rows.GetValueOrDefault(table) + count;
    }
}
