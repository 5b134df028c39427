using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Hardening;

public sealed class IdempotencyTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static HttpRequestMessage Post(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task ARetryWithTheSameKeyReplaysTheAnswerAndCreatesNothingTwice()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var key = Guid.NewGuid().ToString();
        var first = await coach.SendAsync(Post("/api/v1/companies", new { name = "Once Only" }, key));
        await first.ShouldBe(HttpStatusCode.Created);
        var second = await coach.SendAsync(Post("/api/v1/companies", new { name = "Once Only" }, key));
        await second.ShouldBe(HttpStatusCode.Created);

        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var list = await coach.GetAsync("/api/v1/companies?q=Once%20Only").Json200();
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBodyIs422()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var key = Guid.NewGuid().ToString();
        await coach.SendAsync(Post("/api/v1/companies", new { name = "First Body" }, key)).ShouldBe(HttpStatusCode.Created);
        await coach.SendAsync(Post("/api/v1/companies", new { name = "Second Body" }, key)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, (await coach.GetAsync("/api/v1/companies?q=Second").Json200()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task KeysBelongToTheirUserAndBadKeysAre400()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        using var admin = await tenant.AdminAsync();
        var key = Guid.NewGuid().ToString();
        await coach.SendAsync(Post("/api/v1/companies", new { name = "Shared Key A" }, key)).ShouldBe(HttpStatusCode.Created);
        await admin.SendAsync(Post("/api/v1/companies", new { name = "Shared Key B" }, key)).ShouldBe(HttpStatusCode.Created);
        await coach.SendAsync(Post("/api/v1/companies", new { name = "Bad key" }, "has space")).ShouldBeProblem(HttpStatusCode.BadRequest);
        await coach.SendAsync(Post("/api/v1/companies", new { name = "Bad key" }, new string('k', 201))).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ARefusedRequestIsReplayedAsTheSameRefusal()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        var key = Guid.NewGuid().ToString();
        var first = await coach.SendAsync(Post("/api/v1/companies", new { name = "" }, key)).ShouldBeInvalid("name");
        var second = await coach.SendAsync(Post("/api/v1/companies", new { name = "" }, key)).ShouldBeInvalid("name");
        Assert.Equal(first.GetProperty("title").GetString(), second.GetProperty("title").GetString());
    }
}
