using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Milestones;

/// <summary>When an achievement is dated, the same through the API as on the page: without a
/// time it is now, but editing an achievement of today keeps its time. (A class of its own: it
/// moves the application's clock.)</summary>
public sealed class MarkTimeTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);

    [Fact]
    public async Task EditingTodaysAchievementThroughTheApiKeepsItsTimeAndAnOlderOneMovesToNow()
    {
        // Tomorrow morning, before signing in (a token lives an hour of this clock).
        var morning = factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(9);
        factory.Clock.SetUtcNow(morning);
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var url = $"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{FirstStep}";

        var marked = await (await coach.PutAsJsonAsync(url, new { }).ShouldBe(HttpStatusCode.OK)).JsonBody();
        var markedAt = marked.GetProperty("achievedAt").GetDateTime().ToUniversalTime();
        factory.Clock.Advance(TimeSpan.FromMinutes(40));
        var edited = await (await coach.PutAsJsonAsync(url, new { evidenceNote = "Added in the afternoon" }).ShouldBe(HttpStatusCode.OK)).JsonBody();

        Assert.Equal(morning, markedAt, TimeSpan.FromSeconds(1));
        Assert.Equal(markedAt, edited.GetProperty("achievedAt").GetDateTime().ToUniversalTime());
        Assert.Equal("Added in the afternoon", edited.GetProperty("evidenceNote").GetString());

        factory.Clock.Advance(TimeSpan.FromDays(1));
        using var nextDayCoach = factory.AnonymousClient();
        var login = await factory.NewLoginAsync(tenant.CoachEmail);
        nextDayCoach.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("accessToken").GetString());
        var nextDay = await (await nextDayCoach.PutAsJsonAsync(url, new { evidenceNote = "A day later" }).ShouldBe(HttpStatusCode.OK)).JsonBody();
        Assert.Equal(morning.AddDays(1).AddMinutes(40), nextDay.GetProperty("achievedAt").GetDateTime().ToUniversalTime(), TimeSpan.FromSeconds(1));
    }
}
