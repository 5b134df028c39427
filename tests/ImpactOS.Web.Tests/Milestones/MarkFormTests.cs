using System.Net;
using System.Text.Json;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Tests.Infrastructure;
using ImpactOS.Web.Tests.Users;

namespace ImpactOS.Web.Tests.Milestones;

/// <summary>The Milestones page's mark form, posted as a browser without JavaScript would.</summary>
public sealed class MarkFormTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static async Task<JsonElement> FirstStepAsync(TestTenant tenant)
    {
        using var coach = await tenant.CoachAsync();
        return (await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200()).EnumerateArray().First();
    }

    private static async Task<int> HistoryCountAsync(TestTenant tenant, string milestoneId)
    {
        using var coach = await tenant.CoachAsync();
        return (await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{milestoneId}/history").Json200()).GetArrayLength();
    }

    private static async Task<HttpResponseMessage> MarkWithFileAsync(AppFactory factory, TestTenant tenant, string milestoneId, string note, string fileName, byte[] file)
    {
        using var session = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var page = $"/Companies/{tenant.FounderCompanyId}/Milestones";
        return await session.PostMultipartAsync(page, page + "?handler=Mark", new()
        {
            ["MilestoneId"] = milestoneId,
            ["AchievedOn"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)).ToString("yyyy-MM-dd"),
            ["Note"] = note,
        }, "File", fileName, file);
    }

    [Fact]
    public async Task AMarkWhoseProofFileIsRefusedSavesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        var milestoneId = (await FirstStepAsync(tenant)).GetProperty("milestoneId").GetString()!;

        var response = await MarkWithFileAsync(factory, tenant, milestoneId, "Signed letter", "page.html", "<html><script>alert(1)</script></html>"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var step = await FirstStepAsync(tenant);
        Assert.Equal("pending", step.GetProperty("status").GetString());
        Assert.Equal(0, step.GetProperty("evidenceFiles").GetArrayLength());
        Assert.Equal(0, await HistoryCountAsync(tenant, milestoneId));
    }

    [Fact]
    public async Task AnOversizedProofFileGivesTheFormBackWithTheMessageBesideTheFileAndTheInputKept()
    {
        var tenant = await factory.CreateTenantAsync();
        var milestoneId = (await FirstStepAsync(tenant)).GetProperty("milestoneId").GetString()!;
        var oversized = new byte[EvidenceTypes.MaxBytes + 1];
        "%PDF-1.4"u8.CopyTo(oversized);

        var response = await MarkWithFileAsync(factory, tenant, milestoneId, "Kept after the error", "big.pdf", oversized);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<div class=\"invalid-feedback\" id=\"file-{milestoneId}-error\">At most 10 MB.</div>", html);
        Assert.Contains($"aria-describedby=\"file-{milestoneId}-error\" aria-invalid=\"true\"", html);
        Assert.Contains("Proof file</a>: At most 10 MB.", html);
        Assert.Contains(">Kept after the error</textarea>", html);
        Assert.Equal("pending", (await FirstStepAsync(tenant)).GetProperty("status").GetString());
        Assert.Equal(0, await HistoryCountAsync(tenant, milestoneId));
    }

    [Fact]
    public async Task AfterAnUndoTheProofFileLeavesThePendingStepAndStaysInItsHistory()
    {
        var tenant = await factory.CreateTenantAsync();
        var milestoneId = (await FirstStepAsync(tenant)).GetProperty("milestoneId").GetString()!;
        var marked = await MarkWithFileAsync(factory, tenant, milestoneId, "Signed letter", "letter.pdf", "%PDF-1.4 signed letter"u8.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var fileId = (await FirstStepAsync(tenant)).GetProperty("evidenceFiles")[0].GetProperty("id").GetString()!;

        using var session = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var page = $"/Companies/{tenant.FounderCompanyId}/Milestones";
        var undone = await session.PostFormAsync(page, page + "?handler=Undo", new() { ["MilestoneId"] = milestoneId });

        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        var step = await FirstStepAsync(tenant);
        Assert.Equal("pending", step.GetProperty("status").GetString());
        Assert.Equal(0, step.GetProperty("evidenceFiles").GetArrayLength());
        var html = await (await session.GetAsync(page)).Content.ReadAsStringAsync();
        var card = html[html.IndexOf($"id=\"step-{milestoneId}\"", StringComparison.Ordinal)..];
        card = card[..card.IndexOf("</li>\n", card.IndexOf("History (", StringComparison.Ordinal), StringComparison.Ordinal)];
        var history = card.IndexOf("History (", StringComparison.Ordinal);
        Assert.DoesNotContain($"/Evidence/{fileId}", card[..history], StringComparison.Ordinal);
        Assert.Contains($"proof of the undone achievement:", card[history..], StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/Evidence/{fileId}\">letter.pdf</a>", card[history..], StringComparison.Ordinal);
    }
}
