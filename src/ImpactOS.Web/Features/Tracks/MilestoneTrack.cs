using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Tracks;

/// <summary>A track: the ordered milestones of one industry's journey. A System Standard has no
/// tenant and is read-only to tenants; a Custom Track is one tenant's own.</summary>
public sealed class MilestoneTrack : ITenantShared, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? TenantId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public bool IsSystemStandard { get; set; }

    /// <summary>The track this one was copied from ("copy and customize").</summary>
    public Guid? CopiedFromTrackId { get; set; }

    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
    public List<MilestoneDefinition> Milestones { get; set; } = [];
}

/// <summary>One step of a track. Archived, never deleted, once companies may have reached it.</summary>
public sealed class MilestoneDefinition : ITenantShared, IArchivable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TrackId { get; set; }
    public Guid? TenantId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int OrderIndex { get; set; }

    /// <summary>Lineage: on a Custom Track copied (directly or through other copies) from a System
    /// Standard, the standard's milestone this step came from; kept through renames and reorders.
    /// Null on the standards themselves and on steps a tenant added. The network benchmark pools
    /// a step with the standard's through it.</summary>
    public Guid? StandardMilestoneId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
}

/// <summary>A step and the System Standard milestone it stands for in the network benchmark: a
/// standard's own step stands for itself, a copied step for its lineage, an added step for none.</summary>
public sealed class MilestoneLineage
{
    public Guid Id { get; init; }
    public Guid? Standard { get; init; }
}

public static class MilestoneLineageQueries
{
    /// <summary>The steps' lineage, composable like any query (the one place of the rule).</summary>
    public static IQueryable<MilestoneLineage> Lineage(this IQueryable<MilestoneDefinition> milestones) =>
        milestones.Select(m => new MilestoneLineage { Id = m.Id, Standard = m.TenantId == null ? m.Id : m.StandardMilestoneId });
}

internal sealed class MilestoneTrackConfiguration : IEntityTypeConfiguration<MilestoneTrack>
{
    public void Configure(EntityTypeBuilder<MilestoneTrack> b)
    {
        b.ToTable("milestone_tracks");
        b.Property(t => t.Id).HasDefaultRandomUuid();
        b.Property(t => t.Title).IsRequired();
        b.Property(t => t.IsSystemStandard).HasDefaultValue(false);
        b.Property(t => t.CreatedAt).HasDefaultNow();
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasOne<Tenancy.Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MilestoneTrack>().WithMany().HasForeignKey(t => t.CopiedFromTrackId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(t => t.Milestones).WithOne().HasForeignKey(m => m.TrackId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.TenantId, t.Title });
    }
}

internal sealed class MilestoneDefinitionConfiguration : IEntityTypeConfiguration<MilestoneDefinition>
{
    public void Configure(EntityTypeBuilder<MilestoneDefinition> b)
    {
        b.ToTable("milestone_definitions");
        b.Property(m => m.Id).HasDefaultRandomUuid();
        b.Property(m => m.Title).IsRequired();
        b.Property(m => m.CreatedAt).HasDefaultNow();
        b.HasIndex(m => new { m.TrackId, m.OrderIndex });
        b.HasIndex(m => m.TenantId);
        b.HasOne<MilestoneDefinition>().WithMany().HasForeignKey(m => m.StandardMilestoneId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => m.StandardMilestoneId);
    }
}
