using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Users;

public sealed record CreateUserRequest(string? Email, string? Password, string? DisplayName, string? Role, Guid? CompanyId);

/// <summary>A change to an account; what is left out stays as it is.</summary>
public sealed record UpdateUserRequest(string? Role = null, string? DisplayName = null, Guid? CompanyId = null, bool? Active = null);

/// <summary>An account as its admins see it. <c>Archived</c> is the older name of <c>!Active</c>, kept for existing clients.</summary>
public sealed record UserDto(Guid Id, string Email, string DisplayName, string Role, Guid? CompanyId, string? CompanyName, DateTime CreatedAt, bool Archived)
{
    public bool Active => !Archived;
}

/// <summary>Accounts of a tenant, managed by its admins. Changing what an account may do (its
/// role, company or being active) ends its sessions: its cookies and tokens stop working on their
/// next request, and it signs in again to get the new rights.</summary>
public sealed class UserAdministration(AppDbContext db, UserManager<AppUser> userManager, CurrentUser currentUser)
{
    public const string EmailInUse = "This email is already in use.";

    public const string LastAdmin = "An organization needs at least one active admin: make someone else an admin first.";

    public async Task<IReadOnlyList<UserDto>> ListAsync(CancellationToken cancellationToken) =>
        await Accounts().AsNoTracking()
            .OrderBy(u => u.DisplayName)
            .Select(ToDto)
            .ToListAsync(cancellationToken);

    public async Task<Outcome<UserDto>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await Accounts().AsNoTracking().Where(u => u.Id == id).Select(ToDto).FirstOrDefaultAsync(cancellationToken) is { } user
            ? user
            : Failure.NotFound();

    public async Task<Outcome<UserDto>> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var displayName = errors.Text("displayName", request.DisplayName, 200, required: true);
        var email = errors.Text("email", request.Email, 256, required: true);
        var role = request.Role?.Trim().ToLowerInvariant();
        var companyName = await CheckRoleAndCompanyAsync(errors, role, request.CompanyId, cancellationToken);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName!,
            Role = role!,
            TenantId = currentUser.RequiredTenantId,
            CompanyId = role == Roles.Founder ? request.CompanyId : null,
            CreatedAt = db.UtcNow,
        };
        IdentityResult result;
        try
        {
            result = await userManager.CreateAsync(user, request.Password ?? "");
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Identity's duplicate check sees only this organization's accounts; an email in use in
            // another one is caught by the unique index, and answered the same way, so the answer
            // does not tell whether (or where) someone else has it.
            db.Entry(user).State = EntityState.Detached;
            return Failure.Invalid("email", EmailInUse);
        }

        if (!result.Succeeded)
        {
            return Failure.Invalid(IdentityErrors.ToValidationErrors(result, "email", "password"));
        }

        return new UserDto(user.Id, user.Email!, user.DisplayName, user.Role, user.CompanyId, companyName, user.CreatedAt, false);
    }

    /// <summary>Changes role, name, company or whether the account is active. Never leaves the
    /// organization without an active admin (409).</summary>
    public async Task<Outcome<UserDto>> UpdateAsync(Guid id, UpdateUserRequest request, CancellationToken cancellationToken)
    {
        // Admin changes are serialized per organization, so two admins demoting each other at the
        // same moment cannot both succeed (SQLite's write transaction already is exclusive).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(7245002, hashtext({currentUser.RequiredTenantId.ToString()}))", cancellationToken);
        }

        var user = await Accounts().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var displayName = request.DisplayName is null ? user.DisplayName : errors.Text("displayName", request.DisplayName, 200, required: true);
        var role = request.Role is null ? user.Role : request.Role.Trim().ToLowerInvariant();
        // A founder keeps their company unless given another; other roles have none.
        var companyId = role == Roles.Founder ? request.CompanyId ?? user.CompanyId : request.CompanyId;
        var companyName = await CheckRoleAndCompanyAsync(errors, role, companyId, cancellationToken);
        var active = request.Active ?? user.ArchivedAt is null;
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var wasActiveAdmin = user.Role == Roles.Admin && user.ArchivedAt is null;
        if (wasActiveAdmin && !(role == Roles.Admin && active)
            && !await Accounts().AnyAsync(u => u.Id != user.Id && u.Role == Roles.Admin && u.ArchivedAt == null, cancellationToken))
        {
            return Failure.Conflict(LastAdmin);
        }

        var changesAccess = role != user.Role || companyId != user.CompanyId || active != (user.ArchivedAt is null);
        user.DisplayName = displayName!;
        user.Role = role!;
        user.CompanyId = companyId;
        user.ArchivedAt = active ? null : user.ArchivedAt ?? db.UtcNow;
        var result = changesAccess ? await UserSessions.EndAllAsync(userManager, user) : await userManager.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? Failure.Conflict("The account was changed by someone else. Reload and try again.")
                : Failure.Invalid(IdentityErrors.ToValidationErrors(result, "email", "password"));
        }

        await transaction.CommitAsync(cancellationToken);
        return new UserDto(user.Id, user.Email!, user.DisplayName, user.Role, user.CompanyId, companyName, user.CreatedAt, user.ArchivedAt is not null);
    }

    /// <summary>This organization's accounts (the tenant filter says so too; the explicit condition
    /// keeps the platform operator's null tenant from ever matching).</summary>
    private IQueryable<AppUser> Accounts() => db.Users.Where(u => u.TenantId == currentUser.TenantId);

    private static readonly System.Linq.Expressions.Expression<Func<AppUser, UserDto>> ToDto =
        u => new UserDto(u.Id, u.Email!, u.DisplayName, u.Role, u.CompanyId, u.Company!.Name, u.CreatedAt, u.ArchivedAt != null);

    /// <summary>The role must be a tenant role; a founder needs a company of this organization and
    /// no one else has one. Gives the company's name.</summary>
    private async Task<string?> CheckRoleAndCompanyAsync(ValidationErrors errors, string? role, Guid? companyId, CancellationToken cancellationToken)
    {
        if (!Roles.IsTenantRole(role))
        {
            errors.Add("role", "Must be admin, coach or founder.");
            return null;
        }

        if (role != Roles.Founder)
        {
            if (companyId is not null)
            {
                errors.Add("companyId", "Only founders are tied to a company.");
            }

            return null;
        }

        var companyName = companyId is { } id
            ? await db.Companies.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (companyName is null)
        {
            errors.Add("companyId", "A founder needs a company of this organization.");
        }

        return companyName;
    }
}

/// <summary>Identity's error codes, sorted onto the form's fields.</summary>
public static class IdentityErrors
{
    public static ValidationErrors ToValidationErrors(IdentityResult result, string emailField, string passwordField)
    {
        var errors = new ValidationErrors();
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                var c when c.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                "DuplicateEmail" or "DuplicateUserName" => emailField,
                "InvalidEmail" or "InvalidUserName" => emailField,
                _ => "",
            };
            // The user name is the email: its errors would only repeat the email's.
            if (field == emailField && errors.Has(emailField))
            {
                continue;
            }

            errors.Add(field, error.Code is "DuplicateEmail" or "DuplicateUserName" ? UserAdministration.EmailInUse : error.Description);
        }

        return errors;
    }
}
