using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Claims;

public enum ClaimStatus
{
    Open,
    Approved,
    Declined,
}

/// <summary>A founder's word that their company reached a milestone, waiting for a coach. It is a
/// table of its own, not a state of <see cref="Milestones.CompanyMilestone"/>, so nothing that
/// computes velocity, attribution or effects can read it by accident: only an approval (which marks
/// the milestone through <see cref="Milestones.MilestoneProgress"/>) puts a date into the analytics.
/// A row is its own history: who claimed what and when, then who decided, when, and why; once
/// decided it never changes again.</summary>
public sealed class MilestoneClaim : ITenantOwned, ICompanyOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid MilestoneId { get; set; }
    public ClaimStatus Status { get; set; }

    /// <summary>The day the founder says it happened.</summary>
    public DateOnly AchievedOn { get; set; }

    public string? EvidenceNote { get; set; }
    public string? EvidenceUrl { get; set; }

    /// <summary>The founder's proof file, stored as milestone proof is (<see cref="IEvidenceStorage"/>);
    /// it becomes the milestone's proof file when the claim is approved.</summary>
    public string? FileName { get; set; }
    public string? FileContentType { get; set; }
    public long? FileSizeBytes { get; set; }
    public string? FileSha256 { get; set; }
    public string? FileStorageKey { get; set; }

    public Guid ClaimedByUserId { get; set; }
    public DateTime ClaimedAt { get; set; }

    public Guid? DecidedByUserId { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>The day the milestone was marked achieved with (the claimed one or the coach's correction).</summary>
    public DateOnly? ApprovedOn { get; set; }

    /// <summary>Why a coach declined, for the founder to read.</summary>
    public string? DeclineReason { get; set; }

    public int Version { get; set; }

    public Company? Company { get; set; }
    public MilestoneDefinition? Milestone { get; set; }
    public AppUser? ClaimedBy { get; set; }
    public AppUser? DecidedBy { get; set; }

    public StoredEvidence? File => FileStorageKey is null
        ? null
        : new StoredEvidence(FileName!, FileContentType!, FileSizeBytes ?? 0, FileSha256!, FileStorageKey);

    public void Attach(StoredEvidence file)
    {
        FileName = file.FileName;
        FileContentType = file.ContentType;
        FileSizeBytes = file.Size;
        FileSha256 = file.Sha256;
        FileStorageKey = file.StorageKey;
    }

    public void Approve(Guid by, DateTime at, DateOnly achievedOn)
    {
        Status = ClaimStatus.Approved;
        DecidedByUserId = by;
        DecidedAt = at;
        ApprovedOn = achievedOn;
    }

    public void Decline(Guid by, DateTime at, string reason)
    {
        Status = ClaimStatus.Declined;
        DecidedByUserId = by;
        DecidedAt = at;
        DeclineReason = reason;
    }

    public static string Wire(ClaimStatus status) => status switch
    {
        ClaimStatus.Approved => "approved",
        ClaimStatus.Declined => "declined",
        _ => "open",
    };

    public static ClaimStatus? Parse(string? text) => text switch
    {
        "open" => ClaimStatus.Open,
        "approved" => ClaimStatus.Approved,
        "declined" => ClaimStatus.Declined,
        _ => null,
    };
}

internal sealed class MilestoneClaimConfiguration : IEntityTypeConfiguration<MilestoneClaim>
{
    public void Configure(EntityTypeBuilder<MilestoneClaim> b)
    {
        b.ToTable("milestone_claims", t =>
            t.HasCheckConstraint("ck_milestone_claims_status", "status IN ('open', 'approved', 'declined')"));
        b.Property(c => c.Id).HasDefaultRandomUuid();
        b.Property(c => c.Status).HasConversion(s => MilestoneClaim.Wire(s), s => MilestoneClaim.Parse(s) ?? ClaimStatus.Open).HasMaxLength(10);
        b.Property(c => c.EvidenceNote).HasMaxLength(4000);
        b.Property(c => c.EvidenceUrl).HasMaxLength(2000);
        b.Property(c => c.FileName).HasMaxLength(255);
        b.Property(c => c.FileContentType).HasMaxLength(127);
        b.Property(c => c.FileSha256).HasMaxLength(64);
        b.Property(c => c.FileStorageKey).HasMaxLength(200);
        b.Property(c => c.DeclineReason).HasMaxLength(1000);
        b.Property(c => c.ClaimedAt).HasDefaultNow();
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.File);
        b.HasOne(c => c.Company).WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(c => c.Milestone).WithMany().HasForeignKey(c => c.MilestoneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.ClaimedBy).WithMany().HasForeignKey(c => c.ClaimedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.DecidedBy).WithMany().HasForeignKey(c => c.DecidedByUserId).OnDelete(DeleteBehavior.Restrict);

        // The queue and the navigation's count: a tenant's claims of one status, oldest first.
        b.HasIndex(c => new { c.TenantId, c.Status, c.ClaimedAt, c.Id });

        // At most one open claim per company milestone, kept by the database as well (two founders
        // claiming at the same moment): the second gets a 409.
        b.HasIndex(c => new { c.TenantId, c.CompanyId, c.MilestoneId }).IsUnique().HasFilter("status = 'open'").HasDatabaseName("ix_milestone_claims_one_open");
    }
}
