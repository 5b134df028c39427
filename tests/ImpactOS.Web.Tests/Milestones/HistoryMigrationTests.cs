using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ImpactOS.Web.Tests.Milestones;

/// <summary>Upgrading a database whose history was recorded before it was numbered.</summary>
public sealed class HistoryMigrationTests : IAsyncLifetime
{
    private const string BeforeNumbering = "IdempotencyKeys";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "impactos-tests", Guid.NewGuid().ToString("N"));
    private string _connectionString = "";

    private static readonly Guid Tenant = Guid.CreateVersion7();
    private static readonly Guid Track = Guid.CreateVersion7();
    private static readonly Guid First = Guid.CreateVersion7();
    private static readonly Guid Second = Guid.CreateVersion7();
    private static readonly Guid Company = Guid.CreateVersion7();
    private static readonly Guid RowOfFirst = Guid.CreateVersion7();
    private static readonly Guid RowOfSecond = Guid.CreateVersion7();
    private static readonly DateTime Day = new(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        if (TestDatabase.IsPostgres)
        {
            var name = "impactos_m_" + Guid.NewGuid().ToString("N")[..16];
            await TestDatabase.ExecuteAdminAsync($"CREATE DATABASE {name}");
            _connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresAdminConnection) { Database = name, Pooling = false }.ToString();
        }
        else
        {
            _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "upgrade.db"), Pooling = false }.ToString();
        }
    }

    public async Task DisposeAsync()
    {
        if (TestDatabase.IsPostgres)
        {
            await TestDatabase.DropAsync(_connectionString);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task EarlierHistoryIsNumberedInTheOrderOfItsTimesAndNewChangesFollowIt()
    {
        await using (var old = Context())
        {
            await old.GetService<IMigrator>().MigrateAsync(BeforeNumbering);
            if (TestDatabase.IsPostgres)
            {
                // Row-level security as that version applied it: on the tables it had.
                var tables = (await old.Database.SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync()).ToHashSet();
                await PostgresRowLevelSecurity.ApplyAsync(old, new DatabaseOptions().AppRole, existingTables: tables);
            }

            await old.Database.ExecuteSqlAsync($"INSERT INTO tenants (id, name) VALUES ({Tenant}, 'Upgraded')");
            await old.Database.ExecuteSqlAsync($"INSERT INTO milestone_tracks (id, tenant_id, title, version) VALUES ({Track}, {Tenant}, 'Track', 0)");
            await old.Database.ExecuteSqlAsync($"INSERT INTO milestone_definitions (id, track_id, tenant_id, title, order_index) VALUES ({First}, {Track}, {Tenant}, 'First', 1), ({Second}, {Track}, {Tenant}, 'Second', 2)");
            await old.Database.ExecuteSqlAsync($"INSERT INTO companies (id, tenant_id, name, milestone_track_id, version) VALUES ({Company}, {Tenant}, 'Co', {Track}, 0)");
            await old.Database.ExecuteSqlAsync($"INSERT INTO company_milestones (id, tenant_id, company_id, milestone_id, status, version) VALUES ({RowOfFirst}, {Tenant}, {Company}, {First}, 'pending', 2), ({RowOfSecond}, {Tenant}, {Company}, {Second}, 'pending', 0)");
            // Written out of order: the numbers must follow the times, not the insertion.
            await EventAsync(old, RowOfFirst, First, "undone", Day.AddHours(2));
            await EventAsync(old, RowOfFirst, First, "achieved", Day);
            await EventAsync(old, RowOfSecond, Second, "achieved", Day.AddHours(1));
            await EventAsync(old, RowOfFirst, First, "edited", Day.AddHours(1));
        }

        await using (var upgraded = Context())
        {
            await upgraded.Database.MigrateAsync();
            var events = await upgraded.MilestoneEvents.IgnoreQueryFilters().AsNoTracking().OrderBy(e => e.At).ToListAsync();
            Assert.Equal([1, 2, 3], events.Where(e => e.CompanyMilestoneId == RowOfFirst).Select(e => e.Sequence));
            Assert.Equal([1], events.Where(e => e.CompanyMilestoneId == RowOfSecond).Select(e => e.Sequence));

            var row = await upgraded.CompanyMilestones.IgnoreQueryFilters().SingleAsync(m => m.Id == RowOfFirst);
            Assert.Equal(3, row.ChangeCount);
            var next = row.Achieve(Day.AddDays(1), null, null, null, Day.AddDays(1))!;
            upgraded.MilestoneEvents.Add(next);
            await upgraded.SaveChangesAsync();
            Assert.Equal(4, next.Sequence);
        }
    }

    private static Task EventAsync(AppDbContext db, Guid row, Guid milestone, string action, DateTime at) =>
        db.Database.ExecuteSqlAsync($"INSERT INTO company_milestone_events (id, tenant_id, company_id, company_milestone_id, milestone_id, action, at) VALUES ({Guid.CreateVersion7()}, {Tenant}, {Company}, {row}, {milestone}, {action}, {at})");

    private AppDbContext Context()
    {
        var user = new CurrentUser();
        user.ActAsTenant(Tenant);
        return TestDatabase.IsPostgres
            ? new PostgresAppDbContext(DatabaseSetup.ConfigurePostgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), _connectionString).Options, user, TimeProvider.System)
            : new SqliteAppDbContext(DatabaseSetup.ConfigureSqlite(new DbContextOptionsBuilder<SqliteAppDbContext>(), _connectionString).Options, user, TimeProvider.System);
    }
}
