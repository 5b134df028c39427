using System.Globalization;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Features.Companies;

/// <summary>An email domain of a company ("lumen.io"): a meeting with someone at that domain is a
/// meeting with the company (the calendar import). One company per domain in an organization;
/// a removed domain is archived, so the row that matched earlier meetings is kept.</summary>
public sealed class CompanyDomain : ITenantOwned, ICompanyOwned, IArchivable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }

    /// <summary>Lower case, ASCII (an international name in its punycode form), no trailing dot.</summary>
    public required string Domain { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
}

internal sealed class CompanyDomainConfiguration : IEntityTypeConfiguration<CompanyDomain>
{
    public void Configure(EntityTypeBuilder<CompanyDomain> b)
    {
        b.ToTable("company_domains");
        b.Property(d => d.Id).HasDefaultRandomUuid();
        b.Property(d => d.Domain).IsRequired().HasMaxLength(CompanyDomains.MaxLength);
        b.Property(d => d.CreatedAt).HasDefaultNow();
        b.HasOne<Company>().WithMany(c => c.Domains).HasForeignKey(d => d.CompanyId).OnDelete(DeleteBehavior.Cascade);
        // One company per domain in an organization (archived companies' domains included).
        b.HasIndex(d => new { d.TenantId, d.Domain }).IsUnique().HasFilter("archived_at IS NULL");
        b.HasIndex(d => new { d.TenantId, d.CompanyId });
    }
}

/// <summary>The rules of a company's email domains, for the API, the form and the CSV import.</summary>
public static class CompanyDomains
{
    /// <summary>The longest domain name DNS allows.</summary>
    public const int MaxLength = 253;

    /// <summary>Domains one company may have.</summary>
    public const int MaxPerCompany = 20;

    /// <summary>What separates domains in one text (a CSV cell, the form's field).</summary>
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ',', ';'];

    /// <summary>Shared email providers: everyone uses them, so they would match meetings with anyone.</summary>
    private static readonly HashSet<string> SharedProviders = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net",
        "gmx.de", "web.de", "mail.com", "zoho.com", "yandex.com", "fastmail.com",
    };

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>The domains of a text such as "lumen.io; lumen.com" (spaces, commas or semicolons between).</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        text is null ? [] : text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The domain as it is kept and compared: trimmed, without a leading "@" or a trailing
    /// dot, lower case, international names as punycode. Null when it is no domain name: at least two
    /// labels of letters, digits and inner hyphens, 63 characters at most each, a top level that is not a number.</summary>
    public static string? Normalize(string? value)
    {
        var text = value?.Trim().TrimStart('@').TrimEnd('.');
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(text).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        if (ascii.Length > MaxLength || labels.Length < 2 || labels[^1].All(char.IsAsciiDigit))
        {
            return null;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return null;
            }
        }

        return ascii;
    }

    /// <summary>The domain of an email address (the calendar's attendees), normalized; null when it has none.</summary>
    public static string? OfEmail(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        return at < 0 ? null : Normalize(email![(at + 1)..]);
    }

    /// <summary>Checks a list of domains, adding what is wrong to <paramref name="errors"/> under
    /// <paramref name="field"/>; answers them normalized, without repeats (null entries are skipped).</summary>
    public static IReadOnlyList<string> Check(ValidationErrors errors, string field, IEnumerable<string?> values)
    {
        var clean = new List<string>();
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var domain = Normalize(value);
            if (domain is null)
            {
                errors.Add(field, $"“{Shorten(value.Trim())}” is not a domain name (such as lumen.io).");
            }
            else if (SharedProviders.Contains(domain))
            {
                errors.Add(field, $"{domain} is a shared email provider: it would match meetings with anyone who uses it.");
            }
            else if (!clean.Contains(domain))
            {
                clean.Add(domain);
            }
        }

        if (clean.Count > MaxPerCompany)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"At most {MaxPerCompany} domains."));
        }

        return clean;
    }

    /// <summary>A domain a message quotes, cut so a megabyte of input is not echoed back.</summary>
    private static string Shorten(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 59), "…");

    /// <summary>Makes <paramref name="companyId"/>'s active domains exactly <paramref name="domains"/>:
    /// new ones added, dropped ones archived. Another company's domain is refused in <paramref name="errors"/>.</summary>
    public static async Task SetAsync(AppDbContext db, Guid companyId, IReadOnlyList<string> domains, ValidationErrors errors, string field, CancellationToken cancellationToken)
    {
        var taken = await db.CompanyDomains.IgnoreQueryFilters([QueryFilters.CompanyScope]).AsNoTracking()
            .Where(d => domains.Contains(d.Domain) && d.CompanyId != companyId)
            .Select(d => d.Domain)
            .ToListAsync(cancellationToken);
        foreach (var domain in taken.Order(StringComparer.Ordinal))
        {
            errors.Add(field, $"{domain} is already another company's domain.");
        }

        if (errors.Any)
        {
            return;
        }

        var current = await db.CompanyDomains.Where(d => d.CompanyId == companyId).ToListAsync(cancellationToken);
        foreach (var gone in current.Where(d => !domains.Contains(d.Domain)))
        {
            gone.ArchivedAt = db.UtcNow;
        }

        db.CompanyDomains.AddRange(domains.Where(d => current.All(c => c.Domain != d)).Select(d => new CompanyDomain { CompanyId = companyId, Domain = d, CreatedAt = db.UtcNow }));
    }
}
