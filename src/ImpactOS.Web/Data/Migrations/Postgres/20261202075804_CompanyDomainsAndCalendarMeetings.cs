using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CompanyDomainsAndCalendarMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "calendar_recurrence_id",
                table: "interactions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "calendar_sequence",
                table: "interactions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "calendar_uid",
                table: "interactions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "company_domains",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    domain = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_domains", x => x.id);
                    table.ForeignKey(
                        name: "fk_company_domains_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_interactions_calendar_event",
                table: "interactions",
                columns: new[] { "tenant_id", "calendar_uid", "company_id" },
                unique: true,
                filter: "calendar_uid IS NOT NULL AND calendar_recurrence_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_interactions_calendar_occurrence",
                table: "interactions",
                columns: new[] { "tenant_id", "calendar_uid", "company_id", "calendar_recurrence_id" },
                unique: true,
                filter: "calendar_uid IS NOT NULL AND calendar_recurrence_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_company_domains_company_id",
                table: "company_domains",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_domains_tenant_id_company_id",
                table: "company_domains",
                columns: new[] { "tenant_id", "company_id" });

            migrationBuilder.CreateIndex(
                name: "ix_company_domains_tenant_id_domain",
                table: "company_domains",
                columns: new[] { "tenant_id", "domain" },
                unique: true,
                filter: "archived_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "company_domains");

            migrationBuilder.DropIndex(
                name: "ix_interactions_calendar_event",
                table: "interactions");

            migrationBuilder.DropIndex(
                name: "ix_interactions_calendar_occurrence",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "calendar_recurrence_id",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "calendar_sequence",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "calendar_uid",
                table: "interactions");
        }
    }
}
