using System.Globalization;
using System.Security.Claims;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Auth;

/// <summary>Every sign-in is a session, named by a random id in its cookie or bearer token next to
/// the account's security stamp. A session is current while its account exists, is active, still
/// has that stamp, and the session has not been signed out. Every request checks this (one query),
/// so a change to an account, or a sign-out, takes effect on the next request.</summary>
/// <remarks>Signing out one session records its id as ended (in Identity's <c>user_tokens</c>,
/// until every cookie and token that could carry it has expired). Changing what an account may do,
/// or "sign out everywhere", rotates the security stamp instead, which ends all of its sessions.</remarks>
public sealed class UserSessions(AppDbContext db, IOptions<IdentityOptions> identity, IOptions<ImpactOsOptions> options, TimeProvider clock)
{
    /// <summary>Tags the per-request check, so the SQL budget tests can count it on its own.</summary>
    public const string QueryTag = "impactos:session-check";

    /// <summary>The <c>user_tokens</c> provider name under which ended sessions are kept.</summary>
    private const string EndedSession = "ImpactOS:EndedSession";

    /// <summary>The claim a new sign-in carries.</summary>
    public static Claim NewSessionClaim() => new(AppClaims.SessionId, Guid.NewGuid().ToString("N"));

    /// <summary>Whether the principal's session may still act. Runs as that principal (its tenant
    /// scopes the lookup, as row-level security expects) and leaves the request's user as it was.</summary>
    public async Task<bool> IsCurrentAsync(HttpContext http, ClaimsPrincipal principal)
    {
        if (Read(principal) is not { } session)
        {
            return false;
        }

        var signedInAs = http.User;
        http.User = principal;
        try
        {
            var state = await db.Users.AsNoTracking()
                .TagWith(QueryTag)
                .Where(u => u.Id == session.UserId)
                .Select(u => new
                {
                    u.SecurityStamp,
                    u.ArchivedAt,
                    Ended = db.UserTokens.Any(t => t.UserId == u.Id && t.LoginProvider == EndedSession && t.Name == session.Id),
                })
                .FirstOrDefaultAsync(http.RequestAborted);
            return state is { ArchivedAt: null, Ended: false } && string.Equals(state.SecurityStamp, session.Stamp, StringComparison.Ordinal);
        }
        finally
        {
            http.User = signedInAs;
        }
    }

    /// <summary>Ends the principal's session (signing out one browser or one API token) and forgets
    /// the account's ended sessions that nothing can carry any more.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (Read(principal) is not { } session)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var ended = await db.UserTokens.Where(t => t.UserId == session.UserId && t.LoginProvider == EndedSession).ToListAsync(cancellationToken);
        db.UserTokens.RemoveRange(ended.Where(t => !DateTimeOffset.TryParse(t.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var until) || until < now));
        if (!ended.Any(t => t.Name == session.Id))
        {
            db.UserTokens.Add(new IdentityUserToken<Guid>
            {
                UserId = session.UserId,
                LoginProvider = EndedSession,
                Name = session.Id,
                Value = (now + LongestCarrierLifetime).ToString("O", CultureInfo.InvariantCulture),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Ends every session of the account, this one included.</summary>
    public static Task<IdentityResult> EndAllAsync(UserManager<AppUser> users, AppUser user) => users.UpdateSecurityStampAsync(user);

    /// <summary>The session id a principal carries, for a refresh to keep it.</summary>
    public static string? SessionIdOf(ClaimsPrincipal principal) => principal.FindFirstValue(AppClaims.SessionId);

    /// <summary>A session id stays recorded as ended while a cookie (sliding) or a refresh token
    /// issued before the sign-out could still be presented.</summary>
    private TimeSpan LongestCarrierLifetime =>
        options.Value.Auth.RefreshTokenLifetime > AuthSetup.CookieLifetime ? options.Value.Auth.RefreshTokenLifetime : AuthSetup.CookieLifetime;

    private SessionClaims? Read(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var sessionId = principal.FindFirstValue(AppClaims.SessionId);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return Guid.TryParse(userId, out var id) && !string.IsNullOrEmpty(sessionId) && !string.IsNullOrEmpty(stamp)
            ? new SessionClaims(id, sessionId, stamp)
            : null;
    }

    private sealed record SessionClaims(Guid UserId, string Id, string Stamp);
}
