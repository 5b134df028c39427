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

    /// <summary>How many changes its history holds; numbers the next one (see
    /// <see cref="MilestoneEvent.Sequence"/>).</summary>
    public int ChangeCount { get; set; }

    /// <summary>How many times it was undone. Proof files carry the count they were attached
    /// under (<see cref="Evidence.EvidenceFile.UndosBefore"/>): those of an earlier count belong
    /// to an achievement that was undone, so they stay in the history but leave the step.</summary>
    public int UndoCount { get; set; }

    public Company? Company { get; set; }
    public MilestoneDefinition? Milestone { get; set; }
    public AppUser? VerifiedBy { get; set; }

    /// <summary>Marks the milestone achieved, or edits an achievement, and returns the history
    /// entry that records it (null when the values are already these: marking is idempotent).
    /// The verifier is whoever first marks it achieved.</summary>
    public MilestoneEvent? Achieve(DateTime achievedAt, string? note, string? url, Guid? by, DateTime now)
    {
        if (Status == MilestoneStatus.Achieved && AchievedAt == achievedAt && EvidenceNote == note && EvidenceUrl == url)
        {
            return null;
        }

        var change = Change(Status == MilestoneStatus.Achieved ? MilestoneAction.Edited : MilestoneAction.Achieved, by, now);
        if (change.Action == MilestoneAction.Achieved)
        {
            LoggedAt = now;
            VerifiedByUserId = by;
        }

        Status = MilestoneStatus.Achieved;
        AchievedAt = achievedAt;
        EvidenceNote = note;
        EvidenceUrl = url;
        return Completed(change);
    }

    /// <summary>Undo: back to pending, and the history entry that keeps what it was (null when it
    /// is already pending).</summary>
    public MilestoneEvent? Undo(Guid? by, DateTime now)
    {
        if (Status != MilestoneStatus.Achieved)
        {
            return null;
        }

        var change = Change(MilestoneAction.Undone, by, now);
        UndoCount++;
        Status = MilestoneStatus.Pending;
        AchievedAt = null;
        VerifiedByUserId = null;
        EvidenceNote = null;
        EvidenceUrl = null;
        return Completed(change);
    }

    /// <summary>A history entry with the values before the change, numbered after the last one.</summary>
    private MilestoneEvent Change(MilestoneAction action, Guid? by, DateTime at)
    {
        var achieved = Status == MilestoneStatus.Achieved;
        ChangeCount++;
        return new MilestoneEvent
        {
            TenantId = TenantId,
            CompanyId = CompanyId,
            CompanyMilestoneId = Id,
            MilestoneId = MilestoneId,
            Action = action,
            Sequence = ChangeCount,
            At = at,
            ByUserId = by,
            PreviousAchievedAt = achieved ? AchievedAt : null,
            PreviousEvidenceNote = achieved ? EvidenceNote : null,
            PreviousEvidenceUrl = achieved ? EvidenceUrl : null,
        };
    }

    /// <summary>Adds the values after the change.</summary>
    private MilestoneEvent Completed(MilestoneEvent change)
    {
        var achieved = Status == MilestoneStatus.Achieved;
        change.AchievedAt = achieved ? AchievedAt : null;
        change.EvidenceNote = achieved ? EvidenceNote : null;
        change.EvidenceUrl = achieved ? EvidenceUrl : null;
        return change;
    }
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
