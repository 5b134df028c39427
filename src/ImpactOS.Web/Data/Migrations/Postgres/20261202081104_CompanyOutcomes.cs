using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CompanyOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "companies",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "active");

            migrationBuilder.AddColumn<DateOnly>(
                name: "outcome_on",
                table: "companies",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "company_outcome_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome_on = table.Column<DateOnly>(type: "date", nullable: true),
                    previous_outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    previous_outcome_on = table.Column<DateOnly>(type: "date", nullable: true),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    by_user_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_outcome_events", x => x.id);
                    table.CheckConstraint("ck_company_outcome_events_outcome", "outcome IN ('active', 'shut_down', 'acquired')");
                    table.CheckConstraint("ck_company_outcome_events_previous_outcome", "previous_outcome IN ('active', 'shut_down', 'acquired')");
                    table.ForeignKey(
                        name: "fk_company_outcome_events_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_company_outcome_events_users_by_user_id",
                        column: x => x.by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_companies_outcome",
                table: "companies",
                sql: "(outcome = 'active' AND outcome_on IS NULL) OR (outcome IN ('shut_down', 'acquired') AND outcome_on IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "ix_company_outcome_events_by_user_id",
                table: "company_outcome_events",
                column: "by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_outcome_events_company_id",
                table: "company_outcome_events",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_outcome_events_tenant_id_company_id_at",
                table: "company_outcome_events",
                columns: new[] { "tenant_id", "company_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "company_outcome_events");

            migrationBuilder.DropCheckConstraint(
                name: "ck_companies_outcome",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "outcome_on",
                table: "companies");
        }
    }
}
