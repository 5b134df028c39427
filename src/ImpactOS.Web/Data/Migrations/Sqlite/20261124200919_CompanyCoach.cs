using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CompanyCoach : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "coach_user_id",
                table: "companies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_companies_coach_user_id",
                table: "companies",
                column: "coach_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_companies_tenant_id_coach_user_id",
                table: "companies",
                columns: new[] { "tenant_id", "coach_user_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_companies_users_coach_user_id",
                table: "companies",
                column: "coach_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_companies_users_coach_user_id",
                table: "companies");

            migrationBuilder.DropIndex(
                name: "ix_companies_coach_user_id",
                table: "companies");

            migrationBuilder.DropIndex(
                name: "ix_companies_tenant_id_coach_user_id",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "coach_user_id",
                table: "companies");
        }
    }
}
