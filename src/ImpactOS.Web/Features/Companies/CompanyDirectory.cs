using System.Text.Json.Serialization;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Companies;

public sealed record CompanyDto(
    Guid Id,
    string Name,
    string? Industry,
    DateOnly? FoundedOn,
    Guid MilestoneTrackId,
    string TrackTitle,
    Guid? CoachUserId,
    string? CoachName,
    DateTime TrackStartedAt,
    string? ExternalId,
    DateTime CreatedAt,
    DateTime? ArchivedAt,
    CompanyOutcome Outcome,
    DateOnly? OutcomeOn,
    int Version,
    IReadOnlyList<string> Domains);

/// <summary>A company as the API and the form give it. <see cref="Domains"/> null leaves the domains as they are.</summary>
public sealed record CompanyInput(string? Name, string? Industry, DateOnly? FoundedOn, Guid? MilestoneTrackId, string? ExternalId = null, int? Version = null, Guid? CoachUserId = null, IReadOnlyList<string?>? Domains = null);

public sealed record CompanyQuery(Guid? TrackId = null, Guid? ProgramId = null, string? Q = null, string? Cursor = null, int? Limit = null, bool IncludeArchived = false, bool ArchivedOnly = false, string? Sort = null);

/// <summary>Creating, finding and changing companies: the one place their rules live.</summary>
public sealed class CompanyDirectory(AppDbContext db, Tenancy.CurrentUser currentUser)
{
    private const string OnlyAdmins = "Only admins archive and restore companies.";

    /// <summary>The orders a list can take: by name either way, or by when the company was added.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["name", "-name", "added", "-added"];

    /// <summary>Where a page ended: the sort it belongs to, the sort key (name or added) and the id.</summary>
    /// <remarks>The JSON names stay one letter: cursors stay short, and those already handed out stay valid.</remarks>
    private sealed record Position(
        [property: JsonPropertyName("N")] string Name,
        [property: JsonPropertyName("I")] Guid Id,
        [property: JsonPropertyName("S")] string? Sort = null,
        [property: JsonPropertyName("T")] DateTime? CreatedAt = null);

    public async Task<Outcome<Page<CompanyDto>>> ListAsync(CompanyQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(errors, query.Limit);
        if (!Cursor.TryDecode<Position>(query.Cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this list gave out.");
        }

        var sort = query.Sort ?? "name";
        if (!Sorts.Contains(sort))
        {
            errors.Add("sort", "One of " + string.Join(", ", Sorts) + ".");
        }
        else if (after is not null && (after.Sort ?? "name") != sort)
        {
            errors.Add("cursor", "This cursor belongs to another order.");
        }

        var search = errors.Text("q", query.Q, 200);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var companies = Filtered(query, search);
        var rows = await Project(Ordered(companies, sort, after)).Take(limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > limit ? Cursor.Encode(new Position(rows[limit - 1].Name, rows[limit - 1].Id, sort, rows[limit - 1].CreatedAt)) : null;
        return new Page<CompanyDto>(rows.Take(limit).ToList(), next);
    }

    /// <summary>How many companies the list's filters match (all its pages): the list shows "N companies".</summary>
    public async Task<int> CountAsync(CompanyQuery query, CancellationToken cancellationToken)
    {
        var search = new ValidationErrors().Text("q", query.Q, 200);
        return await Filtered(query, search).CountAsync(cancellationToken);
    }

    /// <summary>The companies a list's filters match, in no order: shared by the page and its count.</summary>
    private IQueryable<Company> Filtered(CompanyQuery query, string? search)
    {
        var companies = query.IncludeArchived || query.ArchivedOnly ? db.Companies.IgnoreQueryFilters([QueryFilters.Archived]) : db.Companies;
        companies = companies.AsNoTracking();
        if (query.ArchivedOnly)
        {
            companies = companies.Where(c => c.ArchivedAt != null);
        }

        if (query.TrackId is { } trackId)
        {
            companies = companies.Where(c => c.MilestoneTrackId == trackId);
        }

        if (query.ProgramId is { } programId)
        {
            companies = companies.Where(c => db.ProgramEnrollments.Any(e => e.ProgramId == programId && e.CompanyId == c.Id));
        }

        if (search is not null)
        {
            var pattern = $"%{search.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            companies = companies.Where(c => EF.Functions.Like(c.Name.ToLower(), pattern, "\\") || EF.Functions.Like(c.ExternalId!.ToLower(), pattern, "\\"));
        }

        return companies;
    }

    /// <summary>One keyset page in the chosen order (never OFFSET): rows after the last one shown.</summary>
    private static IQueryable<Company> Ordered(IQueryable<Company> companies, string sort, Position? after) => sort switch
    {
        "-name" => (after is null ? companies : companies.Where(c => string.Compare(c.Name, after.Name) < 0 || (c.Name == after.Name && c.Id.CompareTo(after.Id) < 0)))
            .OrderByDescending(c => c.Name).ThenByDescending(c => c.Id),
        "added" => (after is null ? companies : companies.Where(c => c.CreatedAt > after.CreatedAt || (c.CreatedAt == after.CreatedAt && c.Id.CompareTo(after.Id) > 0)))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        "-added" => (after is null ? companies : companies.Where(c => c.CreatedAt < after.CreatedAt || (c.CreatedAt == after.CreatedAt && c.Id.CompareTo(after.Id) < 0)))
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        _ => (after is null ? companies : companies.Where(c => string.Compare(c.Name, after.Name) > 0 || (c.Name == after.Name && c.Id.CompareTo(after.Id) > 0)))
            .OrderBy(c => c.Name).ThenBy(c => c.Id),
    };

    public async Task<CompanyDto?> GetAsync(Guid id, CancellationToken cancellationToken) => await ById(db, id, cancellationToken);

    /// <summary>The organization's active companies by name, for pickers (enrol, link a founder).</summary>
    public async Task<IReadOnlyList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem>> SelectListAsync(CancellationToken cancellationToken) =>
        (await db.Companies.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(c.Name, c.Id.ToString())).ToList();

    /// <summary>The company as the API and the pages show it (its track's title, its coach's name).</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Company, CompanyDto>> ToDto = c => new CompanyDto(
        c.Id, c.Name, c.Industry, c.FoundedOn, c.MilestoneTrackId, c.MilestoneTrack!.Title,
        c.CoachUserId, c.Coach == null ? null : c.Coach.DisplayName, c.TrackStartedAt, c.ExternalId, c.CreatedAt, c.ArchivedAt, c.Outcome, c.OutcomeOn, c.Version,
        c.Domains.Where(d => d.ArchivedAt == null).OrderBy(d => d.Domain).Select(d => d.Domain).ToList());

    /// <summary>One company, archived or not (the profile's first query): compiled once.</summary>
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<CompanyDto?>> ById =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken _) =>
            db.Companies.IgnoreQueryFilters(new[] { QueryFilters.Archived }).AsNoTracking().Where(c => c.Id == id).Select(ToDto).FirstOrDefault());

    public async Task<Outcome<CompanyDto>> CreateAsync(CompanyInput input, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var fields = await ValidateAsync(input, errors, existing: null, cancellationToken);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var company = Company.Create(fields.Name!, fields.Industry, input.FoundedOn, fields.ExternalId, fields.TrackId, input.CoachUserId, db.UtcNow);
        await CompanyDomains.SetAsync(db, company.Id, fields.Domains ?? [], errors, "domains", cancellationToken);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        db.Companies.Add(company);
        await db.SaveChangesAsync(cancellationToken);
        return (await GetAsync(company.Id, cancellationToken))!;
    }

    public async Task<Outcome<CompanyDto>> UpdateAsync(Guid id, CompanyInput input, CancellationToken cancellationToken)
    {
        var company = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null)
        {
            return Failure.NotFound();
        }

        if (ArchivedCompany.RefuseChanges(company.ArchivedAt) is { } archived)
        {
            return archived;
        }

        if (input.Version is { } version && version != company.Version)
        {
            return Failure.Conflict("The company was changed by someone else. Reload and try again.");
        }

        var errors = new ValidationErrors();
        var fields = await ValidateAsync(input, errors, company, cancellationToken);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        company.Name = fields.Name!;
        company.Industry = fields.Industry;
        company.FoundedOn = input.FoundedOn;
        company.ExternalId = fields.ExternalId ?? company.ExternalId;
        company.CoachUserId = input.CoachUserId;
        if (fields.Domains is { } domains)
        {
            await CompanyDomains.SetAsync(db, company.Id, domains, errors, "domains", cancellationToken);
            if (errors.Any)
            {
                return Failure.Invalid(errors);
            }
        }

        if (company.MilestoneTrackId != fields.TrackId)
        {
            // Achievements logged on the old track stay in the company's history.
            company.MilestoneTrackId = fields.TrackId;
            company.TrackStartedAt = db.UtcNow;
        }

        await db.SaveChangesAsync(cancellationToken);
        return (await GetAsync(company.Id, cancellationToken))!;
    }

    /// <summary>Archives (never deletes) a company: it leaves lists and the open velocity step ends
    /// that day; its history stays.</summary>
    public async Task<Outcome<CompanyDto>> ArchiveAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!currentUser.IsAdmin)
        {
            return Failure.Forbidden(OnlyAdmins);
        }

        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null)
        {
            return Failure.NotFound();
        }

        company.ArchivedAt = db.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return (await GetAsync(company.Id, cancellationToken))!;
    }

    /// <summary>Brings an archived company back into lists; its history was never removed. Restoring
    /// a company that is not archived is allowed and changes nothing, so a repeated click is harmless.</summary>
    public async Task<Outcome<CompanyDto>> RestoreAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!currentUser.IsAdmin)
        {
            return Failure.Forbidden(OnlyAdmins);
        }

        var company = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null)
        {
            return Failure.NotFound();
        }

        if (company.ArchivedAt is not null)
        {
            company.ArchivedAt = null;
            await db.SaveChangesAsync(cancellationToken);
        }

        return (await GetAsync(company.Id, cancellationToken))!;
    }

    /// <summary>Other companies (archived ones too) with this name, compared without case: the
    /// form warns before a second one is created. Names may repeat, so this never refuses.</summary>
    public async Task<IReadOnlyList<CompanyDto>> SameNameAsync(string? name, Guid? except, CancellationToken cancellationToken)
    {
        var clean = name?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(clean))
        {
            return [];
        }

        return await Project(db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
                .Where(c => c.Name.ToLower() == clean && c.Id != (except ?? Guid.Empty))
                .OrderBy(c => c.Name).ThenBy(c => c.Id))
            .Take(5).ToListAsync(cancellationToken);
    }

    private sealed record ValidFields(string? Name, string? Industry, string? ExternalId, Guid TrackId, IReadOnlyList<string>? Domains);

    /// <summary>The rules of a company's own fields, shared with the CSV import.</summary>
    public static (string? Name, string? Industry, string? ExternalId) CheckFields(ValidationErrors errors, string? name, string? industry, string? externalId, DateOnly? foundedOn, DateOnly today, bool nameRequired = true)
    {
        var cleanName = errors.Text("name", name, 200, required: nameRequired);
        var cleanIndustry = errors.Text("industry", industry, 100);
        var cleanExternalId = errors.Text("externalId", externalId, 100);
        if (foundedOn > today)
        {
            errors.Add("foundedOn", "Cannot be in the future.");
        }
        else if (foundedOn is { } day && Instants.TooEarly(day))
        {
            errors.Add("foundedOn", Instants.TooFarInThePast);
        }

        return (cleanName, cleanIndustry, cleanExternalId);
    }

    private async Task<ValidFields> ValidateAsync(CompanyInput input, ValidationErrors errors, Company? existing, CancellationToken cancellationToken)
    {
        var (name, industry, externalId) = CheckFields(errors, input.Name, input.Industry, input.ExternalId, input.FoundedOn, DateOnly.FromDateTime(db.UtcNow));
        if (input.FoundedOn is { } founded && !errors.Has("foundedOn"))
        {
            if (existing is not null)
            {
                var start = founded.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                var earlier = await db.CompanyMilestones.CountAsync(
                    m => m.CompanyId == existing.Id && m.Status == MilestoneStatus.Achieved && m.AchievedAt < start, cancellationToken);
                if (earlier > 0)
                {
                    errors.Add("foundedOn", $"{earlier} achievement(s) are dated before this day.");
                }
            }
        }

        var trackId = input.MilestoneTrackId ?? existing?.MilestoneTrackId ?? Company.DefaultTrackId;
        if (!await db.MilestoneTracks.AnyAsync(t => t.Id == trackId, cancellationToken))
        {
            errors.Add("milestoneTrackId", "Unknown track.");
        }

        if (input.CoachUserId is { } coachId && !await db.Users.AnyAsync(u => u.Id == coachId && Auth.Roles.Staff.Contains(u.Role) && u.ArchivedAt == null, cancellationToken))
        {
            errors.Add("coachUserId", "Not a coach or admin of this organization.");
        }

        if (externalId is not null && await db.Companies.IgnoreQueryFilters([QueryFilters.Archived])
                .AnyAsync(c => c.ExternalId == externalId && c.Id != (existing == null ? Guid.Empty : existing.Id), cancellationToken))
        {
            errors.Add("externalId", "Another company has this external id.");
        }

        var domains = input.Domains is null ? null : CompanyDomains.Check(errors, "domains", input.Domains);
        return new ValidFields(name, industry, externalId, trackId, domains);
    }

    private static IQueryable<CompanyDto> Project(IQueryable<Company> companies) => companies.Select(ToDto);
}
