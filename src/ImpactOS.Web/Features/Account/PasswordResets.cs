using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Features.Account;

public sealed record PasswordResetLink(string ResetUrl, DateTime ExpiresAt);

public sealed record ResetPasswordRequest(Guid? TenantId, Guid? UserId, string? Token, string? NewPassword);

/// <summary>Password resets without mail: an admin makes a link and hands it over; whoever opens it
/// sets a new password. The token is Identity's (data-protected, tied to the account's security
/// stamp), so it works once: setting the password rotates the stamp, which also ends every
/// session of the account.</summary>
public sealed class PasswordResets(
    AppDbContext db,
    UserManager<AppUser> userManager,
    CurrentUser currentUser,
    IServiceScopeFactory scopes,
    LinkGenerator links,
    IHttpContextAccessor http,
    IOptions<DataProtectionTokenProviderOptions> tokenOptions,
    TimeProvider clock)
{
    public const string InvalidLink = "This link has expired or was already used. Ask an administrator of your organization for a new one.";

    /// <summary>A link for an account of the admin's organization.</summary>
    public async Task<Outcome<PasswordResetLink>> IssueAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.TenantId == currentUser.TenantId, cancellationToken);
        if (user?.TenantId is not { } tenantId || http.HttpContext is not { } context)
        {
            return Failure.NotFound();
        }

        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        var url = links.GetUriByPage(context, "/Account/ResetPassword", handler: null, values: new { tenant = tenantId, user = user.Id, token });
        return new PasswordResetLink(url!, clock.GetUtcNow().UtcDateTime + tokenOptions.Value.TokenLifespan);
    }

    /// <summary>Sets the new password if the link is still good. The visitor is not signed in, so
    /// the account is looked up inside the organization the link names; a wrong name finds nothing.</summary>
    public async Task<Outcome<bool>> ResetAsync(ResetPasswordRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.NewPassword))
        {
            return Failure.Invalid("newPassword", "Required.");
        }

        if (request is not { TenantId: { } tenantId, UserId: { } userId, Token: { Length: > 0 } token })
        {
            return Failure.Invalid("", InvalidLink);
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsAccount(tenantId, userId);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || user.TenantId != tenantId)
        {
            return Failure.Invalid("", InvalidLink);
        }

        var result = await users.ResetPasswordAsync(user, token, request.NewPassword);
        if (result.Succeeded)
        {
            return true;
        }

        return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
            ? Failure.Invalid("", InvalidLink)
            : Failure.Invalid(IdentityErrors.ToValidationErrors(result, "email", "newPassword"));
    }
}
