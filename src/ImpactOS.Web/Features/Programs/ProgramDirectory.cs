using System.Text.Json.Serialization;
using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Programs;

public sealed record ProgramInput(string? Name, string? Description, DateOnly? StartsOn, DateOnly? EndsOn, int? Version = null);

public sealed record ProgramDto(Guid Id, string Name, string? Description, DateOnly? StartsOn, DateOnly? EndsOn, int Enrolled, int Active, int Version);

public sealed record EnrollmentInput(Guid? CompanyId, DateOnly? EnrolledOn, DateOnly? ExitedOn, int? Version = null);

public sealed record EnrollmentDto(Guid Id, Guid ProgramId, Guid CompanyId, string CompanyName, DateOnly EnrolledOn, DateOnly? ExitedOn, int Version);

public sealed record ProgramDetail(ProgramDto Program, IReadOnlyList<EnrollmentDto> Enrollments);

public sealed record ProgramQuery(string? Sort = null, string? Cursor = null, int? Limit = null);

/// <summary>Programs and enrolments: the time windows overlaid on the companies' own history.
/// Programs themselves are the admins' to create and change (checked here, for pages and API alike).</summary>
public sealed class ProgramDirectory(AppDbContext db, CurrentUser currentUser)
{
    private const string OnlyAdmins = "Only admins create and change programs.";

    /// <summary>The organization's programs by name, for the portfolio's filter.</summary>
    public async Task<IReadOnlyList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem>> SelectListAsync(Guid? selected, CancellationToken cancellationToken) =>
        PickerRows.ToSelectList(await FilterRows(db).Ordered().ToListAsync(cancellationToken), selected);

    /// <summary>The list's number among <see cref="PortfolioLookups"/>' lists.</summary>
    public const int PickerList = 1;

    /// <summary>The organization's programs, unordered (see <see cref="Features.PickerRows.Ordered"/>).</summary>
    public static IQueryable<PickerRow> FilterRows(AppDbContext db) =>
        db.Programs.AsNoTracking().Select(p => new PickerRow { List = PickerList, Id = p.Id, Name = p.Name, First = false });

    /// <summary>The orders the programs page can take: by name, or by start date (undated programs
    /// count as the earliest), either way. Newest start first is the page's default.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["-starts", "starts", "name", "-name"];

    public const string DefaultSort = "-starts";

    /// <summary>Every program (the API's list and the lookups here), newest start first.</summary>
    public async Task<IReadOnlyList<ProgramDto>> ListAsync(CancellationToken cancellationToken) =>
        await Project(db.Programs.AsNoTracking().OrderByDescending(p => p.StartsOn).ThenBy(p => p.Name)).ToListAsync(cancellationToken);

    /// <summary>Where a page ended: the sort it belongs to, the last program's name, start date and id.</summary>
    /// <remarks>The JSON names stay one letter, like the other lists' cursors: short links.</remarks>
    private sealed record Position([property: JsonPropertyName("S")] string Sort, [property: JsonPropertyName("N")] string Name, [property: JsonPropertyName("D")] DateOnly StartsOn, [property: JsonPropertyName("I")] Guid Id);

    /// <summary>One page of programs in the chosen order, by keyset (never OFFSET), as the companies list pages.</summary>
    public async Task<Outcome<Page<ProgramDto>>> PageAsync(ProgramQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(errors, query.Limit);
        var sort = query.Sort ?? DefaultSort;
        if (!Sorts.Contains(sort))
        {
            errors.Add("sort", "One of " + string.Join(", ", Sorts) + ".");
        }

        if (!Cursor.TryDecode<Position>(query.Cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this list gave out.");
        }
        else if (after is not null && after.Sort != sort)
        {
            errors.Add("cursor", "This cursor belongs to another order.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var rows = await Project(Ordered(db.Programs.AsNoTracking(), sort, after)).Take(limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > limit
            ? Cursor.Encode(new Position(sort, rows[limit - 1].Name, rows[limit - 1].StartsOn ?? Undated, rows[limit - 1].Id))
            : null;
        return new Page<ProgramDto>(rows.Take(limit).ToList(), next);
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) => db.Programs.CountAsync(cancellationToken);

    /// <summary>The start date an undated program sorts by: before every real one, the same on both
    /// databases (which otherwise put NULLs at opposite ends).</summary>
    private static readonly DateOnly Undated = DateOnly.MinValue;

    private static IQueryable<SupportProgram> Ordered(IQueryable<SupportProgram> programs, string sort, Position? after) => sort switch
    {
        "starts" => (after is null ? programs : programs.Where(p => (p.StartsOn ?? Undated) > after.StartsOn || ((p.StartsOn ?? Undated) == after.StartsOn && p.Id.CompareTo(after.Id) > 0)))
            .OrderBy(p => p.StartsOn ?? Undated).ThenBy(p => p.Id),
        "name" => (after is null ? programs : programs.Where(p => string.Compare(p.Name, after.Name) > 0 || (p.Name == after.Name && p.Id.CompareTo(after.Id) > 0)))
            .OrderBy(p => p.Name).ThenBy(p => p.Id),
        "-name" => (after is null ? programs : programs.Where(p => string.Compare(p.Name, after.Name) < 0 || (p.Name == after.Name && p.Id.CompareTo(after.Id) < 0)))
            .OrderByDescending(p => p.Name).ThenByDescending(p => p.Id),
        _ => (after is null ? programs : programs.Where(p => (p.StartsOn ?? Undated) < after.StartsOn || ((p.StartsOn ?? Undated) == after.StartsOn && p.Id.CompareTo(after.Id) < 0)))
            .OrderByDescending(p => p.StartsOn ?? Undated).ThenByDescending(p => p.Id),
    };

    /// <summary>A program with its enrolment counts (all of them, and those in it today).</summary>
    private IQueryable<ProgramDto> Project(IQueryable<SupportProgram> programs)
    {
        var today = DateOnly.FromDateTime(db.UtcNow);
        return programs.Select(p => new ProgramDto(p.Id, p.Name, p.Description, p.StartsOn, p.EndsOn,
            db.ProgramEnrollments.Count(e => e.ProgramId == p.Id),
            db.ProgramEnrollments.Count(e => e.ProgramId == p.Id && e.EnrolledOn <= today && (e.ExitedOn == null || e.ExitedOn > today)),
            p.Version));
    }

    private static readonly string[] ArchivedLifted = [QueryFilters.Archived];

    public async Task<Outcome<ProgramDetail>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var program = (await ListAsync(cancellationToken)).FirstOrDefault(p => p.Id == id);
        if (program is null)
        {
            return Failure.NotFound();
        }

        var enrollments = await db.ProgramEnrollments.AsNoTracking()
            .Where(e => e.ProgramId == id)
            .OrderBy(e => e.EnrolledOn).ThenBy(e => e.Id)
            .Select(e => new EnrollmentDto(e.Id, e.ProgramId, e.CompanyId,
                db.Companies.IgnoreQueryFilters(ArchivedLifted).Where(c => c.Id == e.CompanyId).Select(c => c.Name).FirstOrDefault() ?? "",
                e.EnrolledOn, e.ExitedOn, e.Version))
            .ToListAsync(cancellationToken);
        return new ProgramDetail(program, enrollments);
    }

    public async Task<Outcome<ProgramDto>> CreateAsync(ProgramInput input, CancellationToken cancellationToken)
    {
        if (!currentUser.IsAdmin)
        {
            return Failure.Forbidden(OnlyAdmins);
        }

        var errors = new ValidationErrors();
        var fields = Validate(input, errors);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var program = new SupportProgram { Name = fields.Name!, Description = fields.Description, StartsOn = input.StartsOn, EndsOn = input.EndsOn, CreatedAt = db.UtcNow };
        db.Programs.Add(program);
        await db.SaveChangesAsync(cancellationToken);
        return (await ListAsync(cancellationToken)).First(p => p.Id == program.Id);
    }

    public async Task<Outcome<ProgramDto>> UpdateAsync(Guid id, ProgramInput input, CancellationToken cancellationToken)
    {
        if (!currentUser.IsAdmin)
        {
            return Failure.Forbidden(OnlyAdmins);
        }

        var program = await db.Programs.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (program is null)
        {
            return Failure.NotFound();
        }

        if (input.Version is { } version && version != program.Version)
        {
            return Failure.Conflict("The program was changed by someone else. Reload and try again.");
        }

        var errors = new ValidationErrors();
        var fields = Validate(input, errors);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        (program.Name, program.Description, program.StartsOn, program.EndsOn) = (fields.Name!, fields.Description, input.StartsOn, input.EndsOn);
        await db.SaveChangesAsync(cancellationToken);
        return (await ListAsync(cancellationToken)).First(p => p.Id == program.Id);
    }

    public async Task<Outcome<EnrollmentDto>> EnrollAsync(Guid programId, EnrollmentInput input, CancellationToken cancellationToken)
    {
        if (!await db.Programs.AnyAsync(p => p.Id == programId, cancellationToken))
        {
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var companyName = input.CompanyId is { } companyId
            ? await db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (companyName is null)
        {
            errors.Add("companyId", "Choose a company of this organization.");
        }

        ValidateWindow(input, errors);
        if (!errors.Any && await OverlapsAsync(programId, input.CompanyId!.Value, input.EnrolledOn!.Value, input.ExitedOn, except: null, cancellationToken))
        {
            errors.Add("enrolledOn", "The company is already in this program during these dates.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var enrollment = new ProgramEnrollment { ProgramId = programId, CompanyId = input.CompanyId!.Value, EnrolledOn = input.EnrolledOn!.Value, ExitedOn = input.ExitedOn, CreatedAt = db.UtcNow };
        db.ProgramEnrollments.Add(enrollment);
        await db.SaveChangesAsync(cancellationToken);
        return new EnrollmentDto(enrollment.Id, programId, enrollment.CompanyId, companyName!, enrollment.EnrolledOn, enrollment.ExitedOn, enrollment.Version);
    }

    public async Task<Outcome<EnrollmentDto>> UpdateEnrollmentAsync(Guid programId, Guid enrollmentId, EnrollmentInput input, CancellationToken cancellationToken)
    {
        var enrollment = await db.ProgramEnrollments.FirstOrDefaultAsync(e => e.Id == enrollmentId && e.ProgramId == programId, cancellationToken);
        if (enrollment is null)
        {
            return Failure.NotFound();
        }

        if (input.Version is { } version && version != enrollment.Version)
        {
            return Failure.Conflict("The enrolment was changed by someone else. Reload and try again.");
        }

        var errors = new ValidationErrors();
        if (input.CompanyId is { } companyId && companyId != enrollment.CompanyId)
        {
            errors.Add("companyId", "An enrolment's company cannot change; archive it and enrol the other company.");
        }

        ValidateWindow(input, errors);
        if (!errors.Any && await OverlapsAsync(programId, enrollment.CompanyId, input.EnrolledOn!.Value, input.ExitedOn, enrollment.Id, cancellationToken))
        {
            errors.Add("enrolledOn", "The company is already in this program during these dates.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        (enrollment.EnrolledOn, enrollment.ExitedOn) = (input.EnrolledOn!.Value, input.ExitedOn);
        await db.SaveChangesAsync(cancellationToken);
        var name = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).Where(c => c.Id == enrollment.CompanyId).Select(c => c.Name).FirstAsync(cancellationToken);
        return new EnrollmentDto(enrollment.Id, programId, enrollment.CompanyId, name, enrollment.EnrolledOn, enrollment.ExitedOn, enrollment.Version);
    }

    /// <summary>Withdraws an enrolment made in error: archived, not deleted.</summary>
    public async Task<Outcome<bool>> ArchiveEnrollmentAsync(Guid programId, Guid enrollmentId, CancellationToken cancellationToken)
    {
        var enrollment = await db.ProgramEnrollments.FirstOrDefaultAsync(e => e.Id == enrollmentId && e.ProgramId == programId, cancellationToken);
        if (enrollment is null)
        {
            return Failure.NotFound();
        }

        enrollment.ArchivedAt = db.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private sealed record ValidProgram(string? Name, string? Description);

    private static ValidProgram Validate(ProgramInput input, ValidationErrors errors)
    {
        var name = errors.Text("name", input.Name, 200, required: true);
        var description = errors.Text("description", input.Description, 2000, multiline: true);
        if (input.StartsOn is { } starts && input.EndsOn is { } ends && ends < starts)
        {
            errors.Add("endsOn", "Cannot be before the start.");
        }

        if (input.StartsOn is { } s && OutOfRange(s) || input.EndsOn is { } e && OutOfRange(e))
        {
            errors.Add("startsOn", $"Between {Instants.EarliestYear} and {LatestYear}.");
        }

        return new ValidProgram(name, description);
    }

    /// <summary>The latest year a program may be planned to.</summary>
    private const int LatestYear = 2200;

    private static bool OutOfRange(DateOnly day) => Instants.TooEarly(day) || day.Year > LatestYear;

    /// <summary>An enrolment is [enrolledOn, exitedOn): it has started (not in the future) and ends after it starts.</summary>
    private void ValidateWindow(EnrollmentInput input, ValidationErrors errors)
    {
        var today = DateOnly.FromDateTime(db.UtcNow);
        if (input.EnrolledOn is not { } enrolled)
        {
            errors.Add("enrolledOn", "Required.");
        }
        else if (enrolled > today)
        {
            errors.Add("enrolledOn", "Cannot be in the future.");
        }
        else if (Instants.TooEarly(enrolled))
        {
            errors.Add("enrolledOn", Instants.TooFarInThePast);
        }

        if (input.ExitedOn is { } exited && input.EnrolledOn is { } start && exited <= start)
        {
            errors.Add("exitedOn", "Must be after the enrolment date.");
        }
        else if (input.ExitedOn is { Year: > 2200 })
        {
            errors.Add("exitedOn", "Too far in the future.");
        }
    }

    private Task<bool> OverlapsAsync(Guid programId, Guid companyId, DateOnly from, DateOnly? to, Guid? except, CancellationToken cancellationToken) =>
        db.ProgramEnrollments.AnyAsync(e => e.ProgramId == programId && e.CompanyId == companyId && e.Id != except
            && (to == null || e.EnrolledOn < to) && (e.ExitedOn == null || e.ExitedOn > from), cancellationToken);
}
