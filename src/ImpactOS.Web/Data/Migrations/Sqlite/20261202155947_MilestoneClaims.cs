using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MilestoneClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "milestone_claims",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    company_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    milestone_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    achieved_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    evidence_note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    evidence_url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    file_content_type = table.Column<string>(type: "TEXT", maxLength: 127, nullable: true),
                    file_size_bytes = table.Column<long>(type: "INTEGER", nullable: true),
                    file_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    file_storage_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    claimed_by_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claimed_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    decided_by_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    approved_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    decline_reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_milestone_claims", x => x.id);
                    table.CheckConstraint("ck_milestone_claims_status", "status IN ('open', 'approved', 'declined')");
                    table.ForeignKey(
                        name: "fk_milestone_claims_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_milestone_claims_milestone_definitions_milestone_id",
                        column: x => x.milestone_id,
                        principalTable: "milestone_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_milestone_claims_users_claimed_by_user_id",
                        column: x => x.claimed_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_milestone_claims_users_decided_by_user_id",
                        column: x => x.decided_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_milestone_claims_claimed_by_user_id",
                table: "milestone_claims",
                column: "claimed_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_milestone_claims_company_id",
                table: "milestone_claims",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_milestone_claims_decided_by_user_id",
                table: "milestone_claims",
                column: "decided_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_milestone_claims_milestone_id",
                table: "milestone_claims",
                column: "milestone_id");

            migrationBuilder.CreateIndex(
                name: "ix_milestone_claims_one_open",
                table: "milestone_claims",
                columns: new[] { "tenant_id", "company_id", "milestone_id" },
                unique: true,
                filter: "status = 'open'");

            migrationBuilder.CreateIndex(
                name: "ix_milestone_claims_tenant_id_status_claimed_at_id",
                table: "milestone_claims",
                columns: new[] { "tenant_id", "status", "claimed_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "milestone_claims");
        }
    }
}
