using System.Diagnostics;
using System.Net;
using ImpactOS.Web.Tests.Infrastructure;
using Npgsql;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>The backup procedure of docs/operations.md, tested: pg_dump, restore into a new
/// database, and the app works on the restored copy.</summary>
[Trait("Category", "Postgres")]
public sealed class BackupRestoreTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ADumpRestoredIntoANewDatabaseServesTheSameData()
    {
        var tenant = await factory.CreateTenantAsync(name: "Backed Up Org");
        using (var coach = await tenant.CoachAsync())
        {
            await coach.PutAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{Features.Tracks.SystemStandards.MilestoneId(Features.Tracks.SystemStandards.SaaS, 1)}",
                System.Net.Http.Json.JsonContent.Create(new { achievedAt = "2024-03-01T00:00:00Z", evidenceNote = "Before the backup" })).ShouldBe(HttpStatusCode.OK);
        }

        var source = new NpgsqlConnectionStringBuilder(factory.ConnectionString);
        var dump = Path.Combine(factory.DataDir, "backup.dump");
        var restored = source.Database + "_restored";
        await RunAsync("pg_dump", "--format=custom", $"--file={dump}", $"--host={source.Host}", $"--port={source.Port}", $"--username={source.Username}", source.Database!);
        await TestDatabase.ExecuteAdminAsync($"CREATE DATABASE {restored}");
        await RunAsync("pg_restore", "--exit-on-error", $"--dbname={restored}", $"--host={source.Host}", $"--port={source.Port}", $"--username={source.Username}", dump);

        var copy = new AppFactory();
        copy.UseExistingStorage(new NpgsqlConnectionStringBuilder(factory.ConnectionString) { Database = restored }.ToString(), factory.DataDir);
        try
        {
            await copy.InitializeAsync();
            using var coach = await copy.ClientForAsync(tenant.CoachEmail);
            var me = await coach.GetAsync("/api/v1/me").Json200();
            Assert.Equal("Backed Up Org", me.GetProperty("tenantName").GetString());
            var history = await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{Features.Tracks.SystemStandards.MilestoneId(Features.Tracks.SystemStandards.SaaS, 1)}/history").Json200();
            Assert.Equal("Before the backup", history[0].GetProperty("evidenceNote").GetString());
        }
        finally
        {
            await copy.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await TestDatabase.ExecuteAdminAsync($"DROP DATABASE IF EXISTS {restored} WITH (FORCE)");
        }
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).Last();
        var info = new ProcessStartInfo(Path.Combine(bin, tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {errors}");
    }
}
