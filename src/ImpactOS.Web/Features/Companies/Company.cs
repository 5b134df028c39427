using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Companies;

/// <summary>A portfolio company. Its milestone history belongs to it, not to any program.</summary>
public sealed class Company : ITenantOwned, IArchivable, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Industry { get; set; }
    public DateOnly? FoundedOn { get; set; }

    /// <summary>An identifier from the organization's own records, used to match imports.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The primary track.</summary>
    public Guid MilestoneTrackId { get; set; }
    public MilestoneTrack? MilestoneTrack { get; set; }

    /// <summary>The coach responsible for the company (optional); "velocity by coach" groups by it.</summary>
    public Guid? CoachUserId { get; set; }
    public Auth.AppUser? Coach { get; set; }

    /// <summary>When the company was put on its current track.</summary>
    public DateTime TrackStartedAt { get; set; }

    /// <summary>Active, or how the company ended (shut down, acquired) on <see cref="OutcomeOn"/>.
    /// Changed only through <see cref="CompanyOutcomes"/>, which records each change.</summary>
    public CompanyOutcome Outcome { get; set; }

    /// <summary>The day of the outcome; null while active.</summary>
    public DateOnly? OutcomeOn { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public int Version { get; set; }

    /// <summary>Its email domains (the calendar import matches meetings by them).</summary>
    public List<CompanyDomain> Domains { get; set; } = [];

    /// <summary>The track a company starts on when none is given.</summary>
    public static readonly Guid DefaultTrackId = SystemStandards.SaaS;

    /// <summary>A new company, on its track from <paramref name="now"/> (the default track when none
    /// is given): the one way the form, the API and the CSV import make one.</summary>
    public static Company Create(string name, string? industry, DateOnly? foundedOn, string? externalId, Guid? trackId, Guid? coachUserId, DateTime now, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(),
        Name = name,
        Industry = industry,
        FoundedOn = foundedOn,
        ExternalId = externalId,
        MilestoneTrackId = trackId ?? DefaultTrackId,
        CoachUserId = coachUserId,
        TrackStartedAt = now,
        CreatedAt = now,
    };

    /// <summary>Where a company's first step starts: its founding day (00:00 UTC) when known,
    /// else the moment it was created.</summary>
    public DateTime TrackStart => StartOfTrack(FoundedOn, CreatedAt);

    /// <summary>What the velocity analytics know of a company's end: the outcome at 00:00 UTC of its
    /// day (as every date is read), or null while active. The one place this mapping lives.</summary>
    public static ImpactOS.Core.Velocity.CompanyClosure? ClosureOf(CompanyOutcome outcome, DateOnly? on) =>
        outcome == CompanyOutcome.Active || on is not { } day
            ? null
            : new(outcome == CompanyOutcome.ShutDown ? ImpactOS.Core.Velocity.StepEnd.ShutDown : ImpactOS.Core.Velocity.StepEnd.Acquired, day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    /// <summary>The rule behind <see cref="TrackStart"/>, for projections that load the two columns.</summary>
    public static DateTime StartOfTrack(DateOnly? foundedOn, DateTime createdAt) =>
        foundedOn is { } day ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : createdAt;
}

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> b)
    {
        b.ToTable("companies", t => t.HasCheckConstraint("ck_companies_outcome", "(outcome = 'active' AND outcome_on IS NULL) OR (outcome IN ('shut_down', 'acquired') AND outcome_on IS NOT NULL)"));
        b.Property(c => c.Id).HasDefaultRandomUuid();
        b.Property(c => c.Name).IsRequired().HasMaxLength(200);
        b.Property(c => c.Industry).HasMaxLength(100);
        b.Property(c => c.ExternalId).HasMaxLength(100);
        b.Property(c => c.CreatedAt).HasDefaultNow();
        b.Property(c => c.TrackStartedAt).HasDefaultNow();
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Property(c => c.Outcome).HasConversion(o => CompanyOutcomes.Code(o), s => CompanyOutcomes.Parse(s)).HasMaxLength(20).HasDefaultValue(CompanyOutcome.Active).HasSentinel(CompanyOutcome.Active);
        b.Ignore(c => c.TrackStart);
        b.HasOne(c => c.MilestoneTrack).WithMany().HasForeignKey(c => c.MilestoneTrackId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.TenantId, c.Name, c.Id });
        b.HasIndex(c => new { c.TenantId, c.MilestoneTrackId });
        b.HasIndex(c => new { c.TenantId, c.CoachUserId });
        b.HasOne(c => c.Coach).WithMany().HasForeignKey(c => c.CoachUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.TenantId, c.ExternalId }).IsUnique().HasFilter("external_id IS NOT NULL");
    }
}
