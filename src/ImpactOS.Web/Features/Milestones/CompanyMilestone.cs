using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Milestones;

public enum MilestoneStatus
{
    Pending,
    Achieved,
}

/// <summary>The log: when a company reached a milestone, and who verified it. One row per
/// (company, milestone); undo sets it back to pending and the history keeps what it was.</summary>
public sealed class CompanyMilestone : ITenantOwned, ICompanyOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid MilestoneId { get; set; }
    public MilestoneStatus Status { get; set; }

    /// <summary>When it happened: the "golden data" for velocity.</summary>
    public DateTime? AchievedAt { get; set; }

    /// <summary>When it was recorded in the system.</summary>
    public DateTime LoggedAt { get; set; }

    public Guid? VerifiedByUserId { get; set; }
    public string? EvidenceNote { get; set; }
    public string? EvidenceUrl { get; set; }
    public int Version { get; set; }

    public Company? Company { get; set; }
    public MilestoneDefinition? Milestone { get; set; }
    public AppUser? VerifiedBy { get; set; }
}

internal sealed class CompanyMilestoneConfiguration : IEntityTypeConfiguration<CompanyMilestone>
{
    public void Configure(EntityTypeBuilder<CompanyMilestone> b)
    {
        b.ToTable("company_milestones", t =>
            t.HasCheckConstraint("ck_company_milestones_status", "status IN ('pending', 'achieved')"));
        b.Property(m => m.Id).HasDefaultRandomUuid();
        b.Property(m => m.Status).HasConversion(
            s => s == MilestoneStatus.Achieved ? "achieved" : "pending",
            s => s == "achieved" ? MilestoneStatus.Achieved : MilestoneStatus.Pending);
        b.Property(m => m.LoggedAt).HasDefaultNow();
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne(m => m.Company).WithMany().HasForeignKey(m => m.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Milestone).WithMany().HasForeignKey(m => m.MilestoneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.VerifiedBy).WithMany().HasForeignKey(m => m.VerifiedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.TenantId, m.CompanyId, m.MilestoneId }).IsUnique();
        b.HasIndex(m => new { m.TenantId, m.MilestoneId, m.Status });
        // The timeline pages a company's achievements newest first by (achieved_at, id).
        b.HasIndex(m => new { m.TenantId, m.CompanyId, m.AchievedAt, m.Id }).IsDescending(false, false, true, true);
    }
}
