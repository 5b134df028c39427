using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace ImpactOS.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "milestone_tracks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    is_system_standard = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    copied_from_track_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_milestone_tracks", x => x.id);
                    table.ForeignKey(
                        name: "fk_milestone_tracks_milestone_tracks_copied_from_track_id",
                        column: x => x.copied_from_track_id,
                        principalTable: "milestone_tracks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_milestone_tracks_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tenant_config",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    feature_milestones = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_config", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_tenant_config_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "companies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    industry = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    founded_on = table.Column<DateOnly>(type: "date", nullable: true),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    milestone_track_id = table.Column<Guid>(type: "uuid", nullable: false),
                    track_started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_companies", x => x.id);
                    table.ForeignKey(
                        name: "fk_companies_milestone_tracks_milestone_track_id",
                        column: x => x.milestone_track_id,
                        principalTable: "milestone_tracks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "milestone_definitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    track_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    order_index = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_milestone_definitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_milestone_definitions_milestone_tracks_track_id",
                        column: x => x.track_id,
                        principalTable: "milestone_tracks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "text", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.CheckConstraint("ck_users_role", "role IN ('admin', 'coach', 'founder', 'operator')");
                    table.ForeignKey(
                        name: "fk_users_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_users_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "company_milestones",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    milestone_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    achieved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    logged_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    verified_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    evidence_note = table.Column<string>(type: "text", nullable: true),
                    evidence_url = table.Column<string>(type: "text", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_milestones", x => x.id);
                    table.CheckConstraint("ck_company_milestones_status", "status IN ('pending', 'achieved')");
                    table.ForeignKey(
                        name: "fk_company_milestones_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_company_milestones_milestone_definitions_milestone_id",
                        column: x => x.milestone_id,
                        principalTable: "milestone_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_company_milestones_users_verified_by_user_id",
                        column: x => x.verified_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    provider_key = table.Column<string>(type: "text", nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "milestone_tracks",
                columns: new[] { "id", "copied_from_track_id", "created_at", "description", "is_system_standard", "tenant_id", "title", "version" },
                values: new object[,]
                {
                    { new Guid("a0000000-0000-4000-8000-000000000001"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Software-as-a-service: from a business model hypothesis to a Series A (Steve Blank's Investment Readiness Levels, Startup Genome stages).", true, null, "SaaS Standard", 0 },
                    { new Guid("a0000000-0000-4000-8000-000000000002"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Physical products: from requirements through EVT/DVT/PVT builds to volume orders (NASA Technology Readiness Levels).", true, null, "Hardware Standard", 0 },
                    { new Guid("a0000000-0000-4000-8000-000000000003"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Medical devices: from clinical need through FDA and EU MDR to first sales (US Army MRMC TRLs for medical devices, FDA/EU regulation).", true, null, "MedTech Standard", 0 }
                });

            migrationBuilder.InsertData(
                table: "milestone_definitions",
                columns: new[] { "id", "archived_at", "created_at", "description", "order_index", "tenant_id", "title", "track_id" },
                values: new object[,]
                {
                    { new Guid("a0000000-0000-4000-8001-000000000001"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A first business model canvas; market size and competition sized (IRL 1–2).", 1, null, "Business model hypothesis", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000002"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Documented customer discovery interviews confirm a painful problem (IRL 3).", 2, null, "Problem Validation", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000003"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Target customers confirm the proposed solution solves it.", 3, null, "Problem–solution fit", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000004"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A minimum viable product in real users' hands (IRL 4).", 4, null, "MVP live", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000005"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A signed contract or a paid invoice.", 5, null, "First paying customer", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000006"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A first outside round (pre-seed or angel) has closed and the money is in the bank.", 6, null, "Pre-seed / angel round closed", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000007"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "One channel acquires customers predictably at a known cost (IRL 6).", 7, null, "Repeatable acquisition channel", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000008"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Retention flattens; at least 40% of users would be \"very disappointed\" without it (IRL 5, 8).", 8, null, "Product–market fit", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000009"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A priced or SAFE seed round has closed.", 9, null, "Seed round closed", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000010"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Annual recurring revenue has reached one million US dollars (or equivalent).", 10, null, "$1M ARR", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8001-000000000011"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A Series A round has closed (IRL 9).", 11, null, "Series A closed", new Guid("a0000000-0000-4000-8000-000000000001") },
                    { new Guid("a0000000-0000-4000-8002-000000000001"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A written PRD with target cost and key specifications (TRL 2).", 1, null, "Product requirements", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000002"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A works-like prototype demonstrates the core function (TRL 3–4).", 2, null, "Proof of concept", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000003"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A looks-like/works-like prototype, tested with users (TRL 5–6).", 3, null, "Alpha prototype", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000004"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Letters of intent, paid pilots or pre-orders.", 4, null, "Pilot commitments", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000005"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Engineering validation build (tens of units) meets functional specifications.", 5, null, "EVT complete", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000006"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Design validation build on near-final tooling; reliability and pre-compliance; design frozen.", 6, null, "DVT complete", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000007"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "FCC / CE / UL certifications as the product requires.", 7, null, "Certifications passed", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000008"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Production validation build; line, yield and process validated.", 8, null, "PVT complete", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000009"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Units built at volume and shipped to paying customers (TRL 9).", 9, null, "Mass production and first commercial shipment", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000010"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Customers have re-ordered at volume.", 10, null, "Repeat volume orders", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8002-000000000011"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A seed or Series A round has closed.", 11, null, "Seed / Series A closed", new Guid("a0000000-0000-4000-8000-000000000002") },
                    { new Guid("a0000000-0000-4000-8003-000000000001"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Intended use, device class and pathway chosen (510(k), De Novo or PMA; EU MDR class).", 1, null, "Clinical need and regulatory strategy", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000002"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Bench or animal studies show the device can work (MRMC TRL 3–4).", 2, null, "Bench / animal proof of concept", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000003"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Design controls under 21 CFR 820 / ISO 13485 are in place.", 3, null, "Quality system started", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000004"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A Q-Sub meeting has been held and FDA feedback received.", 4, null, "FDA Pre-Submission feedback", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000005"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Safety, biocompatibility and software verification and validation done.", 5, null, "Design verification and validation", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000006"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A first-in-human or pilot study has run, under an IDE where required (TRL 6).", 6, null, "First-in-human / pilot study", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000007"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The pivotal clinical study is complete, where the pathway requires one (TRL 7–8).", 7, null, "Pivotal study complete", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000008"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The quality management system is certified to ISO 13485.", 8, null, "ISO 13485 certified", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000009"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The 510(k), De Novo request or PMA (or EU technical file) has been submitted.", 9, null, "Regulatory submission filed", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000010"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "510(k) clearance, De Novo grant or PMA approval received.", 10, null, "FDA clearance / approval", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000011"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "CE marking obtained under the EU Medical Device Regulation.", 11, null, "CE marking under EU MDR", new Guid("a0000000-0000-4000-8000-000000000003") },
                    { new Guid("a0000000-0000-4000-8003-000000000012"), null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The first device has been sold and a reimbursement code is in place.", 12, null, "First commercial sale and reimbursement code", new Guid("a0000000-0000-4000-8000-000000000003") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_companies_milestone_track_id",
                table: "companies",
                column: "milestone_track_id");

            migrationBuilder.CreateIndex(
                name: "ix_companies_tenant_id_external_id",
                table: "companies",
                columns: new[] { "tenant_id", "external_id" },
                unique: true,
                filter: "external_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_companies_tenant_id_milestone_track_id",
                table: "companies",
                columns: new[] { "tenant_id", "milestone_track_id" });

            migrationBuilder.CreateIndex(
                name: "ix_companies_tenant_id_name_id",
                table: "companies",
                columns: new[] { "tenant_id", "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_company_milestones_company_id",
                table: "company_milestones",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_milestones_milestone_id",
                table: "company_milestones",
                column: "milestone_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_milestones_tenant_id_company_id_milestone_id",
                table: "company_milestones",
                columns: new[] { "tenant_id", "company_id", "milestone_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_company_milestones_tenant_id_milestone_id_status",
                table: "company_milestones",
                columns: new[] { "tenant_id", "milestone_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_company_milestones_verified_by_user_id",
                table: "company_milestones",
                column: "verified_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_milestone_definitions_tenant_id",
                table: "milestone_definitions",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_milestone_definitions_track_id_order_index",
                table: "milestone_definitions",
                columns: new[] { "track_id", "order_index" });

            migrationBuilder.CreateIndex(
                name: "ix_milestone_tracks_copied_from_track_id",
                table: "milestone_tracks",
                column: "copied_from_track_id");

            migrationBuilder.CreateIndex(
                name: "ix_milestone_tracks_tenant_id_title",
                table: "milestone_tracks",
                columns: new[] { "tenant_id", "title" });

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_company_id",
                table: "users",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_tenant_id_role",
                table: "users",
                columns: new[] { "tenant_id", "role" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "company_milestones");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "tenant_config");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "milestone_definitions");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "companies");

            migrationBuilder.DropTable(
                name: "milestone_tracks");

            migrationBuilder.DropTable(
                name: "tenants");
        }
    }
}
