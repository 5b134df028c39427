using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Claims;

public sealed record ClaimRequest(DateOnly? AchievedOn, string? EvidenceNote, string? EvidenceUrl);

public sealed record ApproveClaimRequest(DateOnly? AchievedOn);

public sealed record DeclineClaimRequest(string? Reason);

public sealed record ClaimFileDto(string FileName, string ContentType, long Size, string Sha256, string Url);

public sealed record ClaimDto(
    Guid Id,
    Guid CompanyId,
    string CompanyName,
    Guid MilestoneId,
    string MilestoneTitle,
    int StepNumber,
    string Status,
    DateOnly AchievedOn,
    string? EvidenceNote,
    string? EvidenceUrl,
    ClaimFileDto? File,
    UserRef ClaimedBy,
    DateTime ClaimedAt,
    UserRef? DecidedBy,
    DateTime? DecidedAt,
    DateOnly? ApprovedOn,
    string? DeclineReason);

/// <summary>Founders claim milestones; coaches approve (through <see cref="MilestoneProgress.MarkAsync"/>,
/// so every rule of marking applies and the history and analytics learn of it the usual way) or
/// decline with a reason. Until approved a claim is only a row of its own table.</summary>
public sealed class MilestoneClaims(AppDbContext db, CurrentUser currentUser, MilestoneProgress progress, EvidenceUploads uploads)
{
    public const int MaxReasonLength = 1000;
    public const int DefaultLimit = 200;
    public const int MaxLimit = 500;

    private const string OnlyFounders = "Only founders claim milestones; coaches and admins mark them achieved directly.";
    private const string OnlyStaff = "Only coaches and admins approve or decline claims.";
    private const string AlreadyAchieved = "This milestone is already achieved.";
    private const string AlreadyClaimed = "This milestone already has an open claim waiting for a coach.";

    /// <summary>A founder's claim on a milestone of their company's current track, with an optional
    /// proof file (stored as milestone proof is). Refused when the milestone is achieved or already
    /// has an open claim (409), and when the company is archived or closed, as marking is.</summary>
    public async Task<Outcome<ClaimDto>> ClaimAsync(Guid companyId, Guid milestoneId, ClaimRequest request, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!currentUser.IsFounder)
        {
            return Failure.Forbidden(OnlyFounders);
        }

        // Founders see only their own company (the company-scope filter): another's is 404.
        var found = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new
            {
                c.ArchivedAt,
                c.Outcome,
                c.FoundedOn,
                OnTrack = db.MilestoneDefinitions.Any(m => m.Id == milestoneId && m.TrackId == c.MilestoneTrackId),
                Achieved = db.CompanyMilestones.Any(m => m.CompanyId == c.Id && m.MilestoneId == milestoneId && m.Status == MilestoneStatus.Achieved),
                Open = db.MilestoneClaims.Any(m => m.CompanyId == c.Id && m.MilestoneId == milestoneId && m.Status == ClaimStatus.Open),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Failure.NotFound();
        }

        if (Companies.ArchivedCompany.RefuseMilestoneChanges(found.ArchivedAt, found.Outcome) is { } archived)
        {
            return archived;
        }

        var now = db.UtcNow;
        var errors = new ValidationErrors();
        if (!found.OnTrack)
        {
            errors.Add("milestoneId", "Not a milestone of this company's current track.");
        }

        var day = request.AchievedOn ?? DateOnly.FromDateTime(now);
        CheckDay(errors, day, now, found.FoundedOn);
        var note = errors.Text("evidenceNote", request.EvidenceNote, MilestoneProgress.MaxNoteLength, multiline: true);
        var url = errors.HttpUrl("evidenceUrl", request.EvidenceUrl);
        if (file is { Length: > 0 })
        {
            EvidenceUploads.Check(errors, file);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (found.Achieved)
        {
            return Failure.Conflict(AlreadyAchieved);
        }

        if (found.Open)
        {
            return Failure.Conflict(AlreadyClaimed);
        }

        var claim = new MilestoneClaim
        {
            CompanyId = companyId,
            MilestoneId = milestoneId,
            Status = ClaimStatus.Open,
            AchievedOn = day,
            EvidenceNote = note,
            EvidenceUrl = url,
            ClaimedByUserId = currentUser.RequiredUserId,
            ClaimedAt = now,
        };

        if (file is { Length: > 0 })
        {
            var stored = await uploads.StoreAsync(file, currentUser.RequiredTenantId, cancellationToken);
            if (!stored.IsOk)
            {
                return new Failure(stored.Kind, stored.Errors, stored.Message);
            }

            claim.Attach(stored.Value!);
        }

        db.MilestoneClaims.Add(claim);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Claimed at the same moment by someone else (the unique index of open claims).
            db.ChangeTracker.Clear();
            return Failure.Conflict(AlreadyClaimed);
        }

        return await FindAsync(claim.Id, cancellationToken);
    }

    /// <summary>Attaches (or replaces) the proof file of an open claim: the founders of its company,
    /// as they would have with the claim itself.</summary>
    public async Task<Outcome<ClaimDto>> AttachFileAsync(Guid claimId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!currentUser.IsFounder)
        {
            return Failure.Forbidden(OnlyFounders);
        }

        var claim = await db.MilestoneClaims.FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
        if (claim is null)
        {
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        EvidenceUploads.Check(errors, file);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (claim.Status != ClaimStatus.Open)
        {
            return Failure.Conflict($"This claim is already {MilestoneClaim.Wire(claim.Status)}.");
        }

        var stored = await uploads.StoreAsync(file!, currentUser.RequiredTenantId, cancellationToken);
        if (!stored.IsOk)
        {
            return new Failure(stored.Kind, stored.Errors, stored.Message);
        }

        claim.Attach(stored.Value!);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Failure.Conflict("This claim was decided by someone else. Reload and try again.");
        }

        return await FindAsync(claim.Id, cancellationToken);
    }

    /// <summary>Claims of one status (open by default), oldest first: the coaches' queue. Founders
    /// see only their own company's.</summary>
    public async Task<Outcome<IReadOnlyList<ClaimDto>>> ListAsync(string? status, int? limit, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var wanted = status is null ? ClaimStatus.Open : MilestoneClaim.Parse(status);
        if (wanted is null)
        {
            errors.Add("status", "One of open, approved, declined.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"Between 1 and {MaxLimit}.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        return await Project(db.MilestoneClaims.AsNoTracking().Where(c => c.Status == wanted!.Value)
                .OrderBy(c => c.ClaimedAt).ThenBy(c => c.Id)
                .Take(limit ?? DefaultLimit))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every claim of a company, newest first (for its milestones page).</summary>
    public async Task<List<ClaimDto>> OfCompanyAsync(Guid companyId, CancellationToken cancellationToken) =>
        await Project(db.MilestoneClaims.AsNoTracking().Where(c => c.CompanyId == companyId)
                .OrderByDescending(c => c.ClaimedAt).ThenByDescending(c => c.Id))
            .ToListAsync(cancellationToken);

    /// <summary>Approves an open claim: the milestone is marked achieved by this coach, on the
    /// claimed day or the corrected one, with the claim's note, link and file, and the claim is
    /// closed, all in one transaction (a refused mark leaves the claim open and nothing written).</summary>
    public async Task<Outcome<ClaimDto>> ApproveAsync(Guid claimId, ApproveClaimRequest request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsStaff)
        {
            return Failure.Forbidden(OnlyStaff);
        }

        var claim = await db.MilestoneClaims.FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
        if (claim is null)
        {
            return Failure.NotFound();
        }

        if (claim.Status != ClaimStatus.Open)
        {
            return Failure.Conflict($"This claim is already {MilestoneClaim.Wire(claim.Status)}.");
        }

        var facts = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(c => c.Id == claim.CompanyId)
            .Select(c => new
            {
                c.FoundedOn,
                Achieved = db.CompanyMilestones.Any(m => m.CompanyId == c.Id && m.MilestoneId == claim.MilestoneId && m.Status == MilestoneStatus.Achieved),
            })
            .FirstAsync(cancellationToken);

        var now = db.UtcNow;
        var day = request.AchievedOn ?? claim.AchievedOn;
        var errors = new ValidationErrors();
        CheckDay(errors, day, now, facts.FoundedOn);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (facts.Achieved)
        {
            return Failure.Conflict(AlreadyAchieved + " Decline the claim, or undo the milestone first.");
        }

        await using var transaction = await db.Database.BeginUnlessInTransactionAsync(cancellationToken);
        var marked = await progress.MarkAsync(
            claim.CompanyId, claim.MilestoneId,
            new MarkAchievedRequest("achieved", day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), claim.EvidenceNote, claim.EvidenceUrl, null),
            cancellationToken);
        if (!marked.IsOk)
        {
            return await AbandonAsync(transaction, new Failure(marked.Kind, marked.Errors, marked.Message), cancellationToken);
        }

        if (claim.File is { } file)
        {
            await progress.RecordEvidenceAsync(claim.CompanyId, claim.MilestoneId, file, claim.ClaimedByUserId, cancellationToken);
        }

        // A mark that met a concurrent one starts again from a cleared tracker: follow the claim.
        if (db.Entry(claim).State == EntityState.Detached)
        {
            db.MilestoneClaims.Attach(claim);
        }

        claim.Approve(currentUser.RequiredUserId, db.UtcNow, day);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await AbandonAsync(transaction, Failure.Conflict("This claim was decided by someone else. Reload and try again."), cancellationToken);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return await FindAsync(claim.Id, cancellationToken);
    }

    /// <summary>Declines an open claim with a reason the founder reads on their roadmap.</summary>
    public async Task<Outcome<ClaimDto>> DeclineAsync(Guid claimId, DeclineClaimRequest request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsStaff)
        {
            return Failure.Forbidden(OnlyStaff);
        }

        var claim = await db.MilestoneClaims.FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
        if (claim is null)
        {
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var reason = errors.Text("reason", request.Reason, MaxReasonLength, required: true, multiline: true);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (claim.Status != ClaimStatus.Open)
        {
            return Failure.Conflict($"This claim is already {MilestoneClaim.Wire(claim.Status)}.");
        }

        claim.Decline(currentUser.RequiredUserId, db.UtcNow, reason!);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Failure.Conflict("This claim was decided by someone else. Reload and try again.");
        }

        return await FindAsync(claim.Id, cancellationToken);
    }

    /// <summary>A claim's proof file, to users who may see the claim (founders: their company's).</summary>
    public async Task<EvidenceDownload?> OpenFileAsync(Guid claimId, CancellationToken cancellationToken)
    {
        var claim = await db.MilestoneClaims.AsNoTracking()
            .Where(c => c.Id == claimId && c.FileStorageKey != null)
            .Select(c => new { c.FileStorageKey, c.FileName, c.FileContentType })
            .FirstOrDefaultAsync(cancellationToken);
        if (claim is null)
        {
            return null;
        }

        var content = await uploads.OpenAsync(claim.FileStorageKey!, cancellationToken);
        return content is null ? null : new EvidenceDownload(content, claim.FileContentType!, EvidenceTypes.FileNameFor(claim.FileName!, claim.FileContentType!));
    }

    private async Task<Failure> AbandonAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction, Failure failure, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return failure;
    }

    private async Task<ClaimDto> FindAsync(Guid claimId, CancellationToken cancellationToken) =>
        await Project(db.MilestoneClaims.AsNoTracking().Where(c => c.Id == claimId)).FirstAsync(cancellationToken);

    /// <summary>The claimed day obeys the rules of an achievement's date (not in the future, not
    /// before the company was founded, not before <see cref="Instants.EarliestYear"/>): one place.</summary>
    private static void CheckDay(ValidationErrors errors, DateOnly day, DateTime now, DateOnly? foundedOn) =>
        MilestoneProgress.CheckAchievedAt(errors, day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), now, foundedOn, "achievedOn");

    /// <summary>Where the API serves a claim's file (made in memory, not by the database).</summary>
    public static string FileUrl(Guid claimId) => $"/api/v1/claims/{claimId}/file";

    private static IQueryable<ClaimDto> Project(IQueryable<MilestoneClaim> claims) =>
        claims.Select(c => new ClaimDto(
            c.Id,
            c.CompanyId,
            c.Company!.Name,
            c.MilestoneId,
            c.Milestone!.Title,
            c.Milestone.OrderIndex,
            c.Status == ClaimStatus.Open ? "open" : c.Status == ClaimStatus.Approved ? "approved" : "declined",
            c.AchievedOn,
            c.EvidenceNote,
            c.EvidenceUrl,
            c.FileStorageKey == null ? null : new ClaimFileDto(c.FileName!, c.FileContentType!, c.FileSizeBytes ?? 0, c.FileSha256!, FileUrl(c.Id)),
            new UserRef(c.ClaimedByUserId, c.ClaimedBy!.DisplayName),
            c.ClaimedAt,
            c.DecidedByUserId == null ? null : new UserRef(c.DecidedByUserId.Value, c.DecidedBy!.DisplayName),
            c.DecidedAt,
            c.ApprovedOn,
            c.DeclineReason));
}
