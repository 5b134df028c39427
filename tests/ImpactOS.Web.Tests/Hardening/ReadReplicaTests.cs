using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tenancy;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>Reads that scale out to a streaming replica (test.sh's hot standby of its primary):
/// the analytics, reports and exports read from it, with the same row-level security; a page
/// right after a write reads the primary; a lagging or missing replica sends every read to the
/// primary and the health report says so.</summary>
[Trait("Category", "Postgres")]
[Collection(ReplicaCollection.Name)]
public sealed class ReadReplicaTests(ReplicaFactory factory) : IClassFixture<ReplicaFactory>
{
    private static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
    private static readonly Guid SecondStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);

    /// <summary>A company written straight into the primary, past the app (so the app knows of no
    /// write): it reaches a reader only through replication.</summary>
    private async Task AddCompanyBehindTheAppsBackAsync(Guid tenantId, string name)
    {
        var user = new CurrentUser();
        user.ActAsTenant(tenantId);
        await using var db = new PostgresAppDbContext(
            DatabaseSetup.ConfigurePostgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), factory.ConnectionString).Options, user, TimeProvider.System);
        db.Companies.Add(Company.Create(name, null, new DateOnly(2024, 2, 1), null, SystemStandards.SaaS, null, DateTime.UtcNow));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task AnalyticsReportsAndExportsAreReadFromTheReplica()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await TestStandby.WaitForReplayAsync();

        var before = factory.Replica.ReplicaReads;
        await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity").Json200();
        await coach.GetAsync("/api/v1/reports/attribution").Json200();
        await coach.GetAsync("/api/v1/reports/program-effects").Json200();
        Assert.True(factory.Replica.ReplicaReads >= before + 3, $"{factory.Replica.ReplicaReads - before} of the three analytics loads came from the replica");

        // Proof that the export is the replica's: with its replay paused, a company written on
        // the primary behind the app's back is not in it; once replay resumes, it is.
        await TestStandby.PauseReplayAsync();
        try
        {
            await AddCompanyBehindTheAppsBackAsync(tenant.Id, "Only On The Primary Ltd");
            var stale = await (await coach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
            Assert.Contains("Founder's Co", stale, StringComparison.Ordinal);
            Assert.DoesNotContain("Only On The Primary Ltd", stale, StringComparison.Ordinal);
        }
        finally
        {
            await TestStandby.ResumeReplayAsync();
        }

        await TestStandby.WaitForReplayAsync();
        var fresh = await (await coach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("Only On The Primary Ltd", fresh, StringComparison.Ordinal);

        using var anonymous = factory.AnonymousClient();
        var health = await (await anonymous.GetAsync("/healthz").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("replica: Healthy: replica streaming", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowLevelSecurityHoldsOnTheReplica()
    {
        var first = await factory.CreateTenantAsync();
        var second = await factory.CreateTenantAsync();
        await TestStandby.WaitForReplayAsync();

        // As the application role on the standby: the tenant's own rows, none without a tenant, no writes.
        await using var standby = new NpgsqlConnection(DatabaseSetup.WithAppRole(TestStandby.ForDatabase(factory.ConnectionString), "impactos_app"));
        await standby.OpenAsync();
        Assert.True(await TestStandby.ScalarAsync<bool>(standby, "SELECT pg_is_in_recovery()"));
        await using (var session = PostgresSession.CreateCommand(standby, first.Id, isOperator: false))
        {
            await session.ExecuteNonQueryAsync();
        }

        Assert.Equal(1L, await TestStandby.ScalarAsync<long>(standby, "SELECT count(*) FROM companies"));
        Assert.Equal(first.Id, await TestStandby.ScalarAsync<Guid>(standby, "SELECT DISTINCT tenant_id FROM companies"));
        Assert.Equal(0L, await TestStandby.ScalarAsync<long>(standby, $"SELECT count(*) FROM companies WHERE tenant_id = '{second.Id}'"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => TestStandby.ScalarAsync<object>(standby, "UPDATE companies SET name = name"));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
        await using (var session = PostgresSession.CreateCommand(standby, null, isOperator: false))
        {
            await session.ExecuteNonQueryAsync();
        }

        Assert.Equal(0L, await TestStandby.ScalarAsync<long>(standby, "SELECT count(*) FROM companies"));

        // Through the app: each organization's export, read from the replica, holds its company only.
        var before = factory.Replica.ReplicaReads;
        using var firstCoach = await first.CoachAsync();
        using var secondCoach = await second.CoachAsync();
        var firstCsv = await (await firstCoach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var secondCsv = await (await secondCoach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Equal(before + 2, factory.Replica.ReplicaReads);
        var firstName = await first.InScopeAsync((_, db) => db.Companies.Select(c => c.Name).SingleAsync());
        var secondName = await second.InScopeAsync((_, db) => db.Companies.Select(c => c.Name).SingleAsync());
        Assert.Contains(firstName, firstCsv, StringComparison.Ordinal);
        Assert.DoesNotContain(secondName, firstCsv, StringComparison.Ordinal);
        Assert.Contains(secondName, secondCsv, StringComparison.Ordinal);
        Assert.DoesNotContain(firstName, secondCsv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIsShownRightAfterAWriteShowsTheWrite()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await TestStandby.WaitForReplayAsync();
        var velocityUrl = $"/api/v1/companies/{tenant.FounderCompanyId}/velocity";
        var trackUrl = $"/api/v1/tracks/{SystemStandards.SaaS}/velocity";
        Assert.Equal(FirstStep, (await coach.GetAsync(velocityUrl).Json200()).GetProperty("nextMilestone").GetProperty("id").GetGuid());
        Assert.Equal(0, (await coach.GetAsync(trackUrl).Json200()).GetProperty("steps")[0].GetProperty("events").GetInt32());

        // The replica stops replaying, so it cannot have the mark: everything shown after it must
        // come from the primary (the profile's own rows always do; the cached velocity because
        // the replica has not replayed past the mark).
        await TestStandby.PauseReplayAsync();
        try
        {
            await coach.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{FirstStep}", new { achievedAt = "2024-03-01T00:00:00Z" })
                .ShouldBe(HttpStatusCode.OK);
            var fromPrimary = factory.Replica.PrimaryReads;

            var roadmap = await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200();
            Assert.Equal("achieved", roadmap.EnumerateArray().Single(s => s.GetProperty("milestoneId").GetGuid() == FirstStep).GetProperty("status").GetString());
            Assert.Equal(SecondStep, (await coach.GetAsync(velocityUrl).Json200()).GetProperty("nextMilestone").GetProperty("id").GetGuid());
            Assert.Equal(1, (await coach.GetAsync(trackUrl).Json200()).GetProperty("steps")[0].GetProperty("events").GetInt32());
            Assert.Equal(1, (await coach.GetAsync("/api/v1/reports/attribution").Json200()).GetProperty("achievements").GetInt32());
            var export = await (await coach.GetAsync("/api/v1/exports/milestones.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
            Assert.Contains("2024-03-01", export, StringComparison.Ordinal);
            Assert.True(factory.Replica.PrimaryReads > fromPrimary, "the reads after the mark did not go to the primary");

            using var page = await factory.PageClientForAsync(tenant.CoachEmail);
            var profile = await (await page.GetAsync($"/companies/{tenant.FounderCompanyId}").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
            Assert.Contains("1 Mar 2024", profile, StringComparison.Ordinal);
        }
        finally
        {
            await TestStandby.ResumeReplayAsync();
        }
    }

    [Fact]
    public async Task AnotherInstancesWriteReachesThisOnesCacheFromThePrimary()
    {
        var tenant = await factory.CreateTenantAsync();
        await using var second = new ReplicaFactory();
        second.ShareStorageWith(factory);
        await second.InitializeAsync();
        using var coachOnFirst = await tenant.CoachAsync();
        using var coachOnSecond = second.AnonymousClient();
        coachOnSecond.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await factory.TokenForAsync(tenant.CoachEmail));
        var url = $"/api/v1/tracks/{SystemStandards.SaaS}/velocity";
        await TestStandby.WaitForReplayAsync();
        Assert.Equal(0, (await coachOnSecond.GetAsync(url).Json200()).GetProperty("steps")[0].GetProperty("events").GetInt32());
        Assert.True(second.Replica.ReplicaReads > 0);

        // The second instance hears of the mark by NOTIFY, with the primary's position in it: its
        // reload must not come from the paused replica (which would keep the old velocity cached).
        await TestStandby.PauseReplayAsync();
        try
        {
            await coachOnFirst.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{FirstStep}", new { achievedAt = "2024-03-01T00:00:00Z" })
                .ShouldBe(HttpStatusCode.OK);
            await TestStandby.UntilAsync(
                async () => (await coachOnSecond.GetAsync(url).Json200()).GetProperty("steps")[0].GetProperty("events").GetInt32() == 1,
                "the second instance's velocity to show the first one's mark");
            Assert.True(second.Replica.PrimaryReads > 0);
        }
        finally
        {
            await TestStandby.ResumeReplayAsync();
        }
    }
}

/// <summary>A replica allowed almost no lag: with its replay paused it counts as lagging at once.</summary>
public sealed class StrictReplicaFactory : ReplicaFactory
{
    protected override TimeSpan MaxLag => TimeSpan.FromMilliseconds(1);
}

[Trait("Category", "Postgres")]
[Collection(ReplicaCollection.Name)]
public sealed class LaggingReplicaTests(StrictReplicaFactory factory) : IClassFixture<StrictReplicaFactory>
{
    [Fact]
    public async Task ALaggingReplicaSendsReadsToThePrimaryAndTheHealthReportSaysSo()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        using var anonymous = factory.AnonymousClient();
        await TestStandby.WaitForReplayAsync();

        await TestStandby.PauseReplayAsync();
        try
        {
            await coach.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 1)}", new { achievedAt = "2024-03-01T00:00:00Z" })
                .ShouldBe(HttpStatusCode.OK);
            var health = "";
            await TestStandby.UntilAsync(
                async () =>
                {
                    health = await (await anonymous.GetAsync("/healthz").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
                    return health.Contains("replica lagging", StringComparison.Ordinal);
                },
                "the health report to say the replica lags");
            Assert.StartsWith("Degraded\n", health, StringComparison.Ordinal);
            Assert.Matches(@"replica: Degraded: replica lagging \(\d+\.\d s behind, \d+ bytes of WAL, replay paused; at most 0 s allowed\): reads fall back to the primary", health);
            Assert.Equal("Healthy", await (await anonymous.GetAsync("/healthz/ready").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync());

            var onReplica = factory.Replica.ReplicaReads;
            Assert.Equal(1, (await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity").Json200()).GetProperty("steps")[0].GetProperty("events").GetInt32());
            Assert.Equal(1, (await coach.GetAsync("/api/v1/reports/attribution").Json200()).GetProperty("achievements").GetInt32());
            var export = await (await coach.GetAsync("/api/v1/exports/milestones.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
            Assert.Contains("2024-03-01", export, StringComparison.Ordinal);
            Assert.Equal(onReplica, factory.Replica.ReplicaReads);
        }
        finally
        {
            await TestStandby.ResumeReplayAsync();
        }
    }
}

/// <summary>A replica that is not there: its port has no server.</summary>
public sealed class MissingReplicaFactory : ReplicaFactory
{
    private static readonly int DeadPort = PostgresCluster.FreePort();

    protected override string ReplicaConnection =>
        new NpgsqlConnectionStringBuilder(TestStandby.ForDatabase(ConnectionString)) { Port = DeadPort, Timeout = 3 }.ToString();
}

[Trait("Category", "Postgres")]
[Collection(ReplicaCollection.Name)]
public sealed class MissingReplicaTests(MissingReplicaFactory factory) : IClassFixture<MissingReplicaFactory>
{
    [Fact]
    public async Task WithTheReplicaGoneTheAppAnswersFromThePrimaryAndSaysSo()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await coach.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 1)}", new { achievedAt = "2024-03-01T00:00:00Z" })
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal(1, (await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity").Json200()).GetProperty("steps")[0].GetProperty("events").GetInt32());
        Assert.Equal(1, (await coach.GetAsync("/api/v1/reports/attribution").Json200()).GetProperty("achievements").GetInt32());
        var export = await (await coach.GetAsync("/api/v1/exports/milestones.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("2024-03-01", export, StringComparison.Ordinal);
        Assert.Equal(0, factory.Replica.ReplicaReads);
        Assert.True(factory.Replica.PrimaryReads >= 3);

        using var anonymous = factory.AnonymousClient();
        var health = await (await anonymous.GetAsync("/healthz").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.StartsWith("Degraded\n", health, StringComparison.Ordinal);
        Assert.Contains("replica: Degraded: replica unreachable (", health, StringComparison.Ordinal);
        Assert.EndsWith("): reads fall back to the primary", health, StringComparison.Ordinal);
        Assert.Equal("Healthy", await (await anonymous.GetAsync("/healthz/ready").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync());
    }
}

/// <summary>A replica whose state is not read again for an hour: a failure shows up in a read itself.</summary>
public sealed class TrustingReplicaFactory : ReplicaFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["ImpactOS:Database:ReplicaRecheckInterval"] = "01:00:00",
    };
}

[Trait("Category", "Postgres")]
[Collection(ReplicaCollection.Name)]
public sealed class ReplicaDroppingOutTests(TrustingReplicaFactory factory) : IClassFixture<TrustingReplicaFactory>
{
    [Fact]
    public async Task AReadTheReplicaFailsIsReadAgainFromThePrimary()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await TestStandby.WaitForReplayAsync();
        var first = await (await coach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Equal(1, factory.Replica.ReplicaReads);
        Assert.Equal(ReplicaCondition.Streaming, factory.Replica.Status.Condition);

        // The replica drops every connection of the app (as on a restart): the next read fails
        // there and is answered from the primary, and the replica is left alone until the recheck.
        await using (var standby = new NpgsqlConnection(TestStandby.AdminConnection))
        {
            await standby.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", standby);
            terminate.Parameters.AddWithValue("name", new NpgsqlConnectionStringBuilder(factory.ConnectionString).Database!);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0);
        }

        var primaryReads = factory.Replica.PrimaryReads;
        var again = await (await coach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Equal(first, again);
        Assert.Equal(1, factory.Replica.ReplicaReads);
        Assert.Equal(primaryReads + 1, factory.Replica.PrimaryReads);
        Assert.Equal(ReplicaCondition.Unreachable, factory.Replica.Status.Condition);
        await coach.GetAsync("/api/v1/exports/companies.csv").ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, factory.Replica.ReplicaReads);
    }
}
