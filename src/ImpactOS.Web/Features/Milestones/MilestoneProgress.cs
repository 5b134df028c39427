using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Milestones;

public sealed record UserRef(Guid Id, string DisplayName);

/// <summary>A proof file's content with the type and name to serve it as.</summary>
public sealed record EvidenceDownload(Stream Content, string ContentType, string FileName);

public sealed record EvidenceFileDto(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTime UploadedAt, string Url);

public sealed record RoadmapStep(
    Guid MilestoneId,
    string Title,
    string? Description,
    int OrderIndex,
    string Status,
    DateTime? AchievedAt,
    DateTime? LoggedAt,
    UserRef? VerifiedBy,
    string? EvidenceNote,
    string? EvidenceUrl,
    IReadOnlyList<EvidenceFileDto> EvidenceFiles,
    bool IsNext,
    int Version)
{
    /// <summary>Proof files of achievements that were undone since, each with the number of the
    /// undo that set it aside (1 = the first undo): the history lists them, the step does not.
    /// For the pages; the API's history does not carry files.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<SetAsideEvidence> SetAside { get; init; } = [];
}

/// <summary>A proof file that left its step when undo number <paramref name="Undo"/> set its achievement back to pending.</summary>
public sealed record SetAsideEvidence(int Undo, EvidenceFileDto File);

/// <summary>What a company's milestones page says of the company.</summary>
public sealed record CompanyHeading(string Name, string TrackTitle, DateTime? ArchivedAt, CompanyOutcome Outcome = CompanyOutcome.Active, DateOnly? OutcomeOn = null);

public sealed record MarkAchievedRequest(string? Status, DateTime? AchievedAt, string? EvidenceNote, string? EvidenceUrl, int? Version);

public sealed record HistoryEntry(
    string Action,
    DateTime At,
    UserRef? By,
    DateTime? AchievedAt,
    string? EvidenceNote,
    string? EvidenceUrl,
    DateTime? PreviousAchievedAt,
    string? PreviousEvidenceNote,
    string? PreviousEvidenceUrl);

/// <summary>Coach-verified progression: the roadmap, and every way a company milestone changes
/// (achieve, edit, undo, evidence). Each change is recorded as a <see cref="MilestoneEvent"/> in the
/// same save, so nothing is ever lost; undo is a change, not a deletion.</summary>
public sealed class MilestoneProgress(AppDbContext db, CurrentUser currentUser, IEvidenceStorage storage, EvidenceUploads uploads)
{
    public const int MaxNoteLength = 4000;

    /// <summary>Progress is verified by coaches and admins; founders read it. Checked here, so the
    /// pages and the API cannot differ.</summary>
    private const string OnlyStaff = "Only coaches and admins change milestone progress.";

    public async Task<Outcome<IReadOnlyList<RoadmapStep>>> RoadmapAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var company = await FindCompanyAsync(companyId, cancellationToken);
        if (company is null)
        {
            return Failure.NotFound();
        }

        return await RoadmapAsync(companyId, company.MilestoneTrackId, cancellationToken);
    }

    /// <summary>The roadmap of a company the caller has already found (and so may see), on its
    /// current track: the steps with their progress in one query, their proof files, if any step has some, in another.</summary>
    public async Task<List<RoadmapStep>> RoadmapAsync(Guid companyId, Guid trackId, CancellationToken cancellationToken)
    {
        var rows = new List<RoadmapRow>();
        await foreach (var row in RoadmapRows(db, companyId, trackId).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        // Most roadmaps have no proof files yet: then their query is not sent at all.
        var rowIds = rows.Where(r => r.HasFiles).Select(r => r.RowId!.Value).ToList();
        var files = (rowIds.Count == 0 ? [] : await db.EvidenceFiles.AsNoTracking()
                .Where(f => rowIds.Contains(f.CompanyMilestoneId))
                .OrderBy(f => f.UploadedAt)
                .ToListAsync(cancellationToken))
            .ToLookup(f => f.MilestoneId);

        var lastAchieved = rows.FindLastIndex(r => r.Status == MilestoneStatus.Achieved);
        return rows.Select((r, i) =>
        {
            var achieved = r.Status == MilestoneStatus.Achieved;
            return new RoadmapStep(
                r.Id, r.Title, r.Description, r.OrderIndex,
                achieved ? "achieved" : "pending",
                achieved ? r.AchievedAt : null,
                achieved ? r.LoggedAt : null,
                achieved && r.VerifierId is { } verifier ? new UserRef(verifier, r.VerifierName!) : null,
                r.EvidenceNote,
                r.EvidenceUrl,
                // Only the proof of the current achievement (or of none yet): an undo sets the
                // files before it aside, into the history.
                files[r.Id].Where(f => f.UndosBefore == r.UndoCount).Select(ToDto).ToList(),
                IsNext: i == lastAchieved + 1,
                Version: r.Version)
            {
                SetAside = files[r.Id].Where(f => f.UndosBefore < r.UndoCount).Select(f => new SetAsideEvidence(f.UndosBefore + 1, ToDto(f))).ToList(),
            };
        }).ToList();
    }

    /// <summary>Marks a milestone achieved, or edits an achievement. Without <c>achievedAt</c> it is
    /// now, except that editing an achievement of today keeps its time (a note added in the
    /// afternoon does not move the morning's mark). The same values again change nothing
    /// (idempotent); concurrent identical marks leave one record and one history entry.</summary>
    public async Task<Outcome<RoadmapStep>> MarkAsync(Guid companyId, Guid milestoneId, MarkAchievedRequest request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsStaff)
        {
            return Failure.Forbidden(OnlyStaff);
        }

        if (await CompanyWithRow(db, companyId, milestoneId, cancellationToken) is not { } found)
        {
            return Failure.NotFound();
        }

        var company = found.Company;
        if (ArchivedCompany.RefuseMilestoneChanges(company.ArchivedAt, company.Outcome) is { } archived)
        {
            return archived;
        }

        var errors = new ValidationErrors();
        if (request.Status is not (null or "achieved"))
        {
            errors.Add("status", "Only \"achieved\" can be set; undo with DELETE.");
        }

        if (!found.OnTrack)
        {
            errors.Add("milestoneId", "Not a milestone of this company's current track.");
        }

        var now = db.UtcNow;
        var given = request.AchievedAt is { } value ? Instants.AsUtc(value) : (DateTime?)null;
        CheckAchievedAt(errors, given ?? now, now, company.FoundedOn);
        var note = errors.Text("evidenceNote", request.EvidenceNote, MaxNoteLength, multiline: true);
        var url = errors.HttpUrl("evidenceUrl", request.EvidenceUrl);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        for (var attempt = 0; ; attempt++)
        {
            // The first attempt has the row from the company's query; a retry reads it again.
            var row = attempt == 0 ? found.Row : await RowOf(db, companyId, milestoneId, cancellationToken);
            if (row is not null && request.Version is { } version && version != row.Version)
            {
                return Failure.Conflict("This milestone was changed by someone else. Reload and try again.");
            }

            // Each attempt is stamped when it is made, not when the request began.
            var at = db.UtcNow;
            row ??= db.CompanyMilestones.Add(new CompanyMilestone { CompanyId = companyId, MilestoneId = milestoneId, Status = MilestoneStatus.Pending, LoggedAt = at }).Entity;
            var achievedAt = given ?? KeptToday(row, now) ?? now;
            if (row.Achieve(achievedAt, note, url, currentUser.UserId, at) is not { } change)
            {
                return await StepAsync(company, milestoneId, cancellationToken);
            }

            db.MilestoneEvents.Add(change);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return await StepAsync(company, milestoneId, cancellationToken);
            }
            catch (DbUpdateException e) when (attempt < 3 && (DbErrors.IsUniqueViolation(e) || e is DbUpdateConcurrencyException))
            {
                // Someone marked the same milestone at the same moment: start again from what is there.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The time of an achievement made today (UTC), which an edit without a time keeps.</summary>
    private static DateTime? KeptToday(CompanyMilestone row, DateTime now) =>
        row is { Status: MilestoneStatus.Achieved, AchievedAt: { } kept } && kept.Date == now.Date ? kept : null;

    /// <summary>A mark with a proof file, as one change: a refused file leaves the step as it was.</summary>
    public async Task<Outcome<RoadmapStep>> MarkWithEvidenceAsync(Guid companyId, Guid milestoneId, MarkAchievedRequest request, IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is not { Length: > 0 })
        {
            return await MarkAsync(companyId, milestoneId, request, cancellationToken);
        }

        await using var transaction = await db.Database.BeginUnlessInTransactionAsync(cancellationToken);
        var marked = await MarkAsync(companyId, milestoneId, request, cancellationToken);
        if (marked.IsOk)
        {
            var attached = await AttachEvidenceAsync(companyId, milestoneId, file, cancellationToken);
            if (!attached.IsOk)
            {
                marked = new Failure(attached.Kind, attached.Errors, attached.Message);
            }
        }

        if (transaction is not null)
        {
            await (marked.IsOk ? transaction.CommitAsync(cancellationToken) : transaction.RollbackAsync(cancellationToken));
        }

        if (!marked.IsOk)
        {
            db.ChangeTracker.Clear();
        }

        return marked;
    }

    /// <summary>The company a milestones page shows: its name, track and whether it is archived
    /// (then read-only); null when the user may not see it.</summary>
    public Task<CompanyHeading?> HeadingAsync(Guid companyId, CancellationToken cancellationToken) =>
        db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new CompanyHeading(c.Name, c.MilestoneTrack!.Title, c.ArchivedAt, c.Outcome, c.OutcomeOn))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Undo: back to pending. The history keeps what it was; undoing a pending milestone
    /// changes nothing.</summary>
    public async Task<Outcome<RoadmapStep>> UndoAsync(Guid companyId, Guid milestoneId, int? version, CancellationToken cancellationToken)
    {
        if (!currentUser.IsStaff)
        {
            return Failure.Forbidden(OnlyStaff);
        }

        if (await CompanyWithRow(db, companyId, milestoneId, cancellationToken) is not { } found)
        {
            return Failure.NotFound();
        }

        var company = found.Company;
        if (ArchivedCompany.RefuseMilestoneChanges(company.ArchivedAt, company.Outcome) is { } archived)
        {
            return archived;
        }

        // The same rule as marking: only the current track's milestones change. Achievements logged
        // on a company's previous track stay in its history as they are.
        if (!found.OnTrack)
        {
            if (!await db.MilestoneDefinitions.IgnoreQueryFilters([QueryFilters.Archived]).AnyAsync(m => m.Id == milestoneId, cancellationToken))
            {
                return Failure.NotFound();
            }

            var errors = new ValidationErrors();
            errors.Add("milestoneId", "Not a milestone of this company's current track.");
            return Failure.Invalid(errors);
        }

        var row = found.Row;
        if (row is not null && version is { } expected && expected != row.Version)
        {
            return Failure.Conflict("This milestone was changed by someone else. Reload and try again.");
        }

        if (row?.Undo(currentUser.UserId, db.UtcNow) is { } change)
        {
            db.MilestoneEvents.Add(change);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Failure.Conflict("This milestone was changed by someone else. Reload and try again.");
            }
        }

        return await StepAsync(company, milestoneId, cancellationToken);
    }

    /// <summary>Every change to one company milestone, newest (last saved) first.</summary>
    public async Task<Outcome<IReadOnlyList<HistoryEntry>>> HistoryAsync(Guid companyId, Guid milestoneId, CancellationToken cancellationToken)
    {
        if (await FindCompanyAsync(companyId, cancellationToken) is null)
        {
            return Failure.NotFound();
        }

        return (await HistoryQuery(companyId, milestoneId).ToListAsync(cancellationToken)).Select(e => e.Entry).ToList();
    }

    /// <summary>The history of all of a company's milestones, by milestone (for the milestones page).</summary>
    public async Task<ILookup<Guid, HistoryEntry>> CompanyHistoryAsync(Guid companyId, CancellationToken cancellationToken) =>
        (await HistoryQuery(companyId, null).ToListAsync(cancellationToken)).ToLookup(e => e.MilestoneId, e => e.Entry);

    private sealed record HistoryRow(Guid MilestoneId, HistoryEntry Entry);

    private IQueryable<HistoryRow> HistoryQuery(Guid companyId, Guid? milestoneId) =>
        db.MilestoneEvents.AsNoTracking()
            .Where(e => e.CompanyId == companyId && (milestoneId == null || e.MilestoneId == milestoneId))
            .OrderByDescending(e => e.Sequence)
            .Select(e => new HistoryRow(e.MilestoneId, new HistoryEntry(
                e.Action == MilestoneAction.Achieved ? "achieved" : e.Action == MilestoneAction.Edited ? "edited" : "undone",
                e.At,
                db.Users.Where(u => u.Id == e.ByUserId).Select(u => new UserRef(u.Id, u.DisplayName)).FirstOrDefault(),
                e.AchievedAt, e.EvidenceNote, e.EvidenceUrl,
                e.PreviousAchievedAt, e.PreviousEvidenceNote, e.PreviousEvidenceUrl)));

    /// <summary>Attaches a proof file to a company milestone (creating its pending record when it
    /// has none yet, so proof can come before the mark).</summary>
    public async Task<Outcome<EvidenceFileDto>> AttachEvidenceAsync(Guid companyId, Guid milestoneId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!currentUser.IsStaff)
        {
            return Failure.Forbidden(OnlyStaff);
        }

        if (await CompanyForMilestone(db, companyId, milestoneId, cancellationToken) is not { } found)
        {
            return Failure.NotFound();
        }

        var company = found.Company;
        if (ArchivedCompany.RefuseMilestoneChanges(company.ArchivedAt, company.Outcome) is { } archived)
        {
            return archived;
        }

        var errors = new ValidationErrors();
        if (!found.OnTrack)
        {
            errors.Add("milestoneId", "Not a milestone of this company's current track.");
        }

        EvidenceUploads.Check(errors, file);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var stored = await uploads.StoreAsync(file!, currentUser.RequiredTenantId, cancellationToken);
        if (!stored.IsOk)
        {
            return new Failure(stored.Kind, stored.Errors, stored.Message);
        }

        return await RecordEvidenceAsync(companyId, milestoneId, stored.Value!, currentUser.UserId, cancellationToken);
    }

    /// <summary>Records a stored file as proof of a company milestone of the current track (the
    /// caller has checked that it may change it): a founder's claim file becomes proof this way,
    /// uploaded by the founder.</summary>
    internal async Task<EvidenceFileDto> RecordEvidenceAsync(Guid companyId, Guid milestoneId, StoredEvidence stored, Guid? uploadedBy, CancellationToken cancellationToken)
    {
        var row = await RowOf(db, companyId, milestoneId, cancellationToken);
        if (row is null)
        {
            row = new CompanyMilestone { CompanyId = companyId, MilestoneId = milestoneId, Status = MilestoneStatus.Pending, LoggedAt = db.UtcNow };
            db.CompanyMilestones.Add(row);
        }

        var evidence = new EvidenceFile
        {
            CompanyId = companyId,
            CompanyMilestoneId = row.Id,
            MilestoneId = milestoneId,
            FileName = stored.FileName,
            ContentType = stored.ContentType,
            SizeBytes = stored.Size,
            Sha256 = stored.Sha256,
            StorageKey = stored.StorageKey,
            UploadedByUserId = uploadedBy,
            UploadedAt = db.UtcNow,
            UndosBefore = row.UndoCount,
        };
        db.EvidenceFiles.Add(evidence);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The record was created concurrently: attach to that one.
            db.ChangeTracker.Clear();
            row = await db.CompanyMilestones.FirstAsync(m => m.CompanyId == companyId && m.MilestoneId == milestoneId, cancellationToken);
            evidence.CompanyMilestoneId = row.Id;
            evidence.UndosBefore = row.UndoCount;
            db.EvidenceFiles.Add(evidence);
            await db.SaveChangesAsync(cancellationToken);
        }

        return ToDto(evidence);
    }

    /// <summary>An evidence file for download, to users of its tenant (founders: their company's).</summary>
    public async Task<EvidenceDownload?> OpenEvidenceAsync(Guid fileId, CancellationToken cancellationToken)
    {
        var file = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, cancellationToken);
        if (file is null)
        {
            return null;
        }

        var content = await storage.OpenAsync(file.StorageKey, cancellationToken);
        return content is null ? null : new EvidenceDownload(content, file.ContentType, NameOf(file));
    }

    /// <summary>The name a file is listed and downloaded under (the same rule as at upload, so names
    /// stored before it came in are shown the same way).</summary>
    private static string NameOf(EvidenceFile file) => EvidenceTypes.FileNameFor(file.FileName, file.ContentType);

    /// <summary>One milestone's roadmap step after a change (the milestone is on the company's track).</summary>
    private async Task<Outcome<RoadmapStep>> StepAsync(Company company, Guid milestoneId, CancellationToken cancellationToken) =>
        (await RoadmapAsync(company.Id, company.MilestoneTrackId, cancellationToken)).First(s => s.MilestoneId == milestoneId);

    private Task<Company?> FindCompanyAsync(Guid companyId, CancellationToken cancellationToken) => CompanyById(db, companyId, cancellationToken);

    // The queries every mark and undo makes, compiled once (the query filters still apply per context).
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<Company?>> CompanyById =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken _) =>
            db.Companies.IgnoreQueryFilters(new[] { QueryFilters.Archived }).AsNoTracking().FirstOrDefault(c => c.Id == id));

    /// <summary>A company with whether the milestone is on its current track.</summary>
    private sealed record CompanyAndMilestone(Company Company, bool OnTrack);

    /// <summary>The company (archived or not) and the track check, in one query.</summary>
    private static readonly Func<AppDbContext, Guid, Guid, CancellationToken, Task<CompanyAndMilestone?>> CompanyForMilestone =
        EF.CompileAsyncQuery((AppDbContext db, Guid companyId, Guid milestoneId, CancellationToken _) =>
            db.Companies.IgnoreQueryFilters(new[] { QueryFilters.Archived }).AsNoTracking()
                .Where(c => c.Id == companyId)
                .Select(c => new CompanyAndMilestone(c, db.MilestoneDefinitions.Any(m => m.Id == milestoneId && m.TrackId == c.MilestoneTrackId)))
                .FirstOrDefault());

    /// <summary>A company with whether the milestone is on its current track, and its row for the
    /// milestone if it has one.</summary>
    private sealed record CompanyTrackAndRow(Company Company, bool OnTrack, CompanyMilestone? Row);

    /// <summary>What a mark or an undo starts from, in one round trip instead of two (issue 20): the
    /// company (archived or not), the track check, and the row, tracked (it is about to change).</summary>
    private static readonly Func<AppDbContext, Guid, Guid, CancellationToken, Task<CompanyTrackAndRow?>> CompanyWithRow =
        EF.CompileAsyncQuery((AppDbContext db, Guid companyId, Guid milestoneId, CancellationToken _) =>
            (from c in db.Companies.IgnoreQueryFilters(new[] { QueryFilters.Archived }).Where(c => c.Id == companyId)
             // A left join of the one row (the pair is unique), narrowed by the parameters so that
             // it is an index lookup on both databases (no APPLY, which SQLite lacks, and no
             // windowed subquery over every company's row, which a correlated FirstOrDefault gives).
             join m in db.CompanyMilestones.Where(m => m.CompanyId == companyId && m.MilestoneId == milestoneId) on c.Id equals m.CompanyId into rows
             from row in rows.DefaultIfEmpty()
             select new CompanyTrackAndRow(c, db.MilestoneDefinitions.Any(d => d.Id == milestoneId && d.TrackId == c.MilestoneTrackId), row))
            .FirstOrDefault());

    /// <summary>The company's row for the milestone, tracked (it is about to change).</summary>
    private static readonly Func<AppDbContext, Guid, Guid, CancellationToken, Task<CompanyMilestone?>> RowOf =
        EF.CompileAsyncQuery((AppDbContext db, Guid companyId, Guid milestoneId, CancellationToken _) =>
            db.CompanyMilestones.FirstOrDefault(m => m.CompanyId == companyId && m.MilestoneId == milestoneId));

    private sealed record RoadmapRow(
        Guid Id, string Title, string? Description, int OrderIndex, Guid? RowId, MilestoneStatus Status, DateTime? AchievedAt, DateTime? LoggedAt,
        string? EvidenceNote, string? EvidenceUrl, int Version, int UndoCount, Guid? VerifierId, string? VerifierName, bool HasFiles);

    /// <summary>The track's steps, each with the company's progress on it (a left join) and whether
    /// it has proof files (kept or set aside).</summary>
    private static readonly Func<AppDbContext, Guid, Guid, IAsyncEnumerable<RoadmapRow>> RoadmapRows =
        EF.CompileAsyncQuery((AppDbContext db, Guid companyId, Guid trackId) =>
            from d in db.MilestoneDefinitions.AsNoTracking().Where(m => m.TrackId == trackId)
            join m in db.CompanyMilestones.AsNoTracking().Where(m => m.CompanyId == companyId) on d.Id equals m.MilestoneId into progress
            from p in progress.DefaultIfEmpty()
            orderby d.OrderIndex
            select new RoadmapRow(
                d.Id,
                d.Title,
                d.Description,
                d.OrderIndex,
                p == null ? null : p.Id,
                p == null ? MilestoneStatus.Pending : p.Status,
                p == null ? null : p.AchievedAt,
                p == null ? null : p.LoggedAt,
                p == null ? null : p.EvidenceNote,
                p == null ? null : p.EvidenceUrl,
                p == null ? 0 : p.Version,
                p == null ? 0 : p.UndoCount,
                p == null || p.VerifiedBy == null ? null : p.VerifiedBy.Id,
                p == null || p.VerifiedBy == null ? null : p.VerifiedBy.DisplayName,
                p != null && db.EvidenceFiles.Any(f => f.CompanyMilestoneId == p.Id)));

    /// <summary>The date rules for an achievement: not in the future, not before the company was founded.</summary>
    public static void CheckAchievedAt(ValidationErrors errors, DateTime achievedAt, DateTime now, DateOnly? foundedOn, string field = "achievedAt")
    {
        if (achievedAt > now)
        {
            errors.Add(field, "Cannot be in the future.");
        }
        else if (foundedOn is { } founded && achievedAt < founded.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
        {
            errors.Add(field, $"Cannot be before the company was founded ({founded:yyyy-MM-dd}).");
        }
        else if (Instants.TooEarly(achievedAt))
        {
            errors.Add(field, Instants.TooFarInThePast);
        }
    }

    private static EvidenceFileDto ToDto(EvidenceFile f) =>
        new(f.Id, NameOf(f), f.ContentType, f.SizeBytes, f.Sha256, f.UploadedAt, $"/api/v1/evidence/{f.Id}");
}
