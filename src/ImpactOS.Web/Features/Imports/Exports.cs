using ImpactOS.Web.Analytics;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Imports;

public sealed record CompanyExportRow(string Name, string? ExternalId, string? Industry, DateOnly? FoundedOn, string Track, string? Coach, DateTime CreatedAt, DateTime? ArchivedAt, string Outcome = "active", DateOnly? OutcomeOn = null);

public sealed record InteractionExportRow(string Company, string? ExternalId, string Kind, DateTime OccurredAt, string Subject, string? Notes, string? Coach);

/// <summary>Everything an organization may take out: achievements (in the import format, so an
/// export re-imports elsewhere), companies and interactions. Formula-like cells are neutralized.
/// Read from the read replica when there is one (<see cref="AnalyticsReads"/>).</summary>
public sealed class Exports(AnalyticsReads reads)
{
    private static readonly string[] Lifted = [QueryFilters.Archived];

    public Task<byte[]> MilestonesAsync(CancellationToken cancellationToken) => reads.RunForTenantAsync(MilestonesAsync, cancellationToken);

    public Task<byte[]> CompaniesAsync(CancellationToken cancellationToken) => reads.RunForTenantAsync(CompaniesAsync, cancellationToken);

    public Task<byte[]> InteractionsAsync(CancellationToken cancellationToken) => reads.RunForTenantAsync(InteractionsAsync, cancellationToken);

    private static async Task<byte[]> MilestonesAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.CompanyMilestones.IgnoreQueryFilters(Lifted).AsNoTracking()
            .Where(m => m.Status == MilestoneStatus.Achieved && m.AchievedAt != null)
            .OrderBy(m => m.Company!.Name).ThenBy(m => m.AchievedAt).ThenBy(m => m.Id)
            .Select(m => new
            {
                Row = new MilestoneExportRow(
                    m.Company!.Name, m.Company.ExternalId, m.Company.Industry, m.Company.FoundedOn,
                    db.MilestoneTracks.Where(t => t.Id == m.Milestone!.TrackId).Select(t => t.Title).First(),
                    m.Milestone!.Title, m.AchievedAt!.Value, m.EvidenceNote, m.EvidenceUrl, "active", m.Company.OutcomeOn),
                m.Company.Outcome,
            })
            .ToListAsync(cancellationToken);
        return MilestoneCsv.Write(rows.Select(r => r.Row with { Outcome = Companies.CompanyOutcomes.Code(r.Outcome) }));
    }

    private static async Task<byte[]> CompaniesAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Companies.IgnoreQueryFilters(Lifted).AsNoTracking()
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new
            {
                Row = new CompanyExportRow(c.Name, c.ExternalId, c.Industry, c.FoundedOn, c.MilestoneTrack!.Title,
                    db.Users.Where(u => u.Id == c.CoachUserId).Select(u => u.DisplayName).FirstOrDefault(), c.CreatedAt, c.ArchivedAt, "active", c.OutcomeOn),
                c.Outcome,
            })
            .ToListAsync(cancellationToken);
        // The outcome as the API and the import spell it ("shut_down"), not the enum's name.
        return CsvOutput.Write(rows.Select(r => r.Row with { Outcome = Companies.CompanyOutcomes.Code(r.Outcome) }));
    }

    private static async Task<byte[]> InteractionsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var rows = (await db.Interactions.AsNoTracking()
                .OrderBy(i => i.OccurredAt).ThenBy(i => i.Id)
                .Select(i => new
                {
                    Company = db.Companies.IgnoreQueryFilters(Lifted).Where(c => c.Id == i.CompanyId).Select(c => new { c.Name, c.ExternalId }).First(),
                    i.Kind,
                    i.OccurredAt,
                    i.Subject,
                    i.Notes,
                    Coach = db.Users.Where(u => u.Id == i.CoachUserId).Select(u => u.DisplayName).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken))
            .Select(i => new InteractionExportRow(i.Company.Name, i.Company.ExternalId, CompanyTimeline.KindName(i.Kind), i.OccurredAt, i.Subject, i.Notes, i.Coach));
        return CsvOutput.Write(rows);
    }
}
