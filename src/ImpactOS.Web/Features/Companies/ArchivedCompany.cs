using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Companies;

/// <summary>What may be done to an archived company: it is read-only until an admin restores it.
/// Its profile, roadmap, history and timeline stay readable; every change to it (marking, editing
/// or undoing a milestone, proof files, interactions, updates, editing the company, import rows)
/// answers the same 409 through this one check, so the pages, the API and the import cannot differ.</summary>
public static class ArchivedCompany
{
    public const string RestoreFirst = "This company is archived; restore it first.";

    public const string ReopenFirst = "This company has closed (shut down or acquired); its milestones are read-only. Undo the outcome first.";

    /// <summary>The refusal for a change to a company archived at <paramref name="archivedAt"/>;
    /// null while it is active.</summary>
    public static Failure? RefuseChanges(DateTime? archivedAt) => archivedAt is null ? null : Failure.Conflict(RestoreFirst);

    /// <summary>The refusal for a change to a company's milestones (marking, editing, undoing, proof
    /// files, import rows): an archived company is read-only, and a closed one (shut down or
    /// acquired) keeps its milestones as they were when it closed. The one rule for both.</summary>
    public static Failure? RefuseMilestoneChanges(DateTime? archivedAt, CompanyOutcome outcome) =>
        RefuseChanges(archivedAt) ?? (outcome == CompanyOutcome.Active ? null : Failure.Conflict(ReopenFirst));

    /// <summary>Whether a company's milestones may be changed (the pages' read-only roadmap).</summary>
    public static bool MilestonesChangeable(DateTime? archivedAt, CompanyOutcome outcome) => RefuseMilestoneChanges(archivedAt, outcome) is null;

    /// <summary>Whether the company may be changed: null when it may, else 404 (not there for this
    /// user) or the 409 above.</summary>
    public static async Task<Failure?> CheckChangeableAsync(AppDbContext db, Guid companyId, CancellationToken cancellationToken)
    {
        var found = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new { c.ArchivedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? Failure.NotFound() : RefuseChanges(found.ArchivedAt);
    }
}
