using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Velocity;

/// <summary>A small SaaS cohort whose Kaplan–Meier numbers can be worked out by hand: five
/// companies reached the first milestone after 10, 20, 30, 40 and 50 days, and a sixth has been
/// in that step for 30 days on 1 March 2024. S = 5/6, 4/6, 1/2 (flat from day 30 to day 40), 1/4
/// (flat from 40 to 50), 0; so P25 = 20, median = (30 + 40) / 2 = 35, P75 = (40 + 50) / 2 = 45.</summary>
public sealed class VelocityApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
    private static readonly Guid SecondStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);
    private const string AsOfQuery = "asOf=2024-03-01T00:00:00Z";

    private async Task<(TestTenant Tenant, Guid Subject)> CohortAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        var subject = await tenant.InScopeAsync(async (_, db) =>
        {
            foreach (var days in new[] { 10, 20, 30, 40, 50 })
            {
                var company = new Company { Name = $"Reached in {days}", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = new DateOnly(2024, 1, 1), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
                db.Companies.Add(company);
                db.CompanyMilestones.Add(new CompanyMilestone
                {
                    CompanyId = company.Id,
                    MilestoneId = FirstStep,
                    Status = MilestoneStatus.Achieved,
                    AchievedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(days),
                    LoggedAt = db.UtcNow,
                });
            }

            // Keep the tenant's founder company out of this cohort.
            var founders = await db.Companies.FindAsync(tenant.FounderCompanyId);
            founders!.MilestoneTrackId = SystemStandards.Hardware;
            var subject = new Company { Name = "Still working", MilestoneTrackId = SystemStandards.SaaS, FoundedOn = new DateOnly(2024, 1, 31), CreatedAt = db.UtcNow, TrackStartedAt = db.UtcNow };
            db.Companies.Add(subject);
            await db.SaveChangesAsync();
            return subject.Id;
        });
        return (tenant, subject);
    }

    [Fact]
    public async Task ACompanysTimeToNextMilestoneIsComparedWithItsTracksCohort()
    {
        var (tenant, subject) = await CohortAsync();
        using var coach = await tenant.CoachAsync();

        var velocity = await coach.GetAsync($"/api/v1/companies/{subject}/velocity?{AsOfQuery}").Json200();

        Assert.Equal(SystemStandards.SaaS, velocity.GetProperty("trackId").GetGuid());
        Assert.Equal(FirstStep, velocity.GetProperty("nextMilestone").GetProperty("id").GetGuid());
        Assert.Equal(30, velocity.GetProperty("daysInStep").GetDouble());
        var cohort = velocity.GetProperty("cohort");
        Assert.Equal(5, cohort.GetProperty("events").GetInt32());
        Assert.Equal(20, cohort.GetProperty("p25Days").GetDouble());
        Assert.Equal(35, cohort.GetProperty("medianDays").GetDouble());
        Assert.Equal(45, cohort.GetProperty("p75Days").GetDouble());
        Assert.Equal("on_pace", velocity.GetProperty("status").GetString());
        Assert.Equal(new DateTime(2024, 3, 6, 0, 0, 0, DateTimeKind.Utc), velocity.GetProperty("projectedAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task ATracksVelocityGivesEveryStepsCohortStatistics()
    {
        var (tenant, _) = await CohortAsync();
        using var coach = await tenant.CoachAsync();

        var track = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}").Json200();

        Assert.Equal(6, track.GetProperty("companies").GetInt32());
        var steps = track.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(11, steps.Count);
        var first = steps[0];
        Assert.Equal(FirstStep, first.GetProperty("milestoneId").GetGuid());
        Assert.Equal(6, first.GetProperty("entered").GetInt32());
        Assert.Equal(5, first.GetProperty("events").GetInt32());
        Assert.Equal(1, first.GetProperty("censored").GetInt32());
        Assert.Equal(20, first.GetProperty("p25Days").GetDouble());
        Assert.Equal(35, first.GetProperty("medianDays").GetDouble());
        Assert.Equal(45, first.GetProperty("p75Days").GetDouble());
        Assert.Equal(83.333333, first.GetProperty("reachedPct").GetDouble(), 6);
        var second = steps[1];
        Assert.Equal(5, second.GetProperty("entered").GetInt32());
        Assert.Equal(0, second.GetProperty("events").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("medianDays").ValueKind);
    }

    [Fact]
    public async Task AnAchievementChangesTheNextReadAtOnce()
    {
        var (tenant, subject) = await CohortAsync();
        using var coach = await tenant.CoachAsync();
        var before = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}").Json200();
        Assert.Equal(5, before.GetProperty("steps")[0].GetProperty("events").GetInt32());

        await tenant.InScopeAsync(async (_, db) =>
        {
            db.CompanyMilestones.Add(new CompanyMilestone
            {
                CompanyId = subject,
                MilestoneId = FirstStep,
                Status = MilestoneStatus.Achieved,
                AchievedAt = new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc),
                LoggedAt = db.UtcNow,
            });
            await db.SaveChangesAsync();
        });

        var after = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}").Json200();
        Assert.Equal(6, after.GetProperty("steps")[0].GetProperty("events").GetInt32());
        var velocity = await coach.GetAsync($"/api/v1/companies/{subject}/velocity?{AsOfQuery}").Json200();
        Assert.Equal(SecondStep, velocity.GetProperty("nextMilestone").GetProperty("id").GetGuid());
        var achieved = velocity.GetProperty("steps")[0];
        Assert.Equal(29, achieved.GetProperty("durationDays").GetDouble());
    }

    [Fact]
    public async Task AfterMarksEditsAndUndosTheCachedVelocityEqualsAFullRecomputation()
    {
        var (tenant, subject) = await CohortAsync();
        using var coach = await tenant.CoachAsync();
        var url = $"/api/v1/tracks/{SystemStandards.SaaS}/velocity?{AsOfQuery}";
        var companies = (await coach.GetAsync("/api/v1/companies?limit=50").Json200()).GetProperty("items").EnumerateArray()
            .Where(c => c.GetProperty("milestoneTrackId").GetGuid() == SystemStandards.SaaS).Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(6, companies.Count);

        // Each write is followed by a read, so every change reaches a cached snapshot (patched in place).
        await coach.GetAsync(url).Json200();
        await coach.PutAsJsonAsync($"/api/v1/companies/{subject}/milestones/{FirstStep}", new { achievedAt = "2024-02-20T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await coach.GetAsync(url).Json200();
        await coach.PutAsJsonAsync($"/api/v1/companies/{companies[0]}/milestones/{SecondStep}", new { achievedAt = "2024-02-25T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await coach.GetAsync(url).Json200();
        await coach.PutAsJsonAsync($"/api/v1/companies/{subject}/milestones/{FirstStep}", new { achievedAt = "2024-02-10T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await coach.GetAsync(url).Json200();
        await coach.DeleteAsync($"/api/v1/companies/{companies[1]}/milestones/{FirstStep}").ShouldBe(HttpStatusCode.OK);
        var cached = (await coach.GetAsync(url).Json200()).GetRawText();

        factory.Services.GetRequiredService<Web.Analytics.AnalyticsCache>().InvalidateAll();
        var recomputed = (await coach.GetAsync(url).Json200()).GetRawText();
        Assert.Equal(recomputed, cached);
        Assert.Contains("\"events\":5", cached, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFounderSeesOwnVelocityButNotOthersNorTheTrack()
    {
        var (tenant, subject) = await CohortAsync();
        using var founder = await tenant.FounderAsync();
        var own = await founder.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/velocity?{AsOfQuery}").Json200();
        Assert.Equal(SystemStandards.Hardware, own.GetProperty("trackId").GetGuid());
        Assert.Equal("not_enough_data", own.GetProperty("status").GetString());
        await founder.GetAsync($"/api/v1/companies/{subject}/velocity").ShouldBeProblem(HttpStatusCode.NotFound);
        await founder.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task VelocityIsHiddenWhileTheFeatureIsOffAndFromOtherTenants()
    {
        var (tenant, subject) = await CohortAsync();
        var other = await factory.CreateTenantAsync();
        using var otherCoach = await other.CoachAsync();
        await otherCoach.GetAsync($"/api/v1/companies/{subject}/velocity").ShouldBeProblem(HttpStatusCode.NotFound);

        using var admin = await tenant.AdminAsync();
        await admin.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = false }).ShouldBe(HttpStatusCode.OK);
        await admin.GetAsync($"/api/v1/companies/{subject}/velocity").ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}/velocity").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WithoutAsOfTheReportIsAsOfNow()
    {
        var (tenant, subject) = await CohortAsync();
        using var coach = await tenant.CoachAsync();
        var velocity = await coach.GetAsync($"/api/v1/companies/{subject}/velocity").Json200();
        var asOf = velocity.GetProperty("asOf").GetDateTime().ToUniversalTime();
        // Now, rounded up to the whole minute: never before the request, at most a minute after.
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(asOf, now, now.AddMinutes(1));
        Assert.Equal(0, asOf.Ticks % TimeSpan.TicksPerMinute);
        Assert.True(velocity.GetProperty("daysInStep").GetDouble() > 30);
    }

    [Fact]
    public async Task ACompanyCreatedJustNowHasItsFirstStepOpenRatherThanInactive()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var created = await (await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Brand New Co" }).ShouldBe(HttpStatusCode.Created)).JsonBody();

        var velocity = await coach.GetAsync($"/api/v1/companies/{created.GetProperty("id").GetGuid()}/velocity").Json200();

        Assert.Equal(FirstStep, velocity.GetProperty("nextMilestone").GetProperty("id").GetGuid());
        Assert.Equal("not_enough_data", velocity.GetProperty("status").GetString());
        Assert.InRange(velocity.GetProperty("daysInStep").GetDouble(), 0, 1.0 / 24 / 60);
    }
}
