using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Account;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record MeDto(Guid Id, string Email, string DisplayName, string Role, Guid? TenantId, string? TenantName, Guid? CompanyId);

public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/login", async Task<IResult> (LoginRequest request, AppSignIn signIn, HttpContext http) =>
            {
                var attempt = await signIn.SignInAsync(request.Email, request.Password, IdentityConstants.BearerScheme);
                switch (attempt.Kind)
                {
                    case SignInResultKind.SignedIn:
                        // The bearer token handler has already written {tokenType, accessToken, expiresIn, refreshToken}.
                        return TypedResults.Empty;
                    case SignInResultKind.Throttled:
                        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(attempt.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed attempts. Try again shortly.");
                    default:
                        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid email or password.");
                }
            })
            .AllowAnonymous()
            .RequireRateLimiting(LoginThrottle.AddressPolicy)
            .Produces<AccessTokenResponse>()
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests)
            .WithTags("Auth")
            .WithSummary("Exchange an email and password for a bearer token.");

        api.MapPost("/auth/refresh", async Task<IResult> (RefreshRequest request, AccountSecurity security, HttpContext http) =>
                await security.RefreshAsync(request, http)
                    ? TypedResults.Empty
                    : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The refresh token is not valid: it expired, was signed out, or the account changed."))
            .AllowAnonymous()
            .RequireRateLimiting(LoginThrottle.AddressPolicy)
            .Produces<AccessTokenResponse>()
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests)
            .WithTags("Auth")
            .WithSummary("Exchange a refresh token for a new token pair of the same session.");

        api.MapPost("/auth/logout", async (UserSessions sessions, HttpContext http, CancellationToken ct) =>
            {
                await sessions.EndAsync(http.User, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Auth")
            .WithSummary("End the bearer token this is called with, and its refresh token; other sessions go on.");

        api.MapPut("/me/password", async (ChangePasswordRequest request, AccountSecurity security, CancellationToken ct) =>
                (await security.ChangePasswordAsync(request, ct)).ToResult(_ => TypedResults.NoContent()))
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .WithTags("Auth")
            .WithSummary("Change your own password. Ends every session of the account, this token included: log in again.");

        api.MapGet("/me", async Task<Results<Ok<MeDto>, ProblemHttpResult>> (CurrentUser me, AppDbContext db, CancellationToken ct) =>
            {
                var user = await db.Users.AsNoTracking()
                    .Where(u => u.Id == me.UserId)
                    .Select(u => new { u.Id, u.Email, u.DisplayName, u.Role, u.TenantId, u.CompanyId })
                    .FirstOrDefaultAsync(ct);
                if (user is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.");
                }

                var tenantName = await db.Tenants.AsNoTracking().Where(t => t.Id == user.TenantId).Select(t => t.Name).FirstOrDefaultAsync(ct);
                return TypedResults.Ok(new MeDto(user.Id, user.Email!, user.DisplayName, user.Role, user.TenantId, tenantName, user.CompanyId));
            })
            .Problems(StatusCodes.Status404NotFound)
            .WithTags("Auth")
            .WithSummary("Who the token belongs to.");

        return api;
    }
}
