using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Tracks;

public sealed class TracksApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static List<string> Titles(JsonElement track) => track.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("title").GetString()!).ToList();

    private static List<Guid> Ids(JsonElement track) => track.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();

    private static async Task<JsonElement> CopyAsync(HttpClient admin, Guid id, string? title = null) =>
        await (await admin.PostAsJsonAsync($"/api/v1/tracks/{id}/copy", new { title }).ShouldBe(HttpStatusCode.Created)).JsonBody();

    [Fact]
    public async Task EveryTenantSeesTheThreeSystemStandards()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await tenant.FounderAsync();
        var tracks = (await founder.GetAsync("/api/v1/tracks").Json200()).EnumerateArray().ToList();
        var standards = tracks.Where(t => t.GetProperty("isSystemStandard").GetBoolean()).ToDictionary(t => t.GetProperty("title").GetString()!, t => t.GetProperty("milestones").GetArrayLength());
        Assert.Equal(new Dictionary<string, int> { ["Hardware Standard"] = 11, ["MedTech Standard"] = 12, ["SaaS Standard"] = 11 }, standards);
    }

    [Fact]
    public async Task CopyAndCustomizeMakesATenantOwnedCopyWithNewIds()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var standard = await admin.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}").Json200();
        var copy = await CopyAsync(admin, SystemStandards.SaaS);

        Assert.Equal("SaaS Standard (copy)", copy.GetProperty("title").GetString());
        Assert.False(copy.GetProperty("isSystemStandard").GetBoolean());
        Assert.Equal(SystemStandards.SaaS, copy.GetProperty("copiedFromTrackId").GetGuid());
        Assert.Equal(Titles(standard), Titles(copy));
        Assert.Empty(Ids(standard).Intersect(Ids(copy)));
        Assert.Equal(Enumerable.Range(1, 11), copy.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("orderIndex").GetInt32()));
        Assert.Equal("SaaS Standard (copy 2)", (await CopyAsync(admin, SystemStandards.SaaS)).GetProperty("title").GetString());
        Assert.Equal("Climate SaaS", (await CopyAsync(admin, SystemStandards.SaaS, "Climate SaaS")).GetProperty("title").GetString());
        await admin.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/copy", new { title = "climate saas" }).ShouldBeInvalid("title");
    }

    [Fact]
    public async Task CustomTracksAreCustomizedMilestoneByMilestone()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var copy = await CopyAsync(admin, SystemStandards.Hardware);
        var id = copy.GetProperty("id").GetGuid();

        var added = await (await admin.PostAsJsonAsync($"/api/v1/tracks/{id}/milestones", new { title = "Grant secured", description = "A non-dilutive grant is signed.", orderIndex = 2 })
            .ShouldBe(HttpStatusCode.Created)).JsonBody();
        Assert.Equal("Grant secured", Titles(added)[1]);
        Assert.Equal(12, Titles(added).Count);

        var ids = Ids(added);
        var renamed = await admin.PutAsJsonAsync($"/api/v1/tracks/{id}/milestones/{ids[0]}", new { title = "Requirements signed off", description = "PRD approved." }).Json200();
        Assert.Equal("Requirements signed off", Titles(renamed)[0]);

        var reversed = Enumerable.Reverse(ids).ToList();
        var reordered = await admin.PutAsJsonAsync($"/api/v1/tracks/{id}/milestone-order", new { milestoneIds = reversed }).Json200();
        Assert.Equal(reversed, Ids(reordered));

        await admin.PutAsJsonAsync($"/api/v1/tracks/{id}/milestone-order", new { milestoneIds = reversed.Skip(1) }).ShouldBeInvalid("milestoneIds");
        await admin.PutAsJsonAsync($"/api/v1/tracks/{id}/milestone-order", new { milestoneIds = reversed.Take(11).Append(reversed[0]) }).ShouldBeInvalid("milestoneIds");
        await admin.PutAsJsonAsync($"/api/v1/tracks/{id}/milestone-order", new { milestoneIds = reversed.Take(11).Append(SystemStandards.MilestoneId(SystemStandards.SaaS, 1)) }).ShouldBeInvalid("milestoneIds");
        Assert.Equal(reversed, Ids(await admin.GetAsync($"/api/v1/tracks/{id}").Json200()));

        var archived = await admin.DeleteAsync($"/api/v1/tracks/{id}/milestones/{reversed[0]}").Json200();
        Assert.Equal(reversed.Skip(1), Ids(archived));
        Assert.Equal(Enumerable.Range(1, 11), archived.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("orderIndex").GetInt32()));
        var renamedTrack = await admin.PutAsJsonAsync($"/api/v1/tracks/{id}", new { title = "Climate Hardware", description = "Our hardware path." }).Json200();
        Assert.Equal("Climate Hardware", renamedTrack.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ArchivingAMilestoneKeepsTheAchievementsThatReferToIt()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var copy = await CopyAsync(admin, SystemStandards.SaaS);
        var id = copy.GetProperty("id").GetGuid();
        var first = Ids(copy)[0];
        await admin.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}", new { name = "On custom", foundedOn = "2024-01-15", milestoneTrackId = id }).ShouldBe(HttpStatusCode.OK);
        await admin.PutAsJsonAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{first}", new { achievedAt = "2024-03-01T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);

        await admin.DeleteAsync($"/api/v1/tracks/{id}/milestones/{first}").ShouldBe(HttpStatusCode.OK);
        var roadmap = await admin.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones").Json200();
        Assert.Equal(10, roadmap.GetArrayLength());
        var history = await admin.GetAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{first}/history").Json200();
        Assert.Equal("achieved", history[0].GetProperty("action").GetString());
        var kept = await tenant.InScopeAsync(async (_, db) => await db.CompanyMilestones.CountAsync(m => m.MilestoneId == first && m.Status == MilestoneStatus.Achieved));
        Assert.Equal(1, kept);
    }

    [Fact]
    public async Task SystemStandardsRefuseEditsFromTenantsAndCoachesEditNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await tenant.CoachAsync();
        var saasStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
        await admin.PutAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}", new { title = "Mine now" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await admin.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/milestones", new { title = "Extra" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await admin.PutAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/milestones/{saasStep}", new { title = "Renamed" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await admin.DeleteAsync($"/api/v1/tracks/{SystemStandards.SaaS}/milestones/{saasStep}").ShouldBeProblem(HttpStatusCode.Forbidden);

        var copy = await CopyAsync(admin, SystemStandards.SaaS);
        await coach.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/copy", new { }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await coach.PutAsJsonAsync($"/api/v1/tracks/{copy.GetProperty("id").GetGuid()}", new { title = "Coach's" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.Equal("SaaS Standard", (await coach.GetAsync($"/api/v1/tracks/{SystemStandards.SaaS}").Json200()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task ATenantCannotSeeCopyOrUseAnotherTenantsCustomTrack()
    {
        var mine = await factory.CreateTenantAsync();
        var theirs = await factory.CreateTenantAsync();
        using var theirAdmin = await theirs.AdminAsync();
        var foreign = (await CopyAsync(theirAdmin, SystemStandards.SaaS, "Their secret track")).GetProperty("id").GetGuid();

        using var admin = await mine.AdminAsync();
        await admin.GetAsync($"/api/v1/tracks/{foreign}").ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PostAsJsonAsync($"/api/v1/tracks/{foreign}/copy", new { }).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PutAsJsonAsync($"/api/v1/tracks/{foreign}", new { title = "Stolen" }).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PostAsJsonAsync("/api/v1/companies", new { name = "Sneaky", milestoneTrackId = foreign }).ShouldBeInvalid("milestoneTrackId");
        Assert.DoesNotContain((await admin.GetAsync("/api/v1/tracks").Json200()).EnumerateArray(), t => t.GetProperty("id").GetGuid() == foreign);
        // A title taken in another organization is free here.
        await CopyAsync(admin, SystemStandards.SaaS, "Their secret track");
    }

    [Fact]
    public async Task ANewCompanyGoesOnSaaSStandardAndChangingTrackKeepsItsAchievements()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var created = await (await coach.PostAsJsonAsync("/api/v1/companies", new { name = "Default Co", foundedOn = "2024-02-01" }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        Assert.Equal(SystemStandards.SaaS, created.GetProperty("milestoneTrackId").GetGuid());
        var id = created.GetProperty("id").GetGuid();
        var saasStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 1);
        await coach.PutAsJsonAsync($"/api/v1/companies/{id}/milestones/{saasStep}", new { achievedAt = "2024-03-01T00:00:00Z" }).ShouldBe(HttpStatusCode.OK);

        var moved = await coach.PutAsJsonAsync($"/api/v1/companies/{id}", new { name = "Default Co", foundedOn = "2024-02-01", milestoneTrackId = SystemStandards.MedTech }).Json200();
        Assert.Equal(SystemStandards.MedTech, moved.GetProperty("milestoneTrackId").GetGuid());
        var roadmap = await coach.GetAsync($"/api/v1/companies/{id}/milestones").Json200();
        Assert.Equal(12, roadmap.GetArrayLength());
        Assert.All(roadmap.EnumerateArray(), s => Assert.Equal("pending", s.GetProperty("status").GetString()));
        var history = await coach.GetAsync($"/api/v1/companies/{id}/milestones/{saasStep}/history").Json200();
        Assert.Equal(1, history.GetArrayLength());
        var kept = await tenant.InScopeAsync(async (_, db) => await db.CompanyMilestones.CountAsync(m => m.CompanyId == id && m.Status == MilestoneStatus.Achieved));
        Assert.Equal(1, kept);
    }

    [Fact]
    public async Task TracksAre404WhileTheFeatureIsOffButCompaniesStillGoOnTheDefaultTrack()
    {
        var tenant = await factory.CreateTenantAsync(milestones: false);
        using var admin = await tenant.AdminAsync();
        await admin.GetAsync("/api/v1/tracks").ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/copy", new { }).ShouldBeProblem(HttpStatusCode.NotFound);
        var created = await (await admin.PostAsJsonAsync("/api/v1/companies", new { name = "Flag off Co" }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        Assert.Equal(SystemStandards.SaaS, created.GetProperty("milestoneTrackId").GetGuid());
        var page = await admin.GetAsync("/Tracks");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }
}

public sealed class SystemStandardEditingTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ThePlatformOperatorEditsASystemStandardForEveryTenant()
    {
        var tenant = await factory.CreateTenantAsync();
        using var operatorClient = await factory.ClientForAsync(await factory.EnsureOperatorAsync());
        var tracks = await operatorClient.GetAsync("/api/v1/tracks").Json200();
        Assert.Equal(3, tracks.GetArrayLength());

        var step = SystemStandards.MilestoneId(SystemStandards.MedTech, 4);
        await operatorClient.PutAsJsonAsync($"/api/v1/tracks/{SystemStandards.MedTech}/milestones/{step}", new { title = "FDA Pre-Sub feedback", description = "Q-Sub meeting held; written feedback received." }).ShouldBe(HttpStatusCode.OK);
        using var coach = await tenant.CoachAsync();
        var seen = await coach.GetAsync($"/api/v1/tracks/{SystemStandards.MedTech}").Json200();
        Assert.Equal("FDA Pre-Sub feedback", seen.GetProperty("milestones")[3].GetProperty("title").GetString());
        await operatorClient.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.MedTech}/copy", new { }).ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
