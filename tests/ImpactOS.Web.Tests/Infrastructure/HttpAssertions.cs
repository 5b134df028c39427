using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ImpactOS.Web.Tests.Infrastructure;

public static class HttpAssertions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Asserts the status, showing the body when it differs (the fastest route to why).</summary>
    public static async Task<HttpResponseMessage> ShouldBe(this Task<HttpResponseMessage> request, HttpStatusCode expected)
    {
        var response = await request;
        await response.ShouldBe(expected);
        return response;
    }

    public static async Task ShouldBe(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.StatusCode}, expected {(int)expected} {expected}. Body: {body}");
        }
    }

    public static async Task<JsonElement> Json200(this Task<HttpResponseMessage> request) =>
        await (await request.ShouldBe(HttpStatusCode.OK)).Content.ReadFromJsonAsync<JsonElement>(Json);

    public static async Task<JsonElement> JsonBody(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);

    /// <summary>A 4xx with an RFC 9457 body.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this Task<HttpResponseMessage> request, HttpStatusCode expected)
    {
        var response = await request.ShouldBe(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonBody();
        Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
        return body;
    }

    /// <summary>A 400 whose <c>errors</c> map names <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ShouldBeInvalid(this Task<HttpResponseMessage> request, string field)
    {
        var body = await request.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(body.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"Expected an error for '{field}', got {body}");
        return body;
    }
}
