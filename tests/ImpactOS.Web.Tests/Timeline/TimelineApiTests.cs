using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Timeline;

public sealed class TimelineApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly DateTime Base = new(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc);

    private static string Timeline(TestTenant t, string query = "") => $"/api/v1/companies/{t.FounderCompanyId}/timeline{query}";

    /// <summary>A history with ties: 12 interactions and 5 updates at one instant, 3 milestones, a program window.</summary>
    private async Task<TestTenant> HistoryAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        await tenant.InScopeAsync(async (_, db) =>
        {
            var company = tenant.FounderCompanyId;
            for (var i = 0; i < 12; i++)
            {
                db.Interactions.Add(new Interaction { CompanyId = company, Kind = InteractionKind.Meeting, OccurredAt = Base, Subject = $"Tied meeting {i}", CreatedAt = Base });
            }

            for (var i = 0; i < 8; i++)
            {
                db.Interactions.Add(new Interaction { CompanyId = company, Kind = i % 2 == 0 ? InteractionKind.Call : InteractionKind.Email, OccurredAt = Base.AddDays(-i - 1), Subject = $"Earlier {i}", CreatedAt = Base });
            }

            for (var i = 0; i < 5; i++)
            {
                db.CompanyUpdates.Add(new CompanyUpdate { CompanyId = company, Period = $"P{i}", SubmittedAt = Base, Summary = $"Tied update {i}", CreatedAt = Base });
            }

            for (var step = 1; step <= 3; step++)
            {
                db.CompanyMilestones.Add(new CompanyMilestone
                {
                    CompanyId = company,
                    MilestoneId = SystemStandards.MilestoneId(SystemStandards.SaaS, step),
                    Status = MilestoneStatus.Achieved,
                    AchievedAt = Base.AddDays(step * 3),
                    LoggedAt = Base,
                });
            }

            var program = new SupportProgram { Name = "Spring Cohort", CreatedAt = Base };
            db.Programs.Add(program);
            db.ProgramEnrollments.Add(new ProgramEnrollment { ProgramId = program.Id, CompanyId = company, EnrolledOn = new DateOnly(2025, 2, 1), ExitedOn = new DateOnly(2025, 5, 1), CreatedAt = Base });
            await db.SaveChangesAsync();
        });
        return tenant;
    }

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task TheTimelineWeavesEveryKindNewestFirst()
    {
        var tenant = await HistoryAsync();
        using var coach = await tenant.CoachAsync();
        var items = Items(await coach.GetAsync(Timeline(tenant, "?limit=200")).Json200());

        Assert.Equal(12 + 8 + 5 + 3 + 2, items.Count);
        var times = items.Select(i => i.GetProperty("occurredAt").GetDateTime()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Equal("Left Spring Cohort", items[0].GetProperty("title").GetString());
        Assert.Equal("Reached Problem–solution fit", items[1].GetProperty("title").GetString());
        Assert.Contains(items, i => i.GetProperty("title").GetString() == "Joined Spring Cohort" && i.GetProperty("kind").GetString() == "program");
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "update" && i.GetProperty("title").GetString()!.StartsWith("Submitted P0 update", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PagingReachesEveryEntryExactlyOnceEvenWithEqualTimestamps()
    {
        var tenant = await HistoryAsync();
        using var coach = await tenant.CoachAsync();
        var seen = new List<(DateTime At, Guid Id)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await coach.GetAsync(Timeline(tenant, "?limit=7" + (cursor is null ? "" : "&cursor=" + cursor))).Json200();
            seen.AddRange(Items(page).Select(i => (i.GetProperty("occurredAt").GetDateTime(), i.GetProperty("refId").GetGuid())));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(30, seen.Count);
        Assert.Equal(30, seen.Select(s => s.Id).Distinct().Count());
        Assert.Equal(5, pages);
        Assert.Equal(seen.OrderByDescending(s => s.At).Select(s => s.At), seen.Select(s => s.At));
    }

    [Fact]
    public async Task KindsFilterTheStreamAndBadParametersAre400()
    {
        var tenant = await HistoryAsync();
        using var coach = await tenant.CoachAsync();
        var milestones = Items(await coach.GetAsync(Timeline(tenant, "?kinds=milestone,program")).Json200());
        Assert.Equal(5, milestones.Count);
        Assert.All(milestones, i => Assert.Contains(i.GetProperty("kind").GetString(), new[] { "milestone", "program" }));
        await coach.GetAsync(Timeline(tenant, "?kinds=gossip")).ShouldBeInvalid("kinds");
        await coach.GetAsync(Timeline(tenant, "?cursor=not-a-cursor")).ShouldBeInvalid("cursor");
        await coach.GetAsync(Timeline(tenant, "?limit=500")).ShouldBeInvalid("limit");
    }

    [Fact]
    public async Task MilestoneEntriesDisappearWhileTheFeatureIsOffAndReturnAfter()
    {
        var tenant = await HistoryAsync();
        using var admin = await tenant.AdminAsync();
        await admin.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = false }).ShouldBe(HttpStatusCode.OK);
        var all = Items(await admin.GetAsync(Timeline(tenant, "?limit=200")).Json200());
        Assert.Equal(27, all.Count);
        Assert.DoesNotContain(all, i => i.GetProperty("kind").GetString() == "milestone");
        Assert.Empty(Items(await admin.GetAsync(Timeline(tenant, "?kinds=milestone")).Json200()));

        await admin.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = true }).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(3, Items(await admin.GetAsync(Timeline(tenant, "?kinds=milestone")).Json200()).Count);
    }

    [Fact]
    public async Task OtherTenantsAndOtherFoundersGet404()
    {
        var tenant = await HistoryAsync();
        var other = await factory.CreateTenantAsync();
        using var otherCoach = await other.CoachAsync();
        await otherCoach.GetAsync(Timeline(tenant)).ShouldBeProblem(HttpStatusCode.NotFound);
        using var otherFounder = await other.FounderAsync();
        await otherFounder.GetAsync(Timeline(tenant)).ShouldBeProblem(HttpStatusCode.NotFound);
        using var founder = await tenant.FounderAsync();
        await founder.GetAsync(Timeline(tenant)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACoachLogsAnInteractionAndItLeadsTheTimeline()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var at = factory.Clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var created = await coach.PostAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/interactions", new { kind = "meeting", occurredAt = at, subject = "Discussed GTM", notes = "Pricing page next." })
            .ShouldBe(HttpStatusCode.Created);
        Assert.Equal("meeting", (await created.JsonBody()).GetProperty("kind").GetString());
        var first = Items(await coach.GetAsync(Timeline(tenant)).Json200())[0];
        Assert.Equal("Meeting with Casey Coach: Discussed GTM", first.GetProperty("title").GetString());
        Assert.Equal("Casey Coach", first.GetProperty("actor").GetString());
    }

    [Theory]
    [InlineData("kind", "{\"kind\":\"lunch\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"subject\":\"x\"}")]
    [InlineData("occurredAt", "{\"kind\":\"call\",\"occurredAt\":\"2999-01-01T00:00:00Z\",\"subject\":\"x\"}")]
    [InlineData("occurredAt", "{\"kind\":\"call\",\"subject\":\"x\"}")]
    [InlineData("subject", "{\"kind\":\"call\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"subject\":\"  \"}")]
    [InlineData("subject", "{\"kind\":\"call\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"subject\":\"\\u202Egnp.exe\"}")]
    public async Task BadInteractionsAreRefused(string field, string json)
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await coach.PostAsync($"/api/v1/companies/{tenant.FounderCompanyId}/interactions", content).ShouldBeInvalid(field);
        Assert.Empty(Items(await coach.GetAsync(Timeline(tenant)).Json200()));
    }

    [Fact]
    public async Task FoundersSubmitUpdatesForTheirOwnCompanyButDoNotLogInteractions()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        var update = await founder.PostAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/updates", new
        {
            period = "2026-Q3",
            summary = "Revenue +20%",
            metrics = new { revenue = 12000, revenueGrowthPct = 20.0, headcount = 6, cashRunwayMonths = 14.5 },
        }).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(6, (await update.JsonBody()).GetProperty("metrics").GetProperty("headcount").GetInt32());
        await founder.PostAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/interactions", new { kind = "note", occurredAt = Base, subject = "x" })
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        await founder.PostAsJsonAsync($"/api/v1/companies/{other.FounderCompanyId}/updates", new { period = "Q", summary = "s" })
            .ShouldBeProblem(HttpStatusCode.NotFound);
        await founder.PostAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/updates", new { period = "Q", summary = "s", metrics = new { revenue = -5 } })
            .ShouldBeInvalid("metrics.revenue");
    }
}
