using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProofFilesLeaveUndoneSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "undos_before",
                table: "evidence_files",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "undo_count",
                table: "company_milestones",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Row-level security is forced on these tables, so an owner without BYPASSRLS would update
            // no rows: lifted for the backfill, inside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE company_milestones NO FORCE ROW LEVEL SECURITY; ALTER TABLE evidence_files NO FORCE ROW LEVEL SECURITY; ALTER TABLE company_milestone_events NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql(ProofRoundBackfill.Sql);
            migrationBuilder.Sql("ALTER TABLE company_milestones FORCE ROW LEVEL SECURITY; ALTER TABLE evidence_files FORCE ROW LEVEL SECURITY; ALTER TABLE company_milestone_events FORCE ROW LEVEL SECURITY;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "undos_before",
                table: "evidence_files");

            migrationBuilder.DropColumn(
                name: "undo_count",
                table: "company_milestones");
        }
    }
}
