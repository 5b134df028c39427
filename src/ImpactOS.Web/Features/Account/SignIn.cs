using ImpactOS.Web.Auth;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace ImpactOS.Web.Features.Account;

public enum SignInResultKind
{
    SignedIn,
    Refused,
    Throttled,
}

public sealed record SignInAttempt(SignInResultKind Kind, TimeSpan RetryAfter = default);

/// <summary>One sign-in rule for the login page (cookie) and the API (bearer token): the same
/// answer for an unknown email and a wrong password, and the per-account throttle. The email is
/// looked up across organizations (id and organization only); the account itself is then loaded
/// inside its organization, as every read of accounts is.</summary>
public sealed class AppSignIn(SignInManager<AppUser> signInManager, UserManager<AppUser> userManager, CrossTenantAccounts accounts, CurrentUser currentUser, LoginThrottle throttle)
{
    /// <summary>Signs in with the given scheme (cookie or bearer); the scheme writes its own answer.</summary>
    public async Task<SignInAttempt> SignInAsync(string? email, string? password, string scheme, bool persistent = false)
    {
        // Signing in is never done as someone: whoever the request carried (another token, an old
        // cookie) must not narrow the account lookup to their organization.
        signInManager.Context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        email = email?.Trim() ?? "";
        if (throttle.IsLockedOut(email, out var retryAfter))
        {
            return new SignInAttempt(SignInResultKind.Throttled, retryAfter);
        }

        var account = email.Length is > 0 and <= 256 ? await accounts.FindByEmailAsync(email) : null;
        using var actingFor = account is null ? null : currentUser.ActForAccount(account.UserId, account.TenantId);
        var user = account is null ? null : await userManager.FindByIdAsync(account.UserId.ToString());
        if (user is null || user.ArchivedAt is not null)
        {
            // Spend the same effort as a real check, so timing does not reveal which emails exist.
            userManager.PasswordHasher.VerifyHashedPassword(DecoyUser, DecoyHash.Value(userManager), password ?? "");
            throttle.RecordFailure(email);
            return new SignInAttempt(SignInResultKind.Refused);
        }

        var check = await signInManager.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: false);
        if (!check.Succeeded)
        {
            throttle.RecordFailure(email);
            return new SignInAttempt(SignInResultKind.Refused);
        }

        signInManager.AuthenticationScheme = scheme;
        await signInManager.SignInWithClaimsAsync(user, persistent, [UserSessions.NewSessionClaim()]);
        return new SignInAttempt(SignInResultKind.SignedIn);
    }

    private static readonly AppUser DecoyUser = new() { Role = Roles.Coach, DisplayName = "decoy" };

    private static class DecoyHash
    {
        private static string? _hash;

        public static string Value(UserManager<AppUser> users) =>
            _hash ??= users.PasswordHasher.HashPassword(DecoyUser, Guid.NewGuid().ToString());
    }
}
