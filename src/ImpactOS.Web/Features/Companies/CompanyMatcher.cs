using ImpactOS.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Companies;

/// <summary>A company as an import knows it, archived ones included (a row naming one is refused, not
/// taken for a new company).</summary>
public sealed record KnownCompany(Guid Id, string Name, string? ExternalId, DateOnly? FoundedOn, Guid MilestoneTrackId, DateTime? ArchivedAt, CompanyOutcome Outcome = CompanyOutcome.Active, DateOnly? OutcomeOn = null);

/// <summary>What a row's company reference finds: one company, several of that name, or none.</summary>
public readonly record struct CompanyMatch(KnownCompany? Company, bool Ambiguous)
{
    public const string SeveralWithThisName = "Several companies have this name; add their external_id.";
}

/// <summary>How imports (the CSV import, a calendar import next) find the company a row means: by
/// its external id when the row gives one, else by its name as <see cref="Key"/> compares names.
/// Loaded once per import, with the organization's companies, archived ones too.</summary>
public sealed class CompanyMatcher
{
    private readonly Dictionary<string, KnownCompany> _byExternalId;
    private readonly Dictionary<string, List<KnownCompany>> _byName;

    private CompanyMatcher(IReadOnlyList<KnownCompany> companies)
    {
        _byExternalId = companies.Where(c => c.ExternalId != null).ToDictionary(c => c.ExternalId!, c => c, StringComparer.Ordinal);
        _byName = companies.GroupBy(c => Key(c.Name)).ToDictionary(g => g.Key, g => g.ToList());
    }

    public static async Task<CompanyMatcher> LoadAsync(AppDbContext db, CancellationToken cancellationToken) =>
        new(await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Select(c => new KnownCompany(c.Id, c.Name, c.ExternalId, c.FoundedOn, c.MilestoneTrackId, c.ArchivedAt, c.Outcome, c.OutcomeOn))
            .ToListAsync(cancellationToken));

    /// <summary>The company with this external id, else the one company with this name.</summary>
    public CompanyMatch Find(string? externalId, string? name)
    {
        if (externalId is not null)
        {
            return new CompanyMatch(_byExternalId.GetValueOrDefault(externalId), Ambiguous: false);
        }

        if (name is null || !_byName.TryGetValue(Key(name), out var named))
        {
            return default;
        }

        return named.Count == 1 ? new CompanyMatch(named[0], Ambiguous: false) : new CompanyMatch(null, Ambiguous: true);
    }

    /// <summary>How names and titles are matched: trimmed, runs of spaces as one, case-insensitive.</summary>
    public static string Key(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
