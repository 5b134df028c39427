using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>The app keeps no state of its own: two instances over one database and one data
/// directory serve the same users as one.</summary>
public sealed class TwoInstancesTests(AppFactory first) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private readonly AppFactory _second = new();

    public Task InitializeAsync()
    {
        _second.ShareStorageWith(first);
        return _second.InitializeAsync();
    }

    public Task DisposeAsync() => _second.DisposeAsync();

    [Fact]
    public async Task ATokenAndAnEvidenceFileFromOneInstanceWorkOnTheOther()
    {
        var tenant = await first.CreateTenantAsync();
        using var coachOnFirst = await tenant.CoachAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 shared"u8.ToArray()), "file", "shared.pdf" } };
        var file = await (await coachOnFirst.PostAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 1)}/evidence", form).ShouldBe(HttpStatusCode.Created)).JsonBody();

        // The bearer token was protected with keys the second instance reads from the database.
        using var coachOnSecond = _second.AnonymousClient();
        coachOnSecond.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await first.TokenForAsync(tenant.CoachEmail));
        var me = await coachOnSecond.GetAsync("/api/v1/me").Json200();
        Assert.Equal(tenant.CoachEmail, me.GetProperty("email").GetString());
        var download = await coachOnSecond.GetAsync(file.GetProperty("url").GetString()).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("%PDF-1.4 shared"u8.ToArray(), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AWriteOnOneInstanceIsSeenByTheOthersVelocityAndReports()
    {
        var tenant = await first.CreateTenantAsync();
        using var coachOnFirst = await tenant.CoachAsync();
        using var coachOnSecond = _second.AnonymousClient();
        coachOnSecond.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await first.TokenForAsync(tenant.CoachEmail));
        var url = $"/api/v1/tracks/{SystemStandards.SaaS}/velocity";
        var before = await coachOnSecond.GetAsync(url).Json200();
        Assert.Equal(0, before.GetProperty("steps")[0].GetProperty("events").GetInt32());
        const string report = "/api/v1/reports/attribution";
        Assert.Equal(0, (await coachOnSecond.GetAsync(report).Json200()).GetProperty("achievements").GetInt32());

        await coachOnFirst.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 1)}", new { achievedAt = "2024-03-01T00:00:00Z" })
            .ShouldBe(HttpStatusCode.OK);

        // PostgreSQL tells the second instance (LISTEN/NOTIFY, delivered within moments). The
        // embedded SQLite database is for one instance, so there the writer's own cache is checked.
        var observer = TestDatabase.IsPostgres ? coachOnSecond : coachOnFirst;
        var seen = false;
        for (var attempt = 0; attempt < 100 && !seen; attempt++)
        {
            seen = (await observer.GetAsync(url).Json200()).GetProperty("steps")[0].GetProperty("events").GetInt32() == 1
                && (await observer.GetAsync(report).Json200()).GetProperty("achievements").GetInt32() == 1;
            if (!seen)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(seen, "The second instance never saw the achievement in its velocity and its reports.");
    }
}
