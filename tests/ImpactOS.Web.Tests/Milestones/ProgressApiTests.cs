using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Milestones;

public sealed class ProgressApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly Guid ProblemValidation = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);
    private static readonly Guid HardwareStep = SystemStandards.MilestoneId(SystemStandards.Hardware, 1);

    private static string Route(TestTenant t, Guid milestone) => $"/api/v1/companies/{t.FounderCompanyId}/milestones/{milestone}";

    private Task<int> EventCountAsync(TestTenant tenant) =>
        tenant.InScopeAsync(async (_, db) => await db.MilestoneEvents.CountAsync(e => e.CompanyId == tenant.FounderCompanyId));

    [Fact]
    public async Task TheRoadmapListsEveryStepOfTheTrackInOrder()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var roadmap = (await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200()).EnumerateArray().ToList();
        Assert.Equal(11, roadmap.Count);
        Assert.Equal("Business model hypothesis", roadmap[0].GetProperty("title").GetString());
        Assert.All(roadmap, s => Assert.Equal("pending", s.GetProperty("status").GetString()));
        Assert.True(roadmap[0].GetProperty("isNext").GetBoolean());
        Assert.Equal(Enumerable.Range(1, 11), roadmap.Select(s => s.GetProperty("orderIndex").GetInt32()));
    }

    [Fact]
    public async Task ACoachMarksAMilestoneAchievedWithANoteAndALinkAndItIsRecorded()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var step = await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), new
        {
            status = "achieved",
            achievedAt = "2024-05-02T10:00:00Z",
            evidenceNote = "Reviewed 22 customer discovery interviews.",
            evidenceUrl = "https://docs.example.com/discovery",
        }).Json200();

        Assert.Equal("achieved", step.GetProperty("status").GetString());
        Assert.Equal(new DateTime(2024, 5, 2, 10, 0, 0, DateTimeKind.Utc), step.GetProperty("achievedAt").GetDateTime().ToUniversalTime());
        Assert.Equal("Casey Coach", step.GetProperty("verifiedBy").GetProperty("displayName").GetString());
        Assert.Equal("https://docs.example.com/discovery", step.GetProperty("evidenceUrl").GetString());
        Assert.True(step.GetProperty("loggedAt").GetDateTime() > DateTime.UtcNow.AddHours(-1));

        var history = (await coach.GetAsync(Route(tenant, ProblemValidation) + "/history").Json200()).EnumerateArray().ToList();
        var entry = Assert.Single(history);
        Assert.Equal("achieved", entry.GetProperty("action").GetString());
        Assert.Equal("Casey Coach", entry.GetProperty("by").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task WithoutADateTheMilestoneIsAchievedNow()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var before = factory.Clock.GetUtcNow().UtcDateTime;
        var step = await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), new { status = "achieved" }).Json200();
        var achievedAt = step.GetProperty("achievedAt").GetDateTime().ToUniversalTime();
        Assert.InRange(achievedAt, before, factory.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task MarkingTheSameValuesAgainChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var body = new { status = "achieved", achievedAt = "2024-05-02T00:00:00Z", evidenceNote = "Same" };
        await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), body).ShouldBe(HttpStatusCode.OK);
        await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), body).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task AnEditAndAnUndoAreRecordedWithTheValuesBeforeAndAfter()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), new { achievedAt = "2024-05-02T00:00:00Z", evidenceNote = "First" }).ShouldBe(HttpStatusCode.OK);
        await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), new { achievedAt = "2024-04-20T00:00:00Z", evidenceNote = "Backdated" }).ShouldBe(HttpStatusCode.OK);
        var undone = await coach.DeleteAsync(Route(tenant, ProblemValidation)).Json200();
        Assert.Equal("pending", undone.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, undone.GetProperty("achievedAt").ValueKind);
        await coach.DeleteAsync(Route(tenant, ProblemValidation)).ShouldBe(HttpStatusCode.OK);

        var history = (await coach.GetAsync(Route(tenant, ProblemValidation) + "/history").Json200()).EnumerateArray().ToList();
        Assert.Equal(["undone", "edited", "achieved"], history.Select(h => h.GetProperty("action").GetString()));
        var edited = history[1];
        Assert.Equal("First", edited.GetProperty("previousEvidenceNote").GetString());
        Assert.Equal("Backdated", edited.GetProperty("evidenceNote").GetString());
        Assert.Equal(new DateTime(2024, 4, 20, 0, 0, 0, DateTimeKind.Utc), history[0].GetProperty("previousAchievedAt").GetDateTime().ToUniversalTime());
    }

    [Theory]
    [InlineData("achievedAt", "{\"achievedAt\":\"2999-01-01T00:00:00Z\"}")]
    [InlineData("achievedAt", "{\"achievedAt\":\"2024-01-14T23:59:59Z\"}")]
    [InlineData("evidenceUrl", "{\"evidenceUrl\":\"javascript:alert(1)\"}")]
    [InlineData("evidenceUrl", "{\"evidenceUrl\":\"JaVaScRiPt:alert(1)\"}")]
    [InlineData("evidenceUrl", "{\"evidenceUrl\":\"java\\tscript:alert(1)\"}")]
    [InlineData("evidenceUrl", "{\"evidenceUrl\":\"data:text/html,<script>alert(1)</script>\"}")]
    [InlineData("evidenceUrl", "{\"evidenceUrl\":\"//evil.com\"}")]
    [InlineData("evidenceUrl", "{\"evidenceUrl\":\"file:///etc/passwd\"}")]
    [InlineData("evidenceNote", "{\"evidenceNote\":\"nul\\u0000byte\"}")]
    [InlineData("status", "{\"status\":\"pending\"}")]
    public async Task BadInputIsRefusedAndChangesNothing(string field, string body)
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        await coach.PutAsync(Route(tenant, ProblemValidation), content).ShouldBeInvalid(field);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task ANoteOver4000CharactersAndAMilestoneOfAnotherTrackAreRefused()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), new { evidenceNote = new string('n', 4001) }).ShouldBeInvalid("evidenceNote");
        await coach.PutAsJsonAsync(Route(tenant, HardwareStep), new { status = "achieved" }).ShouldBeInvalid("milestoneId");
        await coach.DeleteAsync(Route(tenant, HardwareStep)).ShouldBeInvalid("milestoneId");
        await coach.DeleteAsync(Route(tenant, Guid.NewGuid())).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task FoundersReadTheirRoadmapButCannotMarkAndOthersSeeNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        await founder.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").ShouldBe(HttpStatusCode.OK);
        await founder.PutAsJsonAsync(Route(tenant, ProblemValidation), new { status = "achieved" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await founder.DeleteAsync(Route(tenant, ProblemValidation)).ShouldBeProblem(HttpStatusCode.Forbidden);

        using var otherCoach = await other.CoachAsync();
        await otherCoach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").ShouldBeProblem(HttpStatusCode.NotFound);
        await otherCoach.PutAsJsonAsync(Route(tenant, ProblemValidation), new { status = "achieved" }).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task EverythingIsHiddenWhileTheFeatureIsOffAndComesBackUntouched()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        await admin.PutAsJsonAsync(Route(tenant, ProblemValidation), new { achievedAt = "2024-05-02T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);
        await admin.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = false }).ShouldBe(HttpStatusCode.OK);
        await admin.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PutAsJsonAsync(Route(tenant, ProblemValidation), new { status = "achieved" }).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PutAsJsonAsync("/api/v1/settings", new { featureMilestones = true }).ShouldBe(HttpStatusCode.OK);
        var roadmap = await admin.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200();
        Assert.Equal("achieved", roadmap[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task TwentyConcurrentIdenticalMarksLeaveOneRecordAndOneHistoryEntry()
    {
        var tenant = await factory.CreateTenantAsync();
        var clients = new List<HttpClient>();
        for (var i = 0; i < 20; i++)
        {
            clients.Add(await tenant.CoachAsync());
        }

        var responses = await Task.WhenAll(clients.Select(c => c.PutAsJsonAsync(Route(tenant, ProblemValidation), new { achievedAt = "2024-05-02T00:00:00Z" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var (rows, events) = await tenant.InScopeAsync(async (_, db) =>
            (await db.CompanyMilestones.CountAsync(m => m.CompanyId == tenant.FounderCompanyId),
             await db.MilestoneEvents.CountAsync(e => e.CompanyId == tenant.FounderCompanyId)));
        Assert.Equal(1, rows);
        Assert.Equal(1, events);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task AfterTwentyParallelMarksEditsAndUndosTheNewestHistoryEntryIsTheCurrentState()
    {
        var tenant = await factory.CreateTenantAsync();
        var route = Route(tenant, ProblemValidation);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 20; i++)
        {
            clients.Add(await tenant.CoachAsync());
        }

        var responses = await Task.WhenAll(clients.Select((c, i) => i % 4 == 3
            ? c.DeleteAsync(route)
            : c.PutAsJsonAsync(route, new { achievedAt = $"2024-05-{i + 1:00}T00:00:00Z", evidenceNote = $"Change {i:00}." })));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{r.RequestMessage?.Method}: {(int)r.StatusCode}"));
        clients.ForEach(c => c.Dispose());

        using var coach = await tenant.CoachAsync();
        var current = (await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200())
            .EnumerateArray().Single(s => s.GetProperty("milestoneId").GetGuid() == ProblemValidation);
        var newest = (await coach.GetAsync(route + "/history").Json200()).EnumerateArray().First();
        var newestOnPage = await NewestHistoryEntryOnThePageAsync(tenant, ProblemValidation);
        if (current.GetProperty("status").GetString() == "achieved")
        {
            var note = current.GetProperty("evidenceNote").GetString()!;
            Assert.NotEqual("undone", newest.GetProperty("action").GetString());
            Assert.Equal(note, newest.GetProperty("evidenceNote").GetString());
            Assert.Equal(current.GetProperty("achievedAt").GetDateTime(), newest.GetProperty("achievedAt").GetDateTime());
            Assert.DoesNotContain("<strong>Undone</strong>", newestOnPage, StringComparison.Ordinal);
            Assert.Contains(note, newestOnPage, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("undone", newest.GetProperty("action").GetString());
            Assert.Contains("<strong>Undone</strong>", newestOnPage, StringComparison.Ordinal);
        }

        // Every saved change has its own number, without gaps, the last being the row's count.
        var (sequences, changes) = await tenant.InScopeAsync(async (_, db) =>
            (await db.MilestoneEvents.Where(e => e.CompanyId == tenant.FounderCompanyId).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync(),
             await db.CompanyMilestones.Where(m => m.CompanyId == tenant.FounderCompanyId).Select(m => m.ChangeCount).SingleAsync()));
        Assert.Equal(Enumerable.Range(1, changes), sequences);
    }

    [Fact]
    public async Task HistoryIsInTheOrderChangesWereSavedEvenWhenTheClockSaysOtherwise()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var route = Route(tenant, ProblemValidation);
        var before = factory.Clock.GetUtcNow();
        await coach.PutAsJsonAsync(route, new { achievedAt = "2024-05-02T00:00:00Z", evidenceNote = "Marked." }).ShouldBe(HttpStatusCode.OK);
        var after = factory.Clock.GetUtcNow();

        // The undo is saved after the mark but reads an earlier time, as a request that started
        // before the mark (or a server whose clock stepped back) does.
        var rewound = before.AddSeconds(-1);
        factory.Clock.AdjustTime(rewound);
        try
        {
            await coach.DeleteAsync(route).ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            factory.Clock.AdjustTime(after + (factory.Clock.GetUtcNow() - rewound));
        }

        var history = (await coach.GetAsync(route + "/history").Json200()).EnumerateArray().ToList();
        Assert.Equal(["undone", "achieved"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Contains("<strong>Undone</strong>", await NewestHistoryEntryOnThePageAsync(tenant, ProblemValidation), StringComparison.Ordinal);
    }

    /// <summary>The first entry of a step's history list on the milestones page, as HTML.</summary>
    private async Task<string> NewestHistoryEntryOnThePageAsync(TestTenant tenant, Guid milestoneId)
    {
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);
        var html = await page.GetStringAsync($"/Companies/{tenant.FounderCompanyId}/Milestones");
        var step = html[html.IndexOf($"id=\"step-{milestoneId}\"", StringComparison.Ordinal)..];
        var entry = step[step.IndexOf("<li class=\"border-start", StringComparison.Ordinal)..];
        return entry[..entry.IndexOf("</li>", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task AStaleEditIsAConflict()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var first = await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), new { achievedAt = "2024-05-02T00:00:00Z" }).Json200();
        var version = first.GetProperty("version").GetInt32();
        await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), new { achievedAt = "2024-05-03T00:00:00Z", version }).ShouldBe(HttpStatusCode.OK);
        await coach.PutAsJsonAsync(Route(tenant, ProblemValidation), new { achievedAt = "2024-05-04T00:00:00Z", version }).ShouldBeProblem(HttpStatusCode.Conflict);
        await coach.DeleteAsync(Route(tenant, ProblemValidation) + $"?version={version}").ShouldBeProblem(HttpStatusCode.Conflict);
    }

    private static MultipartFormDataContent FileForm(byte[] bytes, string name, string declaredType = "application/octet-stream")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        form.Add(file, "file", name);
        return form;
    }

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    [Fact]
    public async Task AProofFileIsStoredAndServedAsAnAttachmentToTheTenantOnly()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var created = await coach.PostAsync(Route(tenant, ProblemValidation) + "/evidence", FileForm(Pdf, "../../interviews final.pdf")).ShouldBe(HttpStatusCode.Created);
        var file = await created.JsonBody();
        Assert.Equal("interviews final.pdf", file.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", file.GetProperty("contentType").GetString());
        Assert.Equal(Pdf.Length, file.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), file.GetProperty("sha256").GetString());

        var url = file.GetProperty("url").GetString()!;
        var download = await coach.GetAsync(url).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        using var founder = await tenant.FounderAsync();
        await founder.GetAsync(url).ShouldBe(HttpStatusCode.OK);
        using var otherCoach = await other.CoachAsync();
        await otherCoach.GetAsync(url).ShouldBeProblem(HttpStatusCode.NotFound);

        var roadmap = await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200();
        Assert.Equal(1, roadmap[1].GetProperty("evidenceFiles").GetArrayLength());
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("report\r\nSet-Cookie: x=1.pdf", "reportSet-Cookie: x=1.pdf")]
    [InlineData("\"quoted\" <name>.pdf", "quoted name.pdf")]
    [InlineData("...", "evidence")]
    public void UploadedFileNamesAreCleaned(string uploaded, string stored) =>
        Assert.Equal(stored, ImpactOS.Web.Features.Evidence.EvidenceTypes.CleanFileName(uploaded));

    [Theory]
    [InlineData("invoice\u202Efdp.exe")]
    [InlineData("invoice\u2067fdp.exe")]
    public async Task AFileNameThatDisplaysInAnotherOrderIsRefused(string name)
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await coach.PostAsync(Route(tenant, ProblemValidation) + "/evidence", FileForm(Pdf, name)).ShouldBeInvalid("file");
        Assert.Equal(0, await tenant.InScopeAsync(async (_, db) => await db.EvidenceFiles.CountAsync()));
    }

    [Fact]
    public async Task AFileIsStoredListedAndServedUnderTheExtensionOfItsType()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var file = await (await coach.PostAsync(Route(tenant, ProblemValidation) + "/evidence", FileForm(Pdf, "report.txt")).ShouldBe(HttpStatusCode.Created)).JsonBody();
        Assert.Equal("report.pdf", file.GetProperty("fileName").GetString());
        Assert.Equal("report.pdf", await tenant.InScopeAsync(async (_, db) => await db.EvidenceFiles.Select(f => f.FileName).SingleAsync()));

        var download = await coach.GetAsync(file.GetProperty("url").GetString()).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("report.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task ANameStoredDisguisedBeforeTheCheckIsListedAndServedPlainly()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var file = await (await coach.PostAsync(Route(tenant, ProblemValidation) + "/evidence", FileForm(Pdf, "invoice.pdf")).ShouldBe(HttpStatusCode.Created)).JsonBody();
        await tenant.InScopeAsync(async (_, db) => await db.EvidenceFiles.ExecuteUpdateAsync(u => u.SetProperty(f => f.FileName, "invoice\u202Efdp.exe")));

        var roadmap = await coach.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200();
        Assert.Equal("invoicefdp.pdf", roadmap[1].GetProperty("evidenceFiles")[0].GetProperty("fileName").GetString());
        var download = await coach.GetAsync(file.GetProperty("url").GetString()).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("invoicefdp.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
    }

    [Theory]
    [InlineData("report.txt", "application/pdf", "report.pdf")]
    [InlineData("invoice.exe", "application/pdf", "invoice.pdf")]
    [InlineData("scan", "image/png", "scan.png")]
    [InlineData("photo.JPEG", "image/jpeg", "photo.JPEG")]
    [InlineData("photo.jpg", "image/jpeg", "photo.jpg")]
    [InlineData("Report v1.2", "application/pdf", "Report v1.2.pdf")]
    [InlineData("notes.md", "text/plain", "notes.txt")]
    [InlineData("scores.csv", "text/csv", "scores.csv")]
    [InlineData("deck.pdf", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "deck.pptx")]
    [InlineData("../../etc/passwd", "text/plain", "passwd.txt")]
    public void AStoredNameEndsInAnExtensionOfTheDetectedType(string uploaded, string contentType, string stored)
    {
        Assert.Equal(stored, ImpactOS.Web.Features.Evidence.EvidenceTypes.FileNameFor(uploaded, contentType));
        Assert.Equal(stored, ImpactOS.Web.Features.Evidence.EvidenceTypes.FileNameFor(stored, contentType));
    }

    [Fact]
    public void ALongNameKeepsItsExtensionWithin255Characters()
    {
        var stored = ImpactOS.Web.Features.Evidence.EvidenceTypes.FileNameFor(new string('a', 300) + ".txt", "application/pdf");
        Assert.Equal(255, stored.Length);
        Assert.EndsWith("a.pdf", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><script>alert(1)</script></html>", "photo.png")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "logo.png")]
    [InlineData("", "empty.pdf")]
    public async Task FilesThatAreNotProofAreRefused(string content, string name)
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        await coach.PostAsync(Route(tenant, ProblemValidation) + "/evidence", FileForm(Encoding.UTF8.GetBytes(content), name, "image/png")).ShouldBeInvalid("file");
        var count = await tenant.InScopeAsync(async (_, db) => await db.EvidenceFiles.CountAsync());
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task AFileOverTenMegabytesIsRefused()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var big = new byte[(10 * 1024 * 1024) + 1];
        Pdf.CopyTo(big, 0);
        await coach.PostAsync(Route(tenant, ProblemValidation) + "/evidence", FileForm(big, "big.pdf")).ShouldBeInvalid("file");
    }

    [Fact]
    public async Task PlainTextAndOfficeDocumentsAreAccepted()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var csv = await (await coach.PostAsync(Route(tenant, ProblemValidation) + "/evidence", FileForm(Encoding.UTF8.GetBytes("name,score\nAda,9\n"), "scores.csv")).ShouldBe(HttpStatusCode.Created)).JsonBody();
        Assert.Equal("text/csv", csv.GetProperty("contentType").GetString());

        using var docx = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(docx, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml");
            zip.CreateEntry("word/document.xml");
        }

        var word = await (await coach.PostAsync(Route(tenant, ProblemValidation) + "/evidence", FileForm(docx.ToArray(), "notes.docx")).ShouldBe(HttpStatusCode.Created)).JsonBody();
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", word.GetProperty("contentType").GetString());
    }
}
