using System.Net;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Foundation;

public sealed class OperationsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/healthz/ready")]
    [InlineData("/healthz/live")]
    public async Task HealthEndpointsAnswerWithoutSigningIn(string path)
    {
        using var anonymous = factory.AnonymousClient();
        var response = await anonymous.GetAsync(path).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheApi()
    {
        using var anonymous = factory.AnonymousClient();
        var document = await anonymous.GetAsync("/openapi/v1.json").Json200();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/auth/login", out _));
        Assert.True(paths.TryGetProperty("/api/v1/companies", out _));
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task TheApiReferenceShowsATokenPlaceholderAndLoadsNothingFromElsewhere()
    {
        using var anonymous = factory.AnonymousClient();
        var response = await anonymous.GetAsync("/scalar/").ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();

        // The bearer example reads "<token>" (JSON-escaped in the page's configuration).
        Assert.Contains("\"token\":\"\\u003Ctoken\\u003E\"", page, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", page, StringComparison.Ordinal);
        Assert.Contains("\"hideClientButton\":true", page, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCsvTheApiHandsOutHasSnakeCaseHeaders()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var saas = Features.Tracks.SystemStandards.SaaS;
        foreach (var route in new[]
        {
            "/api/v1/reports/portfolio.csv", $"/api/v1/reports/track-velocity.csv?trackId={saas}", $"/api/v1/reports/velocity.csv?trackId={saas}",
            "/api/v1/reports/attribution.csv", "/api/v1/reports/program-lift.csv",
            "/api/v1/exports/milestones.csv", "/api/v1/exports/companies.csv", "/api/v1/exports/interactions.csv",
        })
        {
            var response = await admin.GetAsync(route).ShouldBe(HttpStatusCode.OK);
            var header = (await response.Content.ReadAsStringAsync()).Split("\r\n")[0];
            Assert.Matches("^[a-z0-9_]+(,[a-z0-9_]+)*$", header);
        }
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        using var anonymous = factory.AnonymousClient();
        foreach (var path in new[] { "/Account/Login", "/api/v1/me", "/healthz", "/no-such-page" })
        {
            var response = await anonymous.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.Contains("Referrer-Policy"));
        }
    }

    [Fact]
    public async Task UnknownApiRoutesAnswerProblemDetails()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var body = await admin.GetAsync("/api/v1/nothing-here").ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.True(body.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task MalformedJsonIsA400ProblemNotA500()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var content = new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json");
        await admin.PostAsync("/api/v1/companies", content).ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
