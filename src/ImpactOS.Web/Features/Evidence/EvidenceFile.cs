using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Evidence;

/// <summary>A proof file attached to a company's milestone. The bytes live in evidence storage
/// (outside the web root) under <see cref="StorageKey"/>, a server-generated name.</summary>
public sealed class EvidenceFile : ITenantOwned, ICompanyOwned, IArchivable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid CompanyMilestoneId { get; set; }
    public Guid MilestoneId { get; set; }

    /// <summary>The name as uploaded, cleaned for display and for the download header.</summary>
    public required string FileName { get; set; }

    /// <summary>The type established from the file's content, not from its name.</summary>
    public required string ContentType { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>SHA-256 of the content, lowercase hex.</summary>
    public required string Sha256 { get; set; }

    public required string StorageKey { get; set; }
    public Guid? UploadedByUserId { get; set; }
    public DateTime UploadedAt { get; set; }

    /// <summary>The milestone's <see cref="Milestones.CompanyMilestone.UndoCount"/> when the file
    /// was attached: the file is the step's proof while the count is unchanged, and was set aside
    /// by undo number <c>UndosBefore + 1</c> otherwise (a count, not a clock, so no skew matters).</summary>
    public int UndosBefore { get; set; }
    public DateTime? ArchivedAt { get; set; }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> b)
    {
        b.ToTable("evidence_files");
        b.Property(e => e.Id).HasDefaultRandomUuid();
        b.Property(e => e.FileName).HasMaxLength(255);
        b.Property(e => e.ContentType).HasMaxLength(127);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.StorageKey).HasMaxLength(200);
        b.Property(e => e.UploadedAt).HasDefaultNow();
        b.HasOne<Milestones.CompanyMilestone>().WithMany().HasForeignKey(e => e.CompanyMilestoneId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Auth.AppUser>().WithMany().HasForeignKey(e => e.UploadedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.TenantId, e.CompanyMilestoneId });
    }
}
