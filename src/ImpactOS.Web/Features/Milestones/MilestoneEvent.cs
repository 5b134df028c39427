using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Milestones;

public enum MilestoneAction
{
    Achieved,
    Edited,
    Undone,
}

/// <summary>One change to a company milestone: who, when, and the values before and after. Never
/// updated or deleted, so an edit or an undo never destroys information.</summary>
public sealed class MilestoneEvent : ITenantOwned, ICompanyOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid CompanyMilestoneId { get; set; }
    public Guid MilestoneId { get; set; }
    public MilestoneAction Action { get; set; }

    /// <summary>Its place in the milestone's history: 1, 2, 3… in the order the changes were saved,
    /// which is the order history is shown in (newest first), never the clock's. Taken from
    /// <see cref="CompanyMilestone.ChangeCount"/>, which each change increments on the row it saves
    /// under optimistic concurrency (the row's version): of two changes that read the same count
    /// only one is saved, the other starts again from the new count. A unique index backs it.</summary>
    public int Sequence { get; set; }

    /// <summary>When the change was made (read just before it is saved).</summary>
    public DateTime At { get; set; }

    public Guid? ByUserId { get; set; }

    public DateTime? AchievedAt { get; set; }
    public string? EvidenceNote { get; set; }
    public string? EvidenceUrl { get; set; }

    public DateTime? PreviousAchievedAt { get; set; }
    public string? PreviousEvidenceNote { get; set; }
    public string? PreviousEvidenceUrl { get; set; }
}

internal sealed class MilestoneEventConfiguration : IEntityTypeConfiguration<MilestoneEvent>
{
    public void Configure(EntityTypeBuilder<MilestoneEvent> b)
    {
        b.ToTable("company_milestone_events", t =>
            t.HasCheckConstraint("ck_company_milestone_events_action", "action IN ('achieved', 'edited', 'undone')"));
        b.Property(e => e.Id).HasDefaultRandomUuid();
        b.Property(e => e.Action).HasConversion(
            a => a == MilestoneAction.Achieved ? "achieved" : a == MilestoneAction.Edited ? "edited" : "undone",
            s => s == "achieved" ? MilestoneAction.Achieved : s == "edited" ? MilestoneAction.Edited : MilestoneAction.Undone);
        b.Property(e => e.At).HasDefaultNow();
        b.HasOne<CompanyMilestone>().WithMany().HasForeignKey(e => e.CompanyMilestoneId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tracks.MilestoneDefinition>().WithMany().HasForeignKey(e => e.MilestoneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Auth.AppUser>().WithMany().HasForeignKey(e => e.ByUserId).OnDelete(DeleteBehavior.Restrict);
        // Named, as the conventional name is cut to the same 63 characters as the index it replaces on PostgreSQL.
        b.HasIndex(e => new { e.TenantId, e.CompanyId, e.MilestoneId, e.Sequence }).IsUnique().HasDatabaseName("ix_company_milestone_events_history");
    }
}
