using System.Text.Json;
using System.Text.RegularExpressions;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ImpactOS.Web.Tests.Foundation;

/// <summary>The published API contract is honest: /openapi/v1.json gives every /api/v1 route a
/// response schema for every status it declares, and declares every refusal the route's guards
/// and inputs can answer (worked out here from the running app's endpoints, not from a list).</summary>
public sealed partial class OpenApiContractTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private sealed record Operation(string Method, string Path, JsonElement Body);

    [Fact]
    public async Task EveryDeclaredResponseOfEveryApiRouteHasASchema()
    {
        var problems = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            var responses = operation.Body.GetProperty("responses");
            if (!responses.EnumerateObject().Any(r => r.Name.StartsWith('2')))
            {
                problems.Add($"{operation.Method} {operation.Path}: no success response");
            }

            foreach (var response in responses.EnumerateObject().Where(r => r.Name != "204"))
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                {
                    problems.Add($"{operation.Method} {operation.Path} {response.Name}: no content");
                    continue;
                }

                foreach (var media in content.EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("schema", out var schema) || !schema.EnumerateObject().Any())
                    {
                        problems.Add($"{operation.Method} {operation.Path} {response.Name} {media.Name}: no schema");
                    }
                }

                if (response.Name[0] is '4' or '5' && !content.TryGetProperty("application/problem+json", out _))
                {
                    problems.Add($"{operation.Method} {operation.Path} {response.Name}: not application/problem+json");
                }
            }
        }

        Assert.True(problems.Count == 0, "Responses without a schema:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task EveryApiRouteDeclaresTheRefusalsItsGuardsAndInputsCanAnswer()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Key: Key(m, e.RoutePattern.RawText!), Endpoint: e)))
            .ToDictionary(e => e.Key, e => e.Endpoint);
        var operations = await OperationsAsync();
        Assert.Equal(endpoints.Keys.Order(), operations.Select(o => Key(o.Method, o.Path)).Order());

        var missing = new List<string>();
        foreach (var operation in operations)
        {
            var endpoint = endpoints[Key(operation.Method, operation.Path)];
            var declared = operation.Body.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
            var parameters = operation.Body.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            var expected = new Dictionary<string, string> { ["401"] = "every route refuses a missing or bad token" };
            if (!endpoint.Metadata.OfType<IAllowAnonymous>().Any() && endpoint.Metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null))
            {
                expected["403"] = "it requires a role";
            }

            if (parameters.Any(x => x.GetProperty("in").GetString() == "path") || endpoint.Metadata.GetMetadata<MilestonesFeatureGate>() is not null)
            {
                expected["404"] = "it names a resource or sits behind the milestones flag";
            }

            if (operation.Body.TryGetProperty("requestBody", out _) || parameters.Any(x => x.GetProperty("in").GetString() == "query"))
            {
                expected["400"] = "it reads a body or query parameters";
            }

            if (operation.Method == "POST" && !endpoint.Metadata.OfType<IAllowAnonymous>().Any() && !operation.Path.StartsWith("/api/v1/platform/", StringComparison.Ordinal))
            {
                // An organization's user may send Idempotency-Key on any POST.
                expected["400"] = expected["409"] = expected["422"] = "it honours Idempotency-Key";
            }

            if (endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null)
            {
                expected["413"] = "it has a body size limit of its own";
            }

            if (endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
            {
                expected["429"] = "it is rate limited";
            }

            missing.AddRange(expected.Where(e => !declared.Contains(e.Key)).Select(e => $"{operation.Method} {operation.Path}: no {e.Key}, though {e.Value}"));
        }

        Assert.True(missing.Count == 0, "Refusals a route can answer but does not declare:\n" + string.Join("\n", missing));
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        using var anonymous = factory.AnonymousClient();
        var document = await anonymous.GetAsync("/openapi/v1.json").Json200();
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1", StringComparison.Ordinal)))
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "put" or "post" or "delete" or "patch"))
            {
                operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, method.Value));
            }
        }

        Assert.NotEmpty(operations);
        return operations;
    }

    /// <summary>"GET /api/v1/companies/{id}" for the route "/api/v1/companies/{id:guid}/" too.</summary>
    private static string Key(string method, string route) => method.ToUpperInvariant() + " " + Constraint().Replace(route, "}").TrimEnd('/');

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex Constraint();
}
