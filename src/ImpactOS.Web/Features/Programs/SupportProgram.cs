using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Programs;

/// <summary>A program (cohort, accelerator batch, fellowship): a time window overlaid on the
/// companies' own history for reporting.</summary>
public sealed class SupportProgram : ITenantOwned, IArchivable, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A company in a program from <see cref="EnrolledOn"/> (inclusive) to
/// <see cref="ExitedOn"/> (exclusive), or ongoing while that is empty.</summary>
public sealed class ProgramEnrollment : ITenantOwned, ICompanyOwned, IArchivable, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ProgramId { get; set; }
    public Guid CompanyId { get; set; }
    public DateOnly EnrolledOn { get; set; }
    public DateOnly? ExitedOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public int Version { get; set; }

    public SupportProgram? Program { get; set; }
}

internal sealed class SupportProgramConfiguration : IEntityTypeConfiguration<SupportProgram>
{
    public void Configure(EntityTypeBuilder<SupportProgram> b)
    {
        b.ToTable("programs");
        b.Property(p => p.Id).HasDefaultRandomUuid();
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.CreatedAt).HasDefaultNow();
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.TenantId, p.Name });
    }
}

internal sealed class ProgramEnrollmentConfiguration : IEntityTypeConfiguration<ProgramEnrollment>
{
    public void Configure(EntityTypeBuilder<ProgramEnrollment> b)
    {
        b.ToTable("program_enrollments", t =>
            t.HasCheckConstraint("ck_program_enrollments_window", "exited_on IS NULL OR exited_on > enrolled_on"));
        b.Property(e => e.Id).HasDefaultRandomUuid();
        b.Property(e => e.CreatedAt).HasDefaultNow();
        b.Property(e => e.Version).IsConcurrencyToken();
        b.HasOne(e => e.Program).WithMany().HasForeignKey(e => e.ProgramId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Companies.Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.TenantId, e.ProgramId });
        b.HasIndex(e => new { e.TenantId, e.CompanyId, e.EnrolledOn });
    }
}
