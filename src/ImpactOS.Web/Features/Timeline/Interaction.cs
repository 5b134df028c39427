using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Timeline;

public enum InteractionKind
{
    Meeting,
    Email,
    Call,
    Note,
}

/// <summary>A coach's interaction with a company: a meeting, an email, a call or a note.</summary>
public sealed class Interaction : ITenantOwned, ICompanyOwned, IArchivable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }
    public InteractionKind Kind { get; set; }
    public DateTime OccurredAt { get; set; }
    public required string Subject { get; set; }
    public string? Notes { get; set; }

    /// <summary>The coach (or admin) who logged it.</summary>
    public Guid? CoachUserId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }

    /// <summary>For a meeting imported from a calendar: the event's UID, with
    /// <see cref="CalendarRecurrenceId"/> (the occurrence's original start, null for a single event)
    /// what a re-import recognizes it by; <see cref="CalendarSequence"/> the SEQUENCE it was imported at.</summary>
    public string? CalendarUid { get; set; }

    public DateTime? CalendarRecurrenceId { get; set; }
    public int? CalendarSequence { get; set; }

    /// <summary>Longest UID kept (RFC 5545 sets none; Google's and Outlook's are far shorter).</summary>
    public const int CalendarUidMaxLength = 500;
}

/// <summary>A founder's (or coach's) periodic update: "Q3: revenue +20%".</summary>
public sealed class CompanyUpdate : ITenantOwned, ICompanyOwned, IArchivable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }

    /// <summary>The period reported on, as the organization names it ("2026-Q3", "March 2026").</summary>
    public required string Period { get; set; }

    public DateTime SubmittedAt { get; set; }
    public required string Summary { get; set; }
    public decimal? Revenue { get; set; }
    public double? RevenueGrowthPct { get; set; }
    public int? Headcount { get; set; }
    public double? CashRunwayMonths { get; set; }
    public Guid? SubmittedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> b)
    {
        b.ToTable("interactions", t =>
            t.HasCheckConstraint("ck_interactions_kind", "kind IN ('meeting', 'email', 'call', 'note')"));
        b.Property(i => i.Id).HasDefaultRandomUuid();
        b.Property(i => i.Kind).HasConversion(
            k => k == InteractionKind.Meeting ? "meeting" : k == InteractionKind.Email ? "email" : k == InteractionKind.Call ? "call" : "note",
            s => s == "meeting" ? InteractionKind.Meeting : s == "email" ? InteractionKind.Email : s == "call" ? InteractionKind.Call : InteractionKind.Note)
            .HasMaxLength(10);
        b.Property(i => i.Subject).HasMaxLength(300);
        b.Property(i => i.CreatedAt).HasDefaultNow();
        b.HasOne<Companies.Company>().WithMany().HasForeignKey(i => i.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Auth.AppUser>().WithMany().HasForeignKey(i => i.CoachUserId).OnDelete(DeleteBehavior.Restrict);
        // The timeline pages newest first by (occurred_at, id) within one company.
        b.HasIndex(i => new { i.TenantId, i.CompanyId, i.OccurredAt, i.Id }).IsDescending(false, false, true, true);
        b.HasIndex(i => new { i.TenantId, i.CoachUserId });
        b.Property(i => i.CalendarUid).HasMaxLength(Interaction.CalendarUidMaxLength);
        // One interaction per calendar event (UID, and RECURRENCE-ID for an occurrence) and company;
        // two partial indexes, as NULLs are distinct in a unique index on both databases. Led by the
        // UID after the tenant, so a re-import finds its events by UID.
        b.HasIndex(i => new { i.TenantId, i.CalendarUid, i.CompanyId, i.CalendarRecurrenceId }).IsUnique()
            .HasFilter("calendar_uid IS NOT NULL AND calendar_recurrence_id IS NOT NULL")
            .HasDatabaseName("ix_interactions_calendar_occurrence");
        b.HasIndex(i => new { i.TenantId, i.CalendarUid, i.CompanyId }).IsUnique()
            .HasFilter("calendar_uid IS NOT NULL AND calendar_recurrence_id IS NULL")
            .HasDatabaseName("ix_interactions_calendar_event");
    }
}

internal sealed class CompanyUpdateConfiguration : IEntityTypeConfiguration<CompanyUpdate>
{
    public void Configure(EntityTypeBuilder<CompanyUpdate> b)
    {
        b.ToTable("company_updates");
        b.Property(u => u.Id).HasDefaultRandomUuid();
        b.Property(u => u.Period).HasMaxLength(50);
        b.Property(u => u.Revenue).HasPrecision(18, 2);
        b.Property(u => u.CreatedAt).HasDefaultNow();
        b.HasOne<Companies.Company>().WithMany().HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Auth.AppUser>().WithMany().HasForeignKey(u => u.SubmittedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => new { u.TenantId, u.CompanyId, u.SubmittedAt, u.Id }).IsDescending(false, false, true, true);
    }
}
