using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HistorySequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_company_milestone_events_tenant_id_company_id_milestone_id_at",
                table: "company_milestone_events");

            migrationBuilder.AddColumn<int>(
                name: "change_count",
                table: "company_milestones",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "sequence",
                table: "company_milestone_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql(HistorySequenceBackfill.Sql);

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
                name: "ix_company_milestone_events_tenant_id_company_id_milestone_id_at",
                table: "company_milestone_events",
                columns: new[] { "tenant_id", "company_id", "milestone_id", "at" });
        }
    }
}
