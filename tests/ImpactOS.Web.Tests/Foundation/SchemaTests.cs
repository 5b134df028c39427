using ImpactOS.Web.Data;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Foundation;

public sealed class SchemaTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public void NeitherProviderHasModelChangesWithoutAMigration()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "The SQLite model changed without a migration: dotnet ef migrations add … --context SqliteAppDbContext");
        Assert.False(postgres.Database.HasPendingModelChanges(), "The PostgreSQL model changed without a migration: dotnet ef migrations add … --context PostgresAppDbContext");
    }

    /// <summary>The requirements' SQL is the contract: those tables and columns exist as written.</summary>
    [Theory]
    [InlineData("tenant_config", "feature_milestones", "boolean", "false")]
    [InlineData("milestone_tracks", "id", "uuid", "gen_random_uuid()")]
    [InlineData("milestone_tracks", "tenant_id", "uuid", null)]
    [InlineData("milestone_tracks", "title", "text", null)]
    [InlineData("milestone_tracks", "description", "text", null)]
    [InlineData("milestone_tracks", "is_system_standard", "boolean", "false")]
    [InlineData("milestone_tracks", "created_at", "timestamp with time zone", "now()")]
    [InlineData("milestone_definitions", "id", "uuid", "gen_random_uuid()")]
    [InlineData("milestone_definitions", "track_id", "uuid", null)]
    [InlineData("milestone_definitions", "title", "text", null)]
    [InlineData("milestone_definitions", "description", "text", null)]
    [InlineData("milestone_definitions", "order_index", "integer", null)]
    [InlineData("milestone_definitions", "created_at", "timestamp with time zone", "now()")]
    [InlineData("company_milestones", "id", "uuid", "gen_random_uuid()")]
    [InlineData("company_milestones", "company_id", "uuid", null)]
    [InlineData("company_milestones", "milestone_id", "uuid", null)]
    [InlineData("company_milestones", "status", "text", null)]
    [InlineData("company_milestones", "achieved_at", "timestamp with time zone", null)]
    [InlineData("company_milestones", "logged_at", "timestamp with time zone", "now()")]
    [InlineData("company_milestones", "verified_by_user_id", "uuid", null)]
    [InlineData("company_milestones", "evidence_note", "text", null)]
    [InlineData("company_milestones", "evidence_url", "text", null)]
    [InlineData("company_milestones", "tenant_id", "uuid", null)]
    [InlineData("companies", "milestone_track_id", "uuid", null)]
    [InlineData("companies", "founded_on", "date", null)]
    [InlineData("companies", "tenant_id", "uuid", null)]
    public async Task TheRequirementsColumnsExistWithTheirTypesAndDefaults(string table, string column, string postgresType, string? postgresDefault)
    {
        await factory.InScopeAsync(null, async (_, db) =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            if (TestDatabase.IsPostgres)
            {
                command.CommandText = "SELECT data_type, column_default FROM information_schema.columns WHERE table_name = @t AND column_name = @c";
            }
            else
            {
                command.CommandText = "SELECT type, dflt_value FROM pragma_table_info(@t) WHERE name = @c";
            }

            AddParameter(command, "t", table);
            AddParameter(command, "c", column);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"{table}.{column} is missing");
            if (TestDatabase.IsPostgres)
            {
                Assert.Equal(postgresType, reader.GetString(0));
                Assert.Equal(postgresDefault, reader.IsDBNull(1) ? null : reader.GetString(1));
            }
        });
    }

    [Fact]
    public async Task CompanyMilestonesAreUniquePerTenantCompanyAndMilestone()
    {
        var indexes = await factory.InScopeAsync(null, async (_, db) =>
        {
            var entity = db.Model.FindEntityType(typeof(Features.Milestones.CompanyMilestone))!;
            return entity.GetIndexes().Where(i => i.IsUnique).Select(i => string.Join(",", i.Properties.Select(p => p.GetColumnName()))).ToList();
        });
        Assert.Contains("tenant_id,company_id,milestone_id", indexes);
    }

    [Fact]
    public async Task TheSystemStandardsAreSeeded()
    {
        var titles = await factory.InScopeAsync(null, async (_, db) =>
            await db.MilestoneTracks.Where(t => t.IsSystemStandard).OrderBy(t => t.Title).Select(t => t.Title).ToListAsync());
        Assert.Equal(["Hardware Standard", "MedTech Standard", "SaaS Standard"], titles);
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
