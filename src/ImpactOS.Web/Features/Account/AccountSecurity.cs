using System.Security.Claims;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Features.Account;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>What a signed-in person does about their own access: change their password, sign out
/// everywhere, renew an API token.</summary>
/// <summary>What the "Your account" page shows of the signed-in user.</summary>
public sealed record AccountSummary(string Email, string? Organization);

public sealed class AccountSecurity(
    Data.AppDbContext db,
    UserManager<AppUser> users,
    SignInManager<AppUser> signInManager,
    UserSessions sessions,
    CurrentUser me,
    LoginThrottle throttle,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    TimeProvider clock)
{
    /// <summary>The signed-in user's email and organization.</summary>
    public async Task<AccountSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == me.UserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? "";
        var organization = me.TenantId is { } tenantId
            ? await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new AccountSummary(email, organization);
    }

    /// <summary>Changes the password, which ends every session of the account (this one too: the
    /// page signs its browser in again, an API client logs in again). Wrong current passwords
    /// count against the account like failed sign-ins.</summary>
    public async Task<Outcome<AppUser>> ChangePasswordAsync(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors.Add("currentPassword", "Required.");
        }

        if (string.IsNullOrEmpty(request.NewPassword))
        {
            errors.Add("newPassword", "Required.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (await users.FindByIdAsync(me.RequiredUserId.ToString()) is not { } user)
        {
            return Failure.NotFound();
        }

        var account = user.Email ?? user.Id.ToString();
        if (throttle.IsLockedOut(account, out _))
        {
            return Failure.Invalid("currentPassword", "Too many wrong passwords. Wait a minute and try again.");
        }

        var result = await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!);
        if (result.Succeeded)
        {
            return user;
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            throttle.RecordFailure(account);
            return Failure.Invalid("currentPassword", "This is not your current password.");
        }

        return Failure.Invalid(IdentityErrors.ToValidationErrors(result, "email", "newPassword"));
    }

    /// <summary>Ends every session of the signed-in account, in every browser and API client.</summary>
    public async Task<Outcome<bool>> SignOutEverywhereAsync()
    {
        if (await users.FindByIdAsync(me.RequiredUserId.ToString()) is not { } user)
        {
            return Failure.NotFound();
        }

        var result = await UserSessions.EndAllAsync(users, user);
        return result.Succeeded ? true : Failure.Conflict("Your account was changed at the same moment. Try again.");
    }

    /// <summary>Signs this browser in again as a new session, after a change that ended the old one.</summary>
    public async Task SignInAgainHereAsync(HttpContext http, AppUser user)
    {
        var current = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        signInManager.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signInManager.SignInWithClaimsAsync(user, current.Properties?.IsPersistent ?? false, [UserSessions.NewSessionClaim()]);
    }

    /// <summary>Identity's bearer refresh, with the session check: a refresh token works while its
    /// session is current (its account unchanged, not signed out), and the new token pair
    /// continues that session, so signing it out ends the whole chain. Writes the token pair.</summary>
    public async Task<bool> RefreshAsync(RefreshRequest request, HttpContext http)
    {
        var ticket = string.IsNullOrEmpty(request.RefreshToken)
            ? null
            : bearerOptions.Get(AuthSetup.TokenScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || UserSessions.SessionIdOf(ticket.Principal) is not { } sessionId
            || !await sessions.IsCurrentAsync(http, ticket.Principal))
        {
            return false;
        }

        // From here the request acts as the token's account (its organization scopes the lookup).
        http.User = ticket.Principal;
        if (await users.GetUserAsync(ticket.Principal) is not { } user)
        {
            return false;
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AppClaims.SessionId, sessionId));
        await http.SignInAsync(IdentityConstants.BearerScheme, principal);
        return true;
    }
}
