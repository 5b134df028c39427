using ImpactOS.Web.Data.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImpactOS.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LineageBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Its own migration: on SQLite the previous one rebuilds milestone_definitions (for the new
            // foreign key), and SQL is not to run while that rebuild is pending.
            migrationBuilder.Sql(LineageBackfillSql.Sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The links stay: nothing before this migration reads them.
        }
    }
}
