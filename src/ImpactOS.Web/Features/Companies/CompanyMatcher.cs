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

/// <summary>How imports (the CSV import, the calendar import) find the company a row or a meeting
/// means: by its external id when the row gives one, else by its name as <see cref="Key"/> compares
/// names; a meeting by its people's email domains, else by a company's name in its title.
/// Loaded once per import, with the organization's companies, archived ones too.</summary>
public sealed class CompanyMatcher
{
    /// <summary>Words of a name looked for in a title at most: longer names are not matched in titles.</summary>
    private const int MaxNameWords = 8;

    private readonly Dictionary<string, KnownCompany> _byExternalId;
    private readonly Dictionary<string, List<KnownCompany>> _byName;
    private readonly Dictionary<string, List<KnownCompany>> _byNameWords;
    private readonly Dictionary<string, KnownCompany> _byDomain;
    private readonly Dictionary<Guid, int> _domainCount;

    private CompanyMatcher(IReadOnlyList<KnownCompany> companies, IReadOnlyList<(Guid CompanyId, string Domain)> domains)
    {
        _byExternalId = companies.Where(c => c.ExternalId != null).ToDictionary(c => c.ExternalId!, c => c, StringComparer.Ordinal);
        _byName = companies.GroupBy(c => Key(c.Name)).ToDictionary(g => g.Key, g => g.ToList());
        _byNameWords = companies.Select(c => (Words: Words(c.Name), Company: c))
            .Where(c => c.Words.Count is > 0 and <= MaxNameWords)
            .GroupBy(c => string.Join(' ', c.Words), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Company).ToList(), StringComparer.Ordinal);
        var byId = companies.ToDictionary(c => c.Id);
        _byDomain = domains.Where(d => byId.ContainsKey(d.CompanyId)).ToDictionary(d => d.Domain, d => byId[d.CompanyId], StringComparer.Ordinal);
        _domainCount = domains.CountBy(d => d.CompanyId).ToDictionary(c => c.Key, c => c.Value);
    }

    public static async Task<CompanyMatcher> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var companies = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Select(c => new KnownCompany(c.Id, c.Name, c.ExternalId, c.FoundedOn, c.MilestoneTrackId, c.ArchivedAt, c.Outcome, c.OutcomeOn))
            .ToListAsync(cancellationToken);
        var domains = await db.CompanyDomains.AsNoTracking().Select(d => new { d.CompanyId, d.Domain }).ToListAsync(cancellationToken);
        return new CompanyMatcher(companies, domains.Select(d => (d.CompanyId, d.Domain)).ToList());
    }

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

    /// <summary>The company whose domain this is (normalized, see <see cref="CompanyDomains.Normalize"/>), if any.</summary>
    public KnownCompany? OwnerOf(string domain) => _byDomain.GetValueOrDefault(domain);

    /// <summary>How many domains a company has now.</summary>
    public int DomainCount(Guid companyId) => _domainCount.GetValueOrDefault(companyId);

    /// <summary>The company of an email address: its domain's, else its parent domain's
    /// (ada@eu.lumen.io is at lumen.io), up to the last two labels.</summary>
    public KnownCompany? OfEmail(string email)
    {
        var domain = CompanyDomains.OfEmail(email);
        while (domain is not null)
        {
            if (_byDomain.TryGetValue(domain, out var company))
            {
                return company;
            }

            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            domain = domain.IndexOf('.', dot + 1) > 0 ? domain[(dot + 1)..] : null;
        }

        return null;
    }

    /// <summary>The companies whose name appears in <paramref name="text"/> as whole words
    /// ("Lumen Analytics" in "Weekly sync: lumen analytics / Acme"), case and punctuation ignored,
    /// the longest name first where names overlap. A name several companies share is left out
    /// (it cannot say which) and counted in <paramref name="ambiguous"/>.</summary>
    public IReadOnlyList<KnownCompany> NamedIn(string text, out int ambiguous)
    {
        ambiguous = 0;
        var words = Words(text);
        var found = new List<KnownCompany>();
        var i = 0;
        while (i < words.Count)
        {
            var matched = 0;
            for (var n = Math.Min(MaxNameWords, words.Count - i); n > 0; n--)
            {
                if (_byNameWords.TryGetValue(string.Join(' ', words.Skip(i).Take(n)), out var named))
                {
                    if (named.Count == 1)
                    {
                        if (!found.Contains(named[0]))
                        {
                            found.Add(named[0]);
                        }
                    }
                    else
                    {
                        ambiguous++;
                    }

                    matched = n;
                    break;
                }
            }

            i += Math.Max(1, matched);
        }

        return found;
    }

    /// <summary>How names and titles are matched: trimmed, runs of spaces as one, case-insensitive.</summary>
    public static string Key(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>The words of a text for finding names in titles: runs of letters and digits, lower case
    /// ("Acme-Bio: Q3" → acme, bio, q3).</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || char.IsSurrogate(text[i]));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }
}
