using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Users;

public sealed record CreateUserRequest(string? Email, string? Password, string? DisplayName, string? Role, Guid? CompanyId);

public sealed record UserDto(Guid Id, string Email, string DisplayName, string Role, Guid? CompanyId, string? CompanyName, DateTime CreatedAt, bool Archived);

/// <summary>Accounts of a tenant, managed by its admins.</summary>
public sealed class UserAdministration(AppDbContext db, UserManager<AppUser> userManager, CurrentUser currentUser)
{
    public async Task<IReadOnlyList<UserDto>> ListAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.TenantId == currentUser.TenantId)
            .OrderBy(u => u.DisplayName)
            .Select(u => new UserDto(u.Id, u.Email!, u.DisplayName, u.Role, u.CompanyId, u.Company!.Name, u.CreatedAt, u.ArchivedAt != null))
            .ToListAsync(cancellationToken);

    public async Task<Outcome<UserDto>> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var displayName = errors.Text("displayName", request.DisplayName, 200, required: true);
        var email = errors.Text("email", request.Email, 256, required: true);
        var role = request.Role?.Trim().ToLowerInvariant();
        if (!Roles.IsTenantRole(role))
        {
            errors.Add("role", "Must be admin, coach or founder.");
        }

        string? companyName = null;
        if (role == Roles.Founder)
        {
            companyName = request.CompanyId is { } companyId
                ? await db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
                : null;
            if (companyName is null)
            {
                errors.Add("companyId", "A founder needs a company of this organization.");
            }
        }
        else if (request.CompanyId is not null)
        {
            errors.Add("companyId", "Only founders are tied to a company.");
        }

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
        var result = await userManager.CreateAsync(user, request.Password ?? "");
        if (!result.Succeeded)
        {
            return Failure.Invalid(IdentityErrors.ToValidationErrors(result, "email", "password"));
        }

        return new UserDto(user.Id, user.Email!, user.DisplayName, user.Role, user.CompanyId, companyName, user.CreatedAt, false);
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
            var message = error.Code is "DuplicateEmail" or "DuplicateUserName" ? "This email is already in use." : error.Description;
            if (!(error.Code == "DuplicateUserName" && errors.Has(emailField)) && !(error.Code == "InvalidUserName" && errors.Has(emailField)))
            {
                errors.Add(field, message);
            }
        }

        return errors;
    }
}
