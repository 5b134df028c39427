using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Tenancy;

/// <summary>An organization: an accelerator, incubator or fund.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public TenantConfig? Config { get; set; }
}

/// <summary>Organization settings; <see cref="FeatureMilestones"/> is the requirements' flag.</summary>
public sealed class TenantConfig : ITenantOwned, IVersioned
{
    public Guid TenantId { get; set; }
    public bool FeatureMilestones { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.ToTable("tenants");
        b.Property(t => t.Id).HasDefaultRandomUuid();
        b.Property(t => t.Name).IsRequired().HasMaxLength(200);
        b.Property(t => t.CreatedAt).HasDefaultNow();
        b.HasOne(t => t.Config).WithOne().HasForeignKey<TenantConfig>(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantConfigConfiguration : IEntityTypeConfiguration<TenantConfig>
{
    public void Configure(EntityTypeBuilder<TenantConfig> b)
    {
        b.ToTable("tenant_config");
        b.HasKey(c => c.TenantId);
        b.Property(c => c.FeatureMilestones).HasDefaultValue(false);
        b.Property(c => c.UpdatedAt).HasDefaultNow();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}
