using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Demo;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ImpactOS.Web.Infrastructure;

/// <summary>Start-up plumbing that keeps Program.cs a readable table of contents.</summary>
public static class Wiring
{
    /// <summary>Behind a load balancer, trust its X-Forwarded-* headers (set <c>ImpactOS__BehindProxy=true</c>).</summary>
    public static WebApplication UseForwardedHeadersWhenConfigured(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("ImpactOS:BehindProxy"))
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            app.UseForwardedHeaders(forwarded);
        }

        return app;
    }

    /// <summary>Every log line written during a request says which tenant and user it was for.</summary>
    public static WebApplication UseRequestLogScope(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ImpactOS.Request");
            var user = context.User;
            using (logger.BeginScope(new Dictionary<string, object?>
            {
                ["TenantId"] = user.FindFirst(Auth.AppClaims.TenantId)?.Value,
                ["UserId"] = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
            }))
            {
                await next();
            }
        });
        return app;
    }

    /// <summary><c>/healthz</c> and <c>/healthz/ready</c> ask the database; <c>/healthz/live</c> never does.</summary>
    public static WebApplication MapAppHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        return app;
    }

    /// <summary>The overall status on the first line (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>),
    /// then one line per check that has something to say: "replica: Degraded: replica lagging …"
    /// (never an exception's message).</summary>
    private static Task WriteHealthAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var text = new System.Text.StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Exception is null && entry.Description is { Length: > 0 } description)
            {
                text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(": ").Append(description);
            }
        }

        return context.Response.WriteAsync(text.ToString());
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app, ImpactOsOptions options)
    {
        if (options.Database.MigrateOnStartup)
        {
            await DatabaseSetup.MigrateAsync(app.Services, options, app.Configuration);
        }

        var seed = options.SeedDemo ?? options.Database.Provider == DatabaseProvider.Sqlite;
        if (seed)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            var banner = await seeder.SeedIfEmptyAsync(options);
            app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, banner));
        }
        else
        {
            app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, null));
        }
    }

    private static void PrintBanner(WebApplication app, DemoBanner? demo)
    {
        var urls = string.Join(", ", app.Urls);
        Console.WriteLine();
        Console.WriteLine($"  ImpactOS Milestones is running at {urls}");
        if (demo is not null)
        {
            Console.WriteLine("  Demo logins (password: " + demo.Password + "):");
            foreach (var login in demo.Logins)
            {
                Console.WriteLine(DemoBanner.Line(login));
            }
        }

        Console.WriteLine();
    }
}

/// <summary>Tells the API reference that routes take a bearer token from <c>POST /api/v1/auth/login</c>.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "ImpactOS Milestones API";
        document.Info.Description = "Sign in with `POST /api/v1/auth/login` and send the `accessToken` it answers as the header `Authorization: Bearer <token>`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The accessToken from POST /api/v1/auth/login.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
