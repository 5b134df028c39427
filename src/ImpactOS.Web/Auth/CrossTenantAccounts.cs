using System.Security.Claims;
using ImpactOS.Web.Data;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Auth;

/// <summary>The account an email belongs to: its id and organization (none for the platform operator).</summary>
public sealed record AccountKey(Guid UserId, Guid? TenantId);

/// <summary>The one way across organizations' accounts, which are otherwise read only inside their
/// own organization (query filter, and row-level security on PostgreSQL). It answers ids and
/// counts, never an account: whoever needs the account then loads it in its organization.</summary>
public sealed class CrossTenantAccounts(AppDbContext db, ILookupNormalizer normalizer)
{
    /// <summary>The account <paramref name="email"/> signs in to, before any tenant is known; also
    /// how an email is kept unique across the platform.</summary>
    public async Task<AccountKey?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalized = normalizer.NormalizeEmail(email);
        var found = db is PostgresAppDbContext
            ? await db.Database.SqlQueryRaw<AccountRow>($"SELECT user_id, tenant_id FROM {PostgresRowLevelSecurity.AccountByEmailFunction}({{0}})", normalized)
                .Select(a => new AccountKey(a.UserId, a.TenantId)).ToListAsync(cancellationToken)
            : await db.Users.IgnoreQueryFilters([QueryFilters.Tenant]).Where(u => u.NormalizedEmail == normalized)
                .Select(u => new AccountKey(u.Id, u.TenantId)).ToListAsync(cancellationToken);
        // Emails are unique; two accounts for one would make the sign-in ambiguous, so neither signs in.
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>Each organization's number of accounts, for the platform operator.</summary>
    public async Task<Dictionary<Guid, int>> CountByTenantAsync(CancellationToken cancellationToken = default) =>
        db is PostgresAppDbContext
            ? await db.Database.SqlQueryRaw<AccountCount>($"SELECT tenant_id, accounts FROM {PostgresRowLevelSecurity.AccountCountsFunction}()")
                .ToDictionaryAsync(c => c.TenantId, c => (int)c.Accounts, cancellationToken)
            : await db.Users.IgnoreQueryFilters([QueryFilters.Tenant]).Where(u => u.TenantId != null)
                .GroupBy(u => u.TenantId!.Value).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    private sealed class AccountRow
    {
        public Guid UserId { get; set; }
        public Guid? TenantId { get; set; }
    }

    private sealed class AccountCount
    {
        public Guid TenantId { get; set; }
        public long Accounts { get; set; }
    }
}

/// <summary>Emails are unique across the platform. Identity's own check only sees the accounts the
/// caller may read (its organization's, or the operators'), so this one asks across organizations.</summary>
public sealed class UniqueEmailAcrossOrganizations(CrossTenantAccounts accounts, IdentityErrorDescriber describer) : IUserValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user)
    {
        if (string.IsNullOrWhiteSpace(user.Email) || await accounts.FindByEmailAsync(user.Email) is not { } owner || owner.UserId == user.Id)
        {
            return IdentityResult.Success;
        }

        // An owner the caller can see is already reported by Identity's own validator.
        return await manager.Users.AnyAsync(u => u.Id == owner.UserId)
            ? IdentityResult.Success
            : IdentityResult.Failed(describer.DuplicateEmail(user.Email));
    }
}

/// <summary>Loads the account inside its own organization where Identity loads it before the
/// request's principal is set: the cookie's security-stamp check (whose principal names the
/// organization, and is signed) and the making of a principal at sign-in.</summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    CurrentUser currentUser)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        if (!Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return null;
        }

        Guid? tenantId = Guid.TryParse(principal!.FindFirstValue(AppClaims.TenantId), out var tenant) ? tenant : null;
        using (currentUser.ActForAccount(userId, tenantId))
        {
            return await base.ValidateSecurityStampAsync(principal);
        }
    }

    public override async Task<ClaimsPrincipal> CreateUserPrincipalAsync(AppUser user)
    {
        using (currentUser.ActForAccount(user.Id, user.TenantId))
        {
            return await base.CreateUserPrincipalAsync(user);
        }
    }
}
