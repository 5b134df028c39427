using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HistorySequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_company_milestone_events_tenant_id_company_id_milestone_id_",
                table: "company_milestone_events");

            migrationBuilder.AddColumn<int>(
                name: "change_count",
                table: "company_milestones",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "sequence",
                table: "company_milestone_events",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Row-level security is forced on these tables, so an owner without BYPASSRLS would update
            // no rows: lifted for the backfill, inside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE company_milestone_events NO FORCE ROW LEVEL SECURITY; ALTER TABLE company_milestones NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql(HistorySequenceBackfill.Sql);
            migrationBuilder.Sql("ALTER TABLE company_milestone_events FORCE ROW LEVEL SECURITY; ALTER TABLE company_milestones FORCE ROW LEVEL SECURITY;");

            migrationBuilder.CreateIndex(
                name: "ix_company_milestone_events_history",
                table: "company_milestone_events",
                columns: new[] { "tenant_id", "company_id", "milestone_id", "sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_company_milestone_events_history",
                table: "company_milestone_events");

            migrationBuilder.DropColumn(
                name: "change_count",
                table: "company_milestones");

            migrationBuilder.DropColumn(
                name: "sequence",
                table: "company_milestone_events");

            migrationBuilder.CreateIndex(
                name: "ix_company_milestone_events_tenant_id_company_id_milestone_id_",
                table: "company_milestone_events",
                columns: new[] { "tenant_id", "company_id", "milestone_id", "at" });
        }
    }
}
