using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Auth;

/// <summary>An account. Accounts live in one table across tenants because a login happens before
/// the tenant is known; the tenant filter still hides other tenants' users from every query.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    /// <summary>Null only for the platform operator.</summary>
    public Guid? TenantId { get; set; }
    public Tenant? Tenant { get; set; }

    public required string Role { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>The company a founder belongs to.</summary>
    public Guid? CompanyId { get; set; }
    public Company? Company { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.ToTable("users");
        b.Property(u => u.Role).IsRequired().HasMaxLength(20);
        b.Property(u => u.DisplayName).IsRequired().HasMaxLength(200);
        b.Property(u => u.CreatedAt).HasDefaultNow();
        b.HasOne(u => u.Tenant).WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(u => u.Company).WithMany().HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => new { u.TenantId, u.Role });
        b.ToTable(t => t.HasCheckConstraint("ck_users_role", "role IN ('admin', 'coach', 'founder', 'operator')"));
    }
}
