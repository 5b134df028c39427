using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Analytics;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Claims;

/// <summary>Founders claim, coaches approve or decline: the rules, the history, tenant isolation,
/// and that an open claim counts nowhere until approved. Runs on both databases.</summary>
public sealed class MilestoneClaimTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid Step2 = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);
    private static readonly Guid Step3 = SystemStandards.MilestoneId(SystemStandards.SaaS, 3);

    private static string ClaimRoute(TestTenant t, Guid milestone) => $"/api/v1/companies/{t.FounderCompanyId}/milestones/{milestone}/claims";

    private static async Task<JsonElement> ClaimAsync(HttpClient founder, TestTenant t, Guid milestone, object body) =>
        await (await founder.PostAsJsonAsync(ClaimRoute(t, milestone), body).ShouldBe(HttpStatusCode.Created)).JsonBody();

    private static Task<int> ClaimRowsAsync(TestTenant t) =>
        t.InScopeAsync(async (_, db) => await db.MilestoneClaims.CountAsync());

    private static JsonElement StepOf(JsonElement roadmap, Guid milestone) =>
        roadmap.EnumerateArray().Single(s => s.GetProperty("milestoneId").GetGuid() == milestone);

    [Fact]
    public async Task AFounderClaimsACoachApprovesAndTheMilestoneIsAchievedVerifiedByTheCoachOnTheClaimedDay()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();

        var claim = await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02", evidenceNote = "Signed pilot with Acme.", evidenceUrl = "https://docs.example.com/pilot" });
        Assert.Equal("open", claim.GetProperty("status").GetString());
        Assert.Equal("2024-05-02", claim.GetProperty("achievedOn").GetString());
        Assert.Equal(tenant.FounderCompanyId, claim.GetProperty("companyId").GetGuid());

        // Still pending on the roadmap, and in the coaches' queue.
        Assert.Equal("pending", StepOf(await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200(), Step2).GetProperty("status").GetString());
        var queue = (await coach.GetAsync("/api/v1/claims?status=open").Json200()).EnumerateArray().ToList();
        Assert.Equal(claim.GetProperty("id").GetGuid(), Assert.Single(queue).GetProperty("id").GetGuid());

        var approved = await coach.PostAsJsonAsync($"/api/v1/claims/{claim.GetProperty("id").GetGuid()}/approve", new { }).Json200();
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal("Casey Coach", approved.GetProperty("decidedBy").GetProperty("displayName").GetString());
        Assert.Equal("2024-05-02", approved.GetProperty("approvedOn").GetString());

        var step = StepOf(await founder.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200(), Step2);
        Assert.Equal("achieved", step.GetProperty("status").GetString());
        Assert.Equal(new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc), step.GetProperty("achievedAt").GetDateTime().ToUniversalTime());
        Assert.Equal("Casey Coach", step.GetProperty("verifiedBy").GetProperty("displayName").GetString());
        Assert.Equal("Signed pilot with Acme.", step.GetProperty("evidenceNote").GetString());

        // The milestone's history has the achievement by the coach; the claim keeps who claimed and who approved.
        var history = (await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{Step2}/history").Json200()).EnumerateArray().ToList();
        Assert.Equal("achieved", Assert.Single(history).GetProperty("action").GetString());
        var kept = Assert.Single((await coach.GetAsync("/api/v1/claims?status=approved").Json200()).EnumerateArray());
        Assert.NotEqual("Casey Coach", kept.GetProperty("claimedBy").GetProperty("displayName").GetString());
        Assert.Equal("Casey Coach", kept.GetProperty("decidedBy").GetProperty("displayName").GetString());
        Assert.Empty((await coach.GetAsync("/api/v1/claims").Json200()).EnumerateArray());
    }

    [Fact]
    public async Task ACoachCorrectsTheDayOnApproval()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();
        var claim = await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" });
        var approved = await coach.PostAsJsonAsync($"/api/v1/claims/{claim.GetProperty("id").GetGuid()}/approve", new { achievedOn = "2024-04-20" }).Json200();
        Assert.Equal("2024-04-20", approved.GetProperty("approvedOn").GetString());
        var step = StepOf(await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200(), Step2);
        Assert.Equal(new DateTime(2024, 4, 20, 0, 0, 0, DateTimeKind.Utc), step.GetProperty("achievedAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task ADeclineNeedsAReasonWhichTheFounderThenReads()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();
        var id = (await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" })).GetProperty("id").GetGuid();

        await coach.PostAsJsonAsync($"/api/v1/claims/{id}/decline", new { reason = "  " }).ShouldBeInvalid("reason");
        await coach.PostAsJsonAsync($"/api/v1/claims/{id}/decline", new { }).ShouldBeInvalid("reason");
        var declined = await coach.PostAsJsonAsync($"/api/v1/claims/{id}/decline", new { reason = "Send the signed contract, not the draft." }).Json200();
        Assert.Equal("declined", declined.GetProperty("status").GetString());

        var mine = Assert.Single((await founder.GetAsync("/api/v1/claims?status=declined").Json200()).EnumerateArray());
        Assert.Equal("Send the signed contract, not the draft.", mine.GetProperty("declineReason").GetString());
        Assert.Equal("pending", StepOf(await founder.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200(), Step2).GetProperty("status").GetString());

        // The founder sees it on the milestones page too.
        using var pages = await factory.PageClientForAsync(tenant.FounderEmail);
        var html = await pages.GetStringAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        Assert.Contains("Send the signed contract, not the draft.", html, StringComparison.Ordinal);

        // Declined, the milestone may be claimed again.
        await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-03" });
    }

    [Fact]
    public async Task TheRulesAnswer409AndChangeNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();

        // A claim on an achieved milestone.
        (await coach.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{Step3}", new { achievedAt = "2024-06-10T00:00:00Z" })).EnsureSuccessStatusCode();
        await founder.PostAsJsonAsync(ClaimRoute(tenant, Step3), new { achievedOn = "2024-06-10" }).ShouldBeProblem(HttpStatusCode.Conflict);

        // A second open claim on the same milestone.
        var id = (await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" })).GetProperty("id").GetGuid();
        await founder.PostAsJsonAsync(ClaimRoute(tenant, Step2), new { achievedOn = "2024-05-03" }).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(1, await ClaimRowsAsync(tenant));

        // Deciding a claim that is no longer open.
        (await coach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { })).EnsureSuccessStatusCode();
        var events = await tenant.InScopeAsync(async (_, db) => await db.MilestoneEvents.CountAsync());
        await coach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { }).ShouldBeProblem(HttpStatusCode.Conflict);
        await coach.PostAsJsonAsync($"/api/v1/claims/{id}/decline", new { reason = "Too late." }).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(events, await tenant.InScopeAsync(async (_, db) => await db.MilestoneEvents.CountAsync()));
        Assert.Equal("approved", (await tenant.InScopeAsync(async (_, db) => await db.MilestoneClaims.SingleAsync())).Status.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task ApprovingAClaimOfAMilestoneAchievedMeanwhileIs409()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();
        var id = (await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" })).GetProperty("id").GetGuid();
        (await coach.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{Step2}", new { achievedAt = "2024-05-01T00:00:00Z" })).EnsureSuccessStatusCode();
        await coach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { }).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("open", (await coach.GetAsync("/api/v1/claims").Json200())[0].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("1799-12-31")]
    [InlineData("0999-01-01")]
    public async Task ADayBeforeTheEarliestYearIs400AndNothingIsWritten(string day)
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        await founder.PostAsJsonAsync(ClaimRoute(tenant, Step2), new { achievedOn = day }).ShouldBeInvalid("achievedOn");
        Assert.Equal(0, await ClaimRowsAsync(tenant));
    }

    [Fact]
    public async Task AFutureDayIs400OnClaimAndOnApprovalAndNothingIsWritten()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();
        var tomorrow = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd");
        await founder.PostAsJsonAsync(ClaimRoute(tenant, Step2), new { achievedOn = tomorrow }).ShouldBeInvalid("achievedOn");
        Assert.Equal(0, await ClaimRowsAsync(tenant));

        var id = (await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" })).GetProperty("id").GetGuid();
        await coach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { achievedOn = tomorrow }).ShouldBeInvalid("achievedOn");
        await coach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { achievedOn = "1700-01-01" }).ShouldBeInvalid("achievedOn");
        Assert.Equal("pending", StepOf(await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200(), Step2).GetProperty("status").GetString());
        Assert.Equal("open", (await coach.GetAsync("/api/v1/claims").Json200())[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task BadTextsAreRefusedAndStaffMayNotClaim()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();
        await founder.PostAsJsonAsync(ClaimRoute(tenant, Step2), new { evidenceUrl = "javascript:alert(1)" }).ShouldBeInvalid("evidenceUrl");
        await founder.PostAsJsonAsync(ClaimRoute(tenant, SystemStandards.MilestoneId(SystemStandards.Hardware, 1)), new { }).ShouldBeInvalid("milestoneId");
        await coach.PostAsJsonAsync(ClaimRoute(tenant, Step2), new { }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await coach.GetAsync("/api/v1/claims?status=maybe").ShouldBeInvalid("status");
        Assert.Equal(0, await ClaimRowsAsync(tenant));
    }

    [Fact]
    public async Task AClosedCompanyTakesNoClaimsAndApprovesNone()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();
        var id = (await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" })).GetProperty("id").GetGuid();
        (await coach.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/outcome", new { outcome = "shut_down", on = "2024-06-01" })).EnsureSuccessStatusCode();

        await founder.PostAsJsonAsync(ClaimRoute(tenant, Step3), new { achievedOn = "2024-05-02" }).ShouldBeProblem(HttpStatusCode.Conflict);
        await coach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { }).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("open", (await coach.GetAsync("/api/v1/claims").Json200())[0].GetProperty("status").GetString());
        Assert.Equal(0, await tenant.InScopeAsync(async (_, db) => await db.MilestoneEvents.CountAsync()));
    }

    [Fact]
    public async Task AnOpenClaimChangesNoVelocityAndNoReportUntilApproved()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();
        (await coach.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{SystemStandards.MilestoneId(SystemStandards.SaaS, 1)}", new { achievedAt = "2024-06-10T00:00:00Z" })).EnsureSuccessStatusCode();
        string[] reads =
        [
            $"/api/v1/companies/{tenant.FounderCompanyId}/velocity",
            $"/api/v1/tracks/{SystemStandards.SaaS}/velocity",
            "/api/v1/reports/attribution",
            "/api/v1/reports/program-lift",
            $"/api/v1/reports/velocity?trackId={SystemStandards.SaaS}",
            "/api/v1/portfolio",
        ];

        async Task<List<string>> ReadAllAsync()
        {
            var answers = new List<string>();
            foreach (var url in reads)
            {
                answers.Add((await coach.GetAsync(url).Json200()).GetRawText());
            }

            return answers;
        }

        var before = await ReadAllAsync();
        var id = (await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-03-01" })).GetProperty("id").GetGuid();
        Assert.Equal(before, await ReadAllAsync());

        // Not from a cache either: read again from the database.
        factory.Services.GetRequiredService<AnalyticsCache>().InvalidateAll();
        Assert.Equal(before, await ReadAllAsync());

        (await coach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { })).EnsureSuccessStatusCode();
        Assert.NotEqual(before[0], (await coach.GetAsync(reads[0]).Json200()).GetRawText());
    }

    [Fact]
    public async Task AClaimStaysInItsOrganization()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var otherCoach = await other.CoachAsync();
        var claim = await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" });
        var id = claim.GetProperty("id").GetGuid();

        Assert.Empty((await otherCoach.GetAsync("/api/v1/claims").Json200()).EnumerateArray());
        await otherCoach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { }).ShouldBeProblem(HttpStatusCode.NotFound);
        await otherCoach.PostAsJsonAsync($"/api/v1/claims/{id}/decline", new { reason = "No." }).ShouldBeProblem(HttpStatusCode.NotFound);
        await otherCoach.GetAsync($"/api/v1/claims/{id}/file").ShouldBeProblem(HttpStatusCode.NotFound);
        using var otherFounder = await other.FounderAsync();
        await otherFounder.PostAsJsonAsync(ClaimRoute(tenant, Step3), new { }).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal("open", (await tenant.InScopeAsync(async (_, db) => await db.MilestoneClaims.SingleAsync())).Status.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task AClaimsFileBecomesTheMilestonesProofOnApproval()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        using var coach = await tenant.CoachAsync();
        var id = (await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" })).GetProperty("id").GetGuid();
        using (var bad = new MultipartFormDataContent { { new ByteArrayContent("<html><script>x</script></html>"u8.ToArray()), "file", "proof.pdf" } })
        {
            await founder.PostAsync($"/api/v1/claims/{id}/file", bad).ShouldBeInvalid("file");
        }

        using (var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 signed contract"u8.ToArray()), "file", "contract.pdf" } })
        {
            var attached = await (await founder.PostAsync($"/api/v1/claims/{id}/file", form).ShouldBe(HttpStatusCode.OK)).JsonBody();
            Assert.Equal("contract.pdf", attached.GetProperty("file").GetProperty("fileName").GetString());
        }

        var download = await coach.GetAsync($"/api/v1/claims/{id}/file");
        await download.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("%PDF-1.4 signed contract", await download.Content.ReadAsStringAsync());

        (await coach.PostAsJsonAsync($"/api/v1/claims/{id}/approve", new { })).EnsureSuccessStatusCode();
        var step = StepOf(await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200(), Step2);
        var proof = Assert.Single(step.GetProperty("evidenceFiles").EnumerateArray());
        Assert.Equal("contract.pdf", proof.GetProperty("fileName").GetString());
        Assert.Equal("%PDF-1.4 signed contract", await coach.GetStringAsync(proof.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task TheNavigationCountsOpenClaimsForStaff()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        await ClaimAsync(founder, tenant, Step2, new { achievedOn = "2024-05-02" });
        await ClaimAsync(founder, tenant, Step3, new { achievedOn = "2024-05-03" });
        using var pages = await factory.PageClientForAsync(tenant.CoachEmail);
        var html = await pages.GetStringAsync("/Claims");
        Assert.Contains(">2<span class=\"visually-hidden\"> open claims</span>", html, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"claim\"").Count);
    }
}
