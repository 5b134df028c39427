using System.Globalization;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Imports;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Calendar;

public sealed record CalendarImportCompany(Guid Id, string Name);

/// <summary>One meeting of the file with one company (or with none: unmatched), and what the import
/// does with it: <c>new</c> (an interaction is added), <c>updated</c> (a higher SEQUENCE changes its
/// interaction), <c>unchanged</c> (already imported) or <c>unmatched</c> (<see cref="Reason"/> says why).</summary>
public sealed record CalendarImportItem(
    string Uid,
    DateTime? RecurrenceId,
    DateTime OccurredAt,
    bool AllDay,
    string Subject,
    string Status,
    CalendarImportCompany? Company,
    string? Reason,
    int Line);

/// <summary>What an import of a calendar file did (or, in a dry run, would do). Counts are of
/// meetings per company: a meeting with two companies is on both timelines. <see cref="Items"/>
/// lists the first <see cref="CalendarImport.MaxItems"/>, <see cref="MoreItems"/> says how many more.</summary>
public sealed record CalendarImportResult(
    int Events,
    int Created,
    int Updated,
    int Unchanged,
    int Unmatched,
    int Cancelled,
    int Duplicates,
    int Future,
    bool Capped,
    IReadOnlyList<CalendarImportItem> Items,
    int MoreItems,
    bool DryRun,
    Guid? CompanyId)
{
    /// <summary>Why the file was refused (nothing was written), with its line.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CalendarFileError? Error { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Ok => Error is null;

    public static CalendarImportResult Refused(CalendarFileError error, bool dryRun, Guid? companyId) =>
        new(0, 0, 0, 0, 0, 0, 0, 0, false, [], 0, dryRun, companyId) { Error = error };
}

/// <summary>Brings meetings in from an iCalendar export: each occurrence the reader gives becomes a
/// meeting on the timeline of the company it is with (<see cref="MeetingCompanies"/>), or of the one
/// company the upload is for. Recognized again by UID (+ RECURRENCE-ID): the same file twice changes
/// nothing; a higher SEQUENCE updates the interaction. All or nothing, in one transaction under the
/// organization's import lock (as the CSV import), written in batches.</summary>
public sealed class CalendarImport(AppDbContext db, CurrentUser currentUser, ILogger<CalendarImport> logger)
{
    /// <summary>Items an answer lists; the counts cover all.</summary>
    public const int MaxItems = 1000;

    /// <summary>The subject of a meeting whose event has no SUMMARY (Google shows "(No title)" too).</summary>
    public const string NoTitle = "(No title)";

    private const int LookupBatch = 1000;
    private const int SaveBatch = 500;

    private sealed record Existing(Guid Id, Guid CompanyId, string Uid, DateTime? RecurrenceId, int? Sequence, DateTime? ArchivedAt);

    private sealed record Planned(CalendarOccurrence Occurrence, KnownCompany? Company, string Status, string? Reason, Guid? InteractionId);

    public async Task<Outcome<CalendarImportResult>> ImportAsync(Stream file, Guid? companyId, bool dryRun, CancellationToken cancellationToken)
    {
        if (companyId is { } id && await ArchivedCompany.CheckChangeableAsync(db, id, cancellationToken) is { } refused)
        {
            return refused;
        }

        // Parsing a large file takes seconds: done before the import lock is taken.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var read = CalendarFileReader.Read(file, db.UtcNow, CalendarReadLimits.Default);
        var readTime = clock.Elapsed;
        var problem = read.Error ?? Check(read.Occurrences);
        if (problem is not null)
        {
            return CalendarImportResult.Refused(problem, dryRun, companyId);
        }

        await using var transaction = dryRun ? null : await ImportLock.BeginAsync(db, currentUser.RequiredTenantId, cancellationToken);
        var only = companyId is { } single ? await OneAsync(single, cancellationToken) : null;
        var matcher = only is null ? await CompanyMatcher.LoadAsync(db, cancellationToken) : null;
        var existing = await ExistingAsync(read.Occurrences, cancellationToken);
        var plan = Plan(read.Occurrences, only, matcher, existing);
        var planTime = clock.Elapsed - readTime;
        if (!dryRun)
        {
            await WriteAsync(plan, cancellationToken);
            await transaction!.CommitAsync(cancellationToken);
        }

        var result = Summarize(read, plan, dryRun, companyId);
        // Where the time of a large import goes (the benchmark reads this line).
        logger.LogInformation(
            "Calendar import{DryRun}: {Occurrences} occurrences read in {ReadMs:F0} ms, matched and looked up in {PlanMs:F0} ms, written in {WriteMs:F0} ms ({Created} new, {Updated} updated, {Unchanged} unchanged, {Unmatched} unmatched)",
            dryRun ? " (dry run)" : "", read.Occurrences.Count, readTime.TotalMilliseconds, planTime.TotalMilliseconds, (clock.Elapsed - readTime - planTime).TotalMilliseconds,
            result.Created, result.Updated, result.Unchanged, result.Unmatched);
        return result;
    }

    /// <summary>What the reader lets through but an interaction does not keep: a UID longer than the
    /// column, a title or description with characters never allowed in text, a date before 1800.</summary>
    private static CalendarFileError? Check(IReadOnlyList<CalendarOccurrence> occurrences)
    {
        foreach (var o in occurrences)
        {
            string? wrong = null;
            if (o.Uid.Length > Interaction.CalendarUidMaxLength)
            {
                wrong = string.Create(CultureInfo.InvariantCulture, $"has a UID longer than {Interaction.CalendarUidMaxLength} characters.");
            }
            else if (!ValidationErrors.IsCleanText(o.Summary, multiline: false))
            {
                wrong = "has a SUMMARY with characters that are not allowed in a title.";
            }
            else if (o.Description is { } notes && !ValidationErrors.IsCleanText(notes, multiline: true))
            {
                wrong = "has a DESCRIPTION with characters that are not allowed in notes.";
            }
            else if (Instants.TooEarly(o.StartUtc))
            {
                wrong = "starts before " + Instants.EarliestYear.ToString(CultureInfo.InvariantCulture) + ".";
            }

            if (wrong is not null)
            {
                return new CalendarFileError(o.Line, CalendarStructure.Line(o.Line, "begins an event that " + wrong));
            }
        }

        return null;
    }

    private async Task<KnownCompany> OneAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Companies.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new KnownCompany(c.Id, c.Name, c.ExternalId, c.FoundedOn, c.MilestoneTrackId, c.ArchivedAt))
            .SingleAsync(cancellationToken);

    /// <summary>The interactions already imported from these events (archived ones too: a meeting
    /// someone removed is not brought back), keyed by company, UID and recurrence.</summary>
    private async Task<Dictionary<(Guid Company, string Uid, DateTime? RecurrenceId), Existing>> ExistingAsync(IReadOnlyList<CalendarOccurrence> occurrences, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(Guid, string, DateTime?), Existing>();
        foreach (var uids in occurrences.Select(o => o.Uid).Distinct(StringComparer.Ordinal).Chunk(LookupBatch))
        {
            var rows = await db.Interactions.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
                .Where(i => i.CalendarUid != null && uids.Contains(i.CalendarUid))
                .Select(i => new Existing(i.Id, i.CompanyId, i.CalendarUid!, i.CalendarRecurrenceId, i.CalendarSequence, i.ArchivedAt))
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                found[(row.CompanyId, row.Uid, Utc(row.RecurrenceId))] = row;
            }
        }

        return found;
    }

    private static List<Planned> Plan(IReadOnlyList<CalendarOccurrence> occurrences, KnownCompany? only, CompanyMatcher? matcher, Dictionary<(Guid, string, DateTime?), Existing> existing)
    {
        var plan = new List<Planned>(occurrences.Count);
        foreach (var occurrence in occurrences)
        {
            var (companies, reason) = only is not null ? ([only], null) : MeetingCompanies.Of(occurrence, matcher!);
            if (companies.Count == 0)
            {
                plan.Add(new Planned(occurrence, null, "unmatched", reason, null));
                continue;
            }

            foreach (var company in companies)
            {
                if (!existing.TryGetValue((company.Id, occurrence.Uid, occurrence.RecurrenceId), out var row))
                {
                    plan.Add(new Planned(occurrence, company, "new", null, null));
                }
                else if (row.ArchivedAt is null && occurrence.Sequence > (row.Sequence ?? 0))
                {
                    plan.Add(new Planned(occurrence, company, "updated", null, row.Id));
                }
                else
                {
                    plan.Add(new Planned(occurrence, company, "unchanged", row.ArchivedAt is null ? null : "Imported before, then removed from the timeline.", row.Id));
                }
            }
        }

        return plan;
    }

    /// <summary>New meetings added and updated ones changed, a batch at a time (the change tracker
    /// is cleared after each save, so a large file never sits in it whole).</summary>
    private async Task WriteAsync(List<Planned> plan, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        foreach (var batch in plan.Where(p => p.Status == "new").Chunk(SaveBatch))
        {
            db.Interactions.AddRange(batch.Select(p => new Interaction
            {
                CompanyId = p.Company!.Id,
                Kind = InteractionKind.Meeting,
                OccurredAt = p.Occurrence.StartUtc,
                Subject = Subject(p.Occurrence),
                Notes = p.Occurrence.Description,
                CoachUserId = currentUser.UserId,
                CreatedAt = now,
                CalendarUid = p.Occurrence.Uid,
                CalendarRecurrenceId = p.Occurrence.RecurrenceId,
                CalendarSequence = p.Occurrence.Sequence,
            }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        foreach (var batch in plan.Where(p => p.Status == "updated").Chunk(SaveBatch))
        {
            var ids = batch.Select(p => p.InteractionId!.Value).ToList();
            var rows = await db.Interactions.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
            foreach (var p in batch)
            {
                var row = rows[p.InteractionId!.Value];
                row.OccurredAt = p.Occurrence.StartUtc;
                row.Subject = Subject(p.Occurrence);
                row.Notes = p.Occurrence.Description;
                row.CalendarSequence = p.Occurrence.Sequence;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private static CalendarImportResult Summarize(CalendarReadResult read, List<Planned> plan, bool dryRun, Guid? companyId)
    {
        var items = plan.Take(MaxItems).Select(p => new CalendarImportItem(
            p.Occurrence.Uid,
            p.Occurrence.RecurrenceId,
            p.Occurrence.StartUtc,
            p.Occurrence.AllDay,
            Subject(p.Occurrence),
            p.Status,
            p.Company is null ? null : new CalendarImportCompany(p.Company.Id, p.Company.Name),
            p.Reason,
            p.Occurrence.Line)).ToList();
        var counts = plan.CountBy(p => p.Status).ToDictionary(c => c.Key, c => c.Value);
        return new CalendarImportResult(
            read.Occurrences.Count,
            counts.GetValueOrDefault("new"),
            counts.GetValueOrDefault("updated"),
            counts.GetValueOrDefault("unchanged"),
            counts.GetValueOrDefault("unmatched"),
            read.Cancelled,
            read.Duplicates,
            read.Future,
            read.Capped,
            items,
            plan.Count - items.Count,
            dryRun,
            companyId);
    }

    private static string Subject(CalendarOccurrence occurrence) => occurrence.Summary.Length == 0 ? NoTitle : occurrence.Summary;

    /// <summary>SQLite gives instants back as unspecified; keys compare them as UTC.</summary>
    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}

/// <summary>The rule of which companies a meeting is with, in one place: the companies of its
/// organizer's and attendees' email domains; when no one's domain is a company's, the companies
/// named in its title. Archived companies take no meetings (the meeting is unmatched, and says so).</summary>
public static class MeetingCompanies
{
    public const string NoMatch = "No attendee's email domain is a company's, and the title names no company.";

    public static (IReadOnlyList<KnownCompany> Companies, string? Reason) Of(CalendarOccurrence occurrence, CompanyMatcher matcher)
    {
        var people = occurrence.Organizer is null ? occurrence.Attendees : occurrence.Attendees.Prepend(occurrence.Organizer);
        var companies = people.Select(matcher.OfEmail).OfType<KnownCompany>().Distinct().ToList();
        var ambiguous = 0;
        if (companies.Count == 0)
        {
            companies = [.. matcher.NamedIn(occurrence.Summary, out ambiguous)];
        }

        var active = companies.Where(c => c.ArchivedAt is null).ToList();
        if (active.Count > 0)
        {
            return (active, null);
        }

        if (companies.Count > 0)
        {
            return ([], $"“{companies[0].Name}” is archived; restore it to import its meetings.");
        }

        return ([], ambiguous > 0 ? "The title names a company whose name several companies share." : NoMatch);
    }
}
