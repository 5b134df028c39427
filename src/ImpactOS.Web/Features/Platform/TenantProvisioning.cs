using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Platform;

public sealed record CreateTenantRequest(string? Name, string? AdminEmail, string? AdminPassword, string? AdminDisplayName);

public sealed record TenantCreated(Guid Id, string Name, Guid AdminUserId);

public sealed record TenantSummary(Guid Id, string Name, DateTime CreatedAt, int Users);

/// <summary>The platform operator creates organizations, each with its first admin and the
/// milestones feature off, all in one transaction.</summary>
public sealed class TenantProvisioning(AppDbContext db, UserManager<AppUser> userManager, CrossTenantAccounts accounts)
{
    /// <summary>The organizations with their number of accounts (counted across organizations: the
    /// operator reads no organization's accounts).</summary>
    public async Task<IReadOnlyList<TenantSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name, t.CreatedAt }).ToListAsync(cancellationToken);
        var users = await accounts.CountByTenantAsync(cancellationToken);
        return tenants.Select(t => new TenantSummary(t.Id, t.Name, t.CreatedAt, users.GetValueOrDefault(t.Id))).ToList();
    }

    public async Task<Outcome<TenantCreated>> CreateAsync(CreateTenantRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = errors.Text("name", request.Name, 200, required: true);
        var email = errors.Text("adminEmail", request.AdminEmail, 256, required: true);
        var displayName = errors.Text("adminDisplayName", request.AdminDisplayName, 200) ?? "Administrator";
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (await db.Tenants.AnyAsync(t => t.Name == name, cancellationToken))
        {
            return Failure.Invalid("name", "An organization with this name exists.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tenant = new Tenant { Name = name!, CreatedAt = db.UtcNow };
        db.Tenants.Add(tenant);
        db.TenantConfigs.Add(new TenantConfig { TenantId = tenant.Id, FeatureMilestones = false, UpdatedAt = db.UtcNow });
        await db.SaveChangesAsync(cancellationToken);

        var admin = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            Role = Roles.Admin,
            TenantId = tenant.Id,
            CreatedAt = db.UtcNow,
        };
        var result = await userManager.CreateAsync(admin, request.AdminPassword ?? "");
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            return Failure.Invalid(IdentityErrors.ToValidationErrors(result, "adminEmail", "adminPassword"));
        }

        await transaction.CommitAsync(cancellationToken);
        return new TenantCreated(tenant.Id, tenant.Name, admin.Id);
    }
}
