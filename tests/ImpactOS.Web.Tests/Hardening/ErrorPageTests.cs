using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>The app with evidence storage that keeps nothing and cannot be read: downloading a
/// proof file fails inside the request, on the page and on the API alike.</summary>
public sealed class UnreadableStorageFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IEvidenceStorage>();
            services.AddSingleton<IEvidenceStorage>(_ => new UnreadableStorage(this));
        });
    }

    /// <summary>What reading a file throws (tests in a class run one at a time).</summary>
    public Func<Exception> Failure { get; set; } = Unreadable;

    public static Exception Unreadable() => new IOException("Secret detail: the evidence volume is unreadable.");

    private sealed class UnreadableStorage(UnreadableStorageFactory factory) : IEvidenceStorage
    {
        public Task SaveAsync(string key, Stream content, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken) => throw factory.Failure();
    }
}

public sealed class ErrorPageTests(UnreadableStorageFactory factory) : IClassFixture<UnreadableStorageFactory>
{
    private static readonly Guid ProblemValidation = SystemStandards.MilestoneId(SystemStandards.SaaS, 2);

    private async Task<(TestTenant Tenant, Guid FileId)> ProofFileAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await tenant.CoachAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "proof.pdf");
        var created = await (await coach.PostAsync($"/api/v1/companies/{tenant.FounderCompanyId}/milestones/{ProblemValidation}/evidence", form)
            .ShouldBe(HttpStatusCode.Created)).JsonBody();
        return (tenant, created.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task APageThatFailsAnswersTheStyledErrorPageWithItsStatusAndATraceId()
    {
        var (tenant, fileId) = await ProofFileAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);

        var response = await page.GetAsync($"/Evidence/{fileId}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches(new Regex("<title>Something went wrong [^<]* ImpactOS Milestones</title>"), html);
        Assert.Contains("aria-label=\"Main\"", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("Reference: <code>[^<]+</code>"), html);
        Assert.DoesNotContain("Secret detail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("IOException", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageFailingWithAConflictKeepsItsStatusOnTheErrorPage()
    {
        var (tenant, fileId) = await ProofFileAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);
        using var coach = await tenant.CoachAsync();
        factory.Failure = () => new DbUpdateConcurrencyException("Secret detail: stale row.");
        try
        {
            var response = await page.GetAsync($"/Evidence/{fileId}");
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Someone else changed this first", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Secret detail", html, StringComparison.Ordinal);

            await coach.GetAsync($"/api/v1/evidence/{fileId}").ShouldBeProblem(HttpStatusCode.Conflict);
        }
        finally
        {
            factory.Failure = UnreadableStorageFactory.Unreadable;
        }
    }

    [Fact]
    public async Task TheSameFailureOnTheApiStaysProblemDetailsForItsOwnAddress()
    {
        var (tenant, fileId) = await ProofFileAsync();
        using var coach = await tenant.CoachAsync();

        var problem = await coach.GetAsync($"/api/v1/evidence/{fileId}").ShouldBeProblem(HttpStatusCode.InternalServerError);

        Assert.Equal($"/api/v1/evidence/{fileId}", problem.GetProperty("instance").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("Secret detail", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPageAnswersTheStyledNotFoundPageWithATraceId()
    {
        var tenant = await factory.CreateTenantAsync();
        using var page = await factory.PageClientForAsync(tenant.CoachEmail);

        var response = await page.GetAsync("/No/Such/Page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("We could not find that page", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("Reference: <code>[^<]+</code>"), html);
    }
}
