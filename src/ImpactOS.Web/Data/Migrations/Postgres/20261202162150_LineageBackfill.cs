using ImpactOS.Web.Data.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LineageBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Row-level security is forced on these tables, so an owner without BYPASSRLS would update
            // no rows: lifted for the backfill, inside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE milestone_definitions NO FORCE ROW LEVEL SECURITY; ALTER TABLE milestone_tracks NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql(LineageBackfillSql.Sql);
            migrationBuilder.Sql("ALTER TABLE milestone_definitions FORCE ROW LEVEL SECURITY; ALTER TABLE milestone_tracks FORCE ROW LEVEL SECURITY;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The links stay: nothing before this migration reads them.
        }
    }
}
