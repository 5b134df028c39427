using System.Net;
using System.Net.Http.Json;
using System.Text;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using ImpactOS.Web.Tests.Users;

namespace ImpactOS.Web.Tests.Companies;

/// <summary>An archived company is read-only until an admin restores it: every way of changing it,
/// through the API, the pages or an import, answers the same "restore it first", and nothing changes.</summary>
public sealed class ArchivedCompanyRulesTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid FirstStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
    private static readonly Guid SecondStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);

    /// <summary>A company with its first step achieved, then archived.</summary>
    private async Task<(TestTenant Tenant, Guid Company)> ArchivedAsync(string name)
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var id = (await (await admin.PostAsJsonAsync("/api/v1/companies", new { name }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();
        await admin.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{FirstStep}", new { achievedAt = "2024-02-01T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await admin.DeleteAsync($"/api/v1/companies/{id}").Json200();
        return (tenant, id);
    }

    private static async Task ShouldBeRestoreFirst(Task<HttpResponseMessage> request)
    {
        var problem = await request.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(ArchivedCompany.RestoreFirst, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task EveryApiWriteToAnArchivedCompanyAnswersRestoreItFirstAndChangesNothing()
    {
        var (tenant, id) = await ArchivedAsync("Dormant Co");
        using var coach = await tenant.CoachAsync();
        var roadmap = (await coach.GetAsync($"/api/v1/companies/{id}/milestones").Json200()).GetRawText();
        var timeline = (await coach.GetAsync($"/api/v1/companies/{id}/timeline").Json200()).GetRawText();

        await ShouldBeRestoreFirst(coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{SecondStep}", new { achievedAt = "2024-03-01T00:00:00Z" }));
        await ShouldBeRestoreFirst(coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{FirstStep}", new { achievedAt = "2024-02-02T00:00:00Z", evidenceNote = "Edited" }));
        await ShouldBeRestoreFirst(coach.DeleteAsync($"/api/v1/companies/{id}/milestones/{FirstStep}"));
        using (var form = new MultipartFormDataContent { { new ByteArrayContent("proof"u8.ToArray()), "file", "proof.txt" } })
        {
            await ShouldBeRestoreFirst(coach.PostAsync($"/api/v1/companies/{id}/milestones/{FirstStep}/evidence", form));
        }

        await ShouldBeRestoreFirst(coach.PostAsJsonAsync($"/api/v1/companies/{id}/interactions", new { kind = "call", occurredAt = "2024-03-01T10:00:00Z", subject = "Catch-up" }));
        await ShouldBeRestoreFirst(coach.PostAsJsonAsync($"/api/v1/companies/{id}/updates", new { period = "2024-Q1", summary = "Quiet quarter" }));
        await ShouldBeRestoreFirst(coach.PutAsJsonAsync($"/api/v1/companies/{id}", new { name = "Renamed Co" }));

        Assert.Equal(roadmap, (await coach.GetAsync($"/api/v1/companies/{id}/milestones").Json200()).GetRawText());
        Assert.Equal(timeline, (await coach.GetAsync($"/api/v1/companies/{id}/timeline").Json200()).GetRawText());
        Assert.Equal("Dormant Co", (await coach.GetAsync($"/api/v1/companies/{id}").Json200()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnImportRowForAnArchivedCompanyIsRefusedWithTheSameWords()
    {
        var (tenant, id) = await ArchivedAsync("Sleeping Co");
        using var coach = await tenant.CoachAsync();
        var csv = "company,external_id,industry,founded_on,track,milestone,achieved_at,evidence_note,evidence_url\n sleeping  co ,,,,,Problem Validation,2024-03-01,,\n";

        var problem = await coach.PostAsync("/api/v1/imports/milestones", new StringContent(csv, Encoding.UTF8, "text/csv")).ShouldBeProblem(HttpStatusCode.BadRequest);

        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        Assert.Equal("company", error.GetProperty("column").GetString());
        Assert.Equal(ArchivedCompany.RestoreFirst, error.GetProperty("message").GetString());
        var steps = (await coach.GetAsync($"/api/v1/companies/{id}/milestones").Json200()).EnumerateArray();
        Assert.Equal(1, steps.Count(s => s.GetProperty("status").GetString() == "achieved"));
    }

    [Fact]
    public async Task TheMilestonesPageOfAnArchivedCompanyOffersNoMarkingAndRefusesAPostedMark()
    {
        var (tenant, id) = await ArchivedAsync("Quiet Co");
        using var session = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var page = $"/Companies/{id}/Milestones";

        var shown = await (await session.GetAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("read-only until an admin restores it", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=Mark", shown, StringComparison.Ordinal);

        var posted = await session.PostFormAsync(page, page + "?handler=Mark", new() { ["MilestoneId"] = SecondStep.ToString(), ["AchievedOn"] = "2024-03-01" });
        Assert.Contains(System.Net.WebUtility.HtmlEncode(ArchivedCompany.RestoreFirst), await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var coach = await tenant.CoachAsync();
        var steps = (await coach.GetAsync($"/api/v1/companies/{id}/milestones").Json200()).EnumerateArray();
        Assert.Equal(1, steps.Count(s => s.GetProperty("status").GetString() == "achieved"));
    }

    [Theory]
    [InlineData("Interactions/New")]
    [InlineData("Updates/New")]
    [InlineData("Edit")]
    public async Task TheFormsOfAnArchivedCompanySayItIsReadOnly(string form)
    {
        var (tenant, id) = await ArchivedAsync("Paused Co " + form.Replace('/', ' '));
        using var session = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);

        var response = await session.GetAsync($"/Companies/{id}/{form}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(ArchivedCompany.RestoreFirst), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARestoredCompanyCanBeChangedAgain()
    {
        var (tenant, id) = await ArchivedAsync("Back Again Co");
        using var admin = await tenant.AdminAsync();
        await admin.PostAsync($"/api/v1/companies/{id}/restore", null).ShouldBe(HttpStatusCode.OK);

        await admin.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{SecondStep}", new { achievedAt = "2024-03-01T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await admin.PostAsJsonAsync($"/api/v1/companies/{id}/interactions", new { kind = "call", occurredAt = "2024-03-01T10:00:00Z", subject = "Welcome back" }).ShouldBe(HttpStatusCode.Created);
    }
}
