using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NetworkBenchmark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "contribute_to_network",
                table: "tenant_config",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "standard_milestone_id",
                table: "milestone_definitions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "network_contribution_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contributes = table.Column<bool>(type: "boolean", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    by_user_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_network_contribution_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_network_contribution_changes_users_by_user_id",
                        column: x => x.by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000001"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000002"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000003"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000004"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000005"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000006"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000007"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000008"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000009"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000010"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8001-000000000011"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000001"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000002"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000003"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000004"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000005"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000006"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000007"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000008"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000009"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000010"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8002-000000000011"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000001"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000002"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000003"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000004"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000005"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000006"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000007"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000008"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000009"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000010"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000011"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.UpdateData(
                table: "milestone_definitions",
                keyColumn: "id",
                keyValue: new Guid("a0000000-0000-4000-8003-000000000012"),
                column: "standard_milestone_id",
                value: null);

            migrationBuilder.CreateIndex(
                name: "ix_milestone_definitions_standard_milestone_id",
                table: "milestone_definitions",
                column: "standard_milestone_id");

            migrationBuilder.CreateIndex(
                name: "ix_network_contribution_changes_by_user_id",
                table: "network_contribution_changes",
                column: "by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_network_contribution_changes_tenant_id_at",
                table: "network_contribution_changes",
                columns: new[] { "tenant_id", "at" });

            migrationBuilder.AddForeignKey(
                name: "fk_milestone_definitions_milestone_definitions_standard_milest",
                table: "milestone_definitions",
                column: "standard_milestone_id",
                principalTable: "milestone_definitions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_milestone_definitions_milestone_definitions_standard_milest",
                table: "milestone_definitions");

            migrationBuilder.DropTable(
                name: "network_contribution_changes");

            migrationBuilder.DropIndex(
                name: "ix_milestone_definitions_standard_milestone_id",
                table: "milestone_definitions");

            migrationBuilder.DropColumn(
                name: "contribute_to_network",
                table: "tenant_config");

            migrationBuilder.DropColumn(
                name: "standard_milestone_id",
                table: "milestone_definitions");
        }
    }
}
