using System.Security.Claims;
using System.Threading.RateLimiting;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Auth;

/// <summary>Accounts and access: Identity with a cookie for the pages and bearer tokens for the API.</summary>
public static class AuthSetup
{
    /// <summary>Chooses the scheme by what the request carries: a bearer header, else the cookie.</summary>
    private const string SmartScheme = "cookie-or-bearer";

    /// <summary>Identity's own bearer-token handler, which issues and reads the tokens; the API's
    /// scheme (<see cref="IdentityConstants.BearerScheme"/>) wraps it with the session check.</summary>
    public const string TokenScheme = "Identity.BearerToken";

    /// <summary>How long a browser stays signed in without a request (sliding).</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddAppAuth(this IServiceCollection services, ImpactOsOptions options)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddUserValidator<UniqueEmailAcrossOrganizations>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = options.Auth.PasswordHashIterations);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o =>
                o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "impactos.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/accessdenied";
                o.ExpireTimeSpan = CookieLifetime;
                o.SlidingExpiration = true;
                // Every request, not Identity's SecurityStampValidator: that one looks only every
                // 30 minutes, and its rejection signs out of 2FA schemes AddIdentityCore never
                // registers (a 500 on every request, the sign-in page included). A session that
                // is no longer current simply loses its cookie.
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    if (ctx.Principal is null || !await ctx.HttpContext.RequestServices.GetRequiredService<UserSessions>().IsCurrentAsync(ctx.HttpContext, ctx.Principal))
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    }
                };
                // The API never redirects to a login page.
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(TokenScheme, o =>
            {
                o.BearerTokenExpiration = options.Auth.AccessTokenLifetime;
                o.RefreshTokenExpiration = options.Auth.RefreshTokenLifetime;
            })
            .AddScheme<AuthenticationSchemeOptions, SessionBearerHandler>(IdentityConstants.BearerScheme, o => o.ForwardChallenge = TokenScheme);
        services.AddScoped<UserSessions>();
        // Password-reset links (Identity's data-protected tokens, tied to the security stamp, so
        // they stop working once used).
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = options.Auth.PasswordResetLinkLifetime);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.TenantMember, p => p.RequireClaim(AppClaims.TenantId).RequireRole(Roles.Admin, Roles.Coach, Roles.Founder))
            .AddPolicy(Policies.Staff, p => p.RequireClaim(AppClaims.TenantId).RequireRole(Roles.Staff))
            .AddPolicy(Policies.Admin, p => p.RequireClaim(AppClaims.TenantId).RequireRole(Roles.Admin))
            .AddPolicy(Policies.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Policies.TenantMemberOrOperator, p => p.RequireRole(Roles.Admin, Roles.Coach, Roles.Founder, Roles.Operator))
            .AddPolicy(Policies.TrackEditor, p => p.RequireRole(Roles.Admin, Roles.Operator));

        services.AddSingleton<LoginThrottle>();
        services.AddScoped<CrossTenantAccounts>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many attempts. Try again shortly." },
                });
            };
            o.AddPolicy(LoginThrottle.AddressPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.Auth.LoginsPerAddressPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            o.AddPolicy(Features.Calendar.CalendarFeedApi.FetchPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.Auth.FeedFetchesPerAddressPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });

        return services;
    }

    private static Task ApiOr(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Puts the tenant, role, company and display name into the sign-in, so every request
/// knows them without a lookup.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> userManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        if (user.TenantId is { } tenantId)
        {
            identity.AddClaim(new Claim(AppClaims.TenantId, tenantId.ToString()));
        }

        if (user.CompanyId is { } companyId)
        {
            identity.AddClaim(new Claim(AppClaims.CompanyId, companyId.ToString()));
        }

        return identity;
    }
}
