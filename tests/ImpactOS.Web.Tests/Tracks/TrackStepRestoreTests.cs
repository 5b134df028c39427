using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Tracks;

public sealed class TrackStepRestoreTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static List<string> Titles(JsonElement track) => track.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("title").GetString()!).ToList();

    private static List<Guid> Ids(JsonElement track) => track.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();

    private static async Task<JsonElement> CopyAsync(HttpClient admin, Guid id) =>
        await (await admin.PostAsJsonAsync($"/api/v1/tracks/{id}/copy", new { title = (string?)null }).ShouldBe(HttpStatusCode.Created)).JsonBody();

    [Fact]
    public async Task AnArchivedStepIsRestoredAtTheEndOfItsTrack()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var id = (await CopyAsync(admin, SystemStandards.Hardware)).GetProperty("id").GetGuid();
        var ids = Ids(await admin.GetAsync($"/api/v1/tracks/{id}").Json200());
        await admin.DeleteAsync($"/api/v1/tracks/{id}/milestones/{ids[1]}").Json200();

        var restored = await (await admin.PostAsync($"/api/v1/tracks/{id}/milestones/{ids[1]}/restore", null).ShouldBe(HttpStatusCode.OK)).JsonBody();

        Assert.Equal(ids.Where(m => m != ids[1]).Append(ids[1]), Ids(restored));
        Assert.Equal(Enumerable.Range(1, ids.Count), restored.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("orderIndex").GetInt32()));
    }

    [Fact]
    public async Task AStepIsRestoredOnlyByItsTracksAdminsAndNotOverAnActiveStepOfTheSameTitle()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await tenant.CoachAsync();
        using var otherAdmin = await other.AdminAsync();
        var track = await CopyAsync(admin, SystemStandards.Hardware);
        var id = track.GetProperty("id").GetGuid();
        var step = Ids(track)[0];
        var title = Titles(track)[0];
        await admin.DeleteAsync($"/api/v1/tracks/{id}/milestones/{step}").Json200();
        var route = $"/api/v1/tracks/{id}/milestones/{step}/restore";

        await coach.PostAsync(route, null).ShouldBeProblem(HttpStatusCode.Forbidden);
        await otherAdmin.PostAsync(route, null).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PostAsync($"/api/v1/tracks/{id}/milestones/{Ids(track)[1]}/restore", null).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.PostAsync($"/api/v1/tracks/{SystemStandards.Hardware}/milestones/{SystemStandards.MilestoneId(SystemStandards.Hardware, 1)}/restore", null).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await admin.PostAsJsonAsync($"/api/v1/tracks/{id}/milestones", new { title })).ShouldBe(HttpStatusCode.Created);
        await admin.PostAsync(route, null).ShouldBeProblem(HttpStatusCode.Conflict);

        Assert.DoesNotContain(step, Ids(await admin.GetAsync($"/api/v1/tracks/{id}").Json200()));
    }
}
