using ImpactOS.Web.Analytics;
using ImpactOS.Web.Features;
using ImpactOS.Web.Tenancy;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(ImpactOsOptions.Section).Get<ImpactOsOptions>() ?? new ImpactOsOptions();
builder.Services.Configure<ImpactOsOptions>(builder.Configuration.GetSection(ImpactOsOptions.Section));
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

// Serve wwwroot and its precompressed copies from the build output in every environment, as
// `dotnet run` does: without this, outside Development the endpoints for the .gz variants point at
// files that only exist in obj/, and browsers (which ask for gzip) get empty 200s. A published
// app has no runtime manifest, so this is a no-op there.
builder.WebHost.UseStaticWebAssets();
builder.AddRequestLimits();
builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped(sp => new CurrentUser(sp.GetRequiredService<IHttpContextAccessor>()));
builder.Services.AddAppDatabase(builder.Configuration, options);
builder.Services.AddDataProtection().SetApplicationName("ImpactOS").PersistKeysToDbContext<AppDbContext>();
builder.Services.AddAppAuth(options);
builder.Services.AddAppErrorHandling();
builder.Services.AddMemoryCache();
builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    o.Conventions.AllowAnonymousToPage("/Account/Login");
    o.Conventions.AllowAnonymousToPage("/Error");
});
builder.Services.AddFeatureServices();
// Links the app generates are lower-case (/companies/new); query values keep their case (a search,
// a cursor). Incoming routing ignores case, so old mixed-case links and bookmarks keep working.
builder.Services.Configure<RouteOptions>(o =>
{
    o.LowercaseUrls = true;
    o.LowercaseQueryStrings = false;
});
builder.Services.AddAnalytics();
builder.Services.AddServerTiming(options);

var app = builder.Build();

// Off unless ImpactOS__Diagnostics__ServerTiming=true: then every response says where its time
// went (Server-Timing) and the middleware below is timed one by one.
app.UseServerTiming(options);
app.UseForwardedHeadersWhenConfigured();
if (!app.Environment.IsDevelopment())
{
    // Sent only over HTTPS: browsers then refuse plain HTTP to this host for a year.
    app.Timed(options, "hsts", a => a.UseHsts());
}

app.Timed(options, "headers", a => a.UseSecurityHeaders());
app.Timed(options, "errors", a => a.UseAppErrorHandling());
// Assets are public: the sign-in page needs its stylesheets before anyone has signed in.
app.MapStaticAssets().AllowAnonymous();
app.Timed(options, "routing", a => a.UseRouting());
app.Timed(options, "bodylimit", a => a.UseEndpointBodySizeLimits());
app.Timed(options, "ratelimit", a => a.UseRateLimiter());
app.Timed(options, "authn", a => a.UseAuthentication());
app.Timed(options, "authz", a => a.UseAuthorization());
app.Timed(options, "logscope", a => a.UseRequestLogScope());
app.Timed(options, "idempotency", a => a.UseIdempotencyKeys());
app.Timed(options, "antiforgery", a => a.UseAntiforgery());
app.UseServerTimingEndpointMark(options);

app.MapAppHealthChecks();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference(o => o.WithTitle("ImpactOS Milestones API")
        // The example requests show where the token goes, not a made-up secret.
        .AddPreferredSecuritySchemes(["Bearer"])
        .AddHttpAuthentication("Bearer", scheme => scheme.Token = "<token>")
        // Nothing fetched from elsewhere (the CSP would block it) and no vendor add-ons.
        .DisableDefaultFonts()
        .DisableAgent()
        .DisableMcp()
        .DisableTelemetry()
        .HideClientButton()
        .HideDeveloperTools())
    .AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapApi();

await app.InitializeDatabaseAsync(options);
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' factory.</summary>
public partial class Program;
