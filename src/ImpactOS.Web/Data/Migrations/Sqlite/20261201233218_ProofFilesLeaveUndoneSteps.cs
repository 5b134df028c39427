using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "undo_count",
                table: "company_milestones",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql(ProofRoundBackfill.Sql);
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
