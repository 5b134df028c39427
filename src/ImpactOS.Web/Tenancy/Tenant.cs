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

    /// <summary>Whether the organization contributes its anonymised step durations to the network
    /// benchmark (and so sees it). Off by default; every change is kept in
    /// <see cref="NetworkContributionChange"/>.</summary>
    public bool ContributeToNetwork { get; set; }

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
        b.Property(c => c.ContributeToNetwork).HasDefaultValue(false);
        b.Property(c => c.UpdatedAt).HasDefaultNow();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

/// <summary>One change of an organization's choice to contribute to the network benchmark: who
/// turned it on or off, and when (the history of the choice; rows are never changed).</summary>
public sealed class NetworkContributionChange : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public bool Contributes { get; set; }
    public DateTime At { get; set; }
    public Guid? ByUserId { get; set; }
}

internal sealed class NetworkContributionChangeConfiguration : IEntityTypeConfiguration<NetworkContributionChange>
{
    public void Configure(EntityTypeBuilder<NetworkContributionChange> b)
    {
        b.ToTable("network_contribution_changes");
        b.Property(e => e.Id).HasDefaultRandomUuid();
        b.Property(e => e.At).HasDefaultNow();
        b.HasOne<Auth.AppUser>().WithMany().HasForeignKey(e => e.ByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.TenantId, e.At });
    }
}
