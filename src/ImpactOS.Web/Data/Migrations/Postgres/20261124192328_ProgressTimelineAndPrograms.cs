using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProgressTimelineAndPrograms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "company_milestone_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_milestone_id = table.Column<Guid>(type: "uuid", nullable: false),
                    milestone_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    achieved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    evidence_note = table.Column<string>(type: "text", nullable: true),
                    evidence_url = table.Column<string>(type: "text", nullable: true),
                    previous_achieved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    previous_evidence_note = table.Column<string>(type: "text", nullable: true),
                    previous_evidence_url = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_milestone_events", x => x.id);
                    table.CheckConstraint("ck_company_milestone_events_action", "action IN ('achieved', 'edited', 'undone')");
                    table.ForeignKey(
                        name: "fk_company_milestone_events_company_milestones_company_milesto",
                        column: x => x.company_milestone_id,
                        principalTable: "company_milestones",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_company_milestone_events_milestone_definitions_milestone_id",
                        column: x => x.milestone_id,
                        principalTable: "milestone_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_company_milestone_events_users_by_user_id",
                        column: x => x.by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "company_updates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    submitted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    summary = table.Column<string>(type: "text", nullable: false),
                    revenue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    revenue_growth_pct = table.Column<double>(type: "double precision", nullable: true),
                    headcount = table.Column<int>(type: "integer", nullable: true),
                    cash_runway_months = table.Column<double>(type: "double precision", nullable: true),
                    submitted_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_updates", x => x.id);
                    table.ForeignKey(
                        name: "fk_company_updates_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_company_updates_users_submitted_by_user_id",
                        column: x => x.submitted_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evidence_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_milestone_id = table.Column<Guid>(type: "uuid", nullable: false),
                    milestone_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(127)", maxLength: 127, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    storage_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    uploaded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_evidence_files_company_milestones_company_milestone_id",
                        column: x => x.company_milestone_id,
                        principalTable: "company_milestones",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_evidence_files_users_uploaded_by_user_id",
                        column: x => x.uploaded_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "interactions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    coach_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_interactions", x => x.id);
                    table.CheckConstraint("ck_interactions_kind", "kind IN ('meeting', 'email', 'call', 'note')");
                    table.ForeignKey(
                        name: "fk_interactions_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_interactions_users_coach_user_id",
                        column: x => x.coach_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "programs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: true),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "program_enrollments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    program_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    enrolled_on = table.Column<DateOnly>(type: "date", nullable: false),
                    exited_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_program_enrollments", x => x.id);
                    table.CheckConstraint("ck_program_enrollments_window", "exited_on IS NULL OR exited_on > enrolled_on");
                    table.ForeignKey(
                        name: "fk_program_enrollments_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_program_enrollments_programs_program_id",
                        column: x => x.program_id,
                        principalTable: "programs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_company_milestones_tenant_id_company_id_achieved_at_id",
                table: "company_milestones",
                columns: new[] { "tenant_id", "company_id", "achieved_at", "id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_company_milestone_events_by_user_id",
                table: "company_milestone_events",
                column: "by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_milestone_events_company_milestone_id",
                table: "company_milestone_events",
                column: "company_milestone_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_milestone_events_milestone_id",
                table: "company_milestone_events",
                column: "milestone_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_milestone_events_tenant_id_company_id_milestone_id_",
                table: "company_milestone_events",
                columns: new[] { "tenant_id", "company_id", "milestone_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_company_updates_company_id",
                table: "company_updates",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_updates_submitted_by_user_id",
                table: "company_updates",
                column: "submitted_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_updates_tenant_id_company_id_submitted_at_id",
                table: "company_updates",
                columns: new[] { "tenant_id", "company_id", "submitted_at", "id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_evidence_files_company_milestone_id",
                table: "evidence_files",
                column: "company_milestone_id");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_files_tenant_id_company_milestone_id",
                table: "evidence_files",
                columns: new[] { "tenant_id", "company_milestone_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evidence_files_uploaded_by_user_id",
                table: "evidence_files",
                column: "uploaded_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_interactions_coach_user_id",
                table: "interactions",
                column: "coach_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_interactions_company_id",
                table: "interactions",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_interactions_tenant_id_coach_user_id",
                table: "interactions",
                columns: new[] { "tenant_id", "coach_user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_interactions_tenant_id_company_id_occurred_at_id",
                table: "interactions",
                columns: new[] { "tenant_id", "company_id", "occurred_at", "id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_program_enrollments_company_id",
                table: "program_enrollments",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_program_enrollments_program_id",
                table: "program_enrollments",
                column: "program_id");

            migrationBuilder.CreateIndex(
                name: "ix_program_enrollments_tenant_id_company_id_enrolled_on",
                table: "program_enrollments",
                columns: new[] { "tenant_id", "company_id", "enrolled_on" });

            migrationBuilder.CreateIndex(
                name: "ix_program_enrollments_tenant_id_program_id",
                table: "program_enrollments",
                columns: new[] { "tenant_id", "program_id" });

            migrationBuilder.CreateIndex(
                name: "ix_programs_tenant_id_name",
                table: "programs",
                columns: new[] { "tenant_id", "name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "company_milestone_events");

            migrationBuilder.DropTable(
                name: "company_updates");

            migrationBuilder.DropTable(
                name: "evidence_files");

            migrationBuilder.DropTable(
                name: "interactions");

            migrationBuilder.DropTable(
                name: "program_enrollments");

            migrationBuilder.DropTable(
                name: "programs");

            migrationBuilder.DropIndex(
                name: "ix_company_milestones_tenant_id_company_id_achieved_at_id",
                table: "company_milestones");
        }
    }
}
