using System.Globalization;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Imports;

public sealed record ImportResult(
    int Rows,
    int CompaniesCreated,
    int AchievementsCreated,
    int AchievementsUpdated,
    int Unchanged,
    IReadOnlyList<ImportError> Errors,
    bool DryRun,
    IReadOnlyList<string> NewCompanies)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Ok => Errors.Count == 0;
}

/// <summary>Brings a portfolio's milestone history in from CSV: companies matched by external id
/// (else by name) and created when new; milestones by title within the track; every rule of marking
/// by hand applied to every row, and every problem reported. All or nothing, in one transaction;
/// importing the same file again changes nothing.</summary>
public sealed class MilestoneImport(AppDbContext db, CurrentUser currentUser)
{
    public const long MaxBytes = 50 * 1024 * 1024;
    public const int MaxErrors = 1000;

    /// <summary>API field names → CSV columns, so shared validation reports in the file's terms.</summary>
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["name"] = "company",
        ["externalId"] = "external_id",
        ["industry"] = "industry",
        ["foundedOn"] = "founded_on",
        ["track"] = "track",
        ["milestone"] = "milestone",
        ["achievedAt"] = "achieved_at",
        ["evidenceNote"] = "evidence_note",
        ["evidenceUrl"] = "evidence_url",
    };

    private sealed class CompanyPlan
    {
        public Guid Id { get; init; }
        public bool IsNew { get; init; }
        public required string Name { get; init; }
        public string? ExternalId { get; set; }
        public string? Industry { get; set; }
        public DateOnly? FoundedOn { get; set; }
        public Guid TrackId { get; init; }
        public int FirstRow { get; init; }
    }

    private sealed record AchievementPlan(CompanyPlan Company, Guid MilestoneId, DateTime AchievedAt, string? Note, string? Url, int Row);

    public async Task<ImportResult> ImportAsync(TextReader csv, bool dryRun, CancellationToken cancellationToken)
    {
        var (rows, errors) = MilestoneCsv.Read(csv);
        if (errors.Count > 0)
        {
            return Result(rows.Count, errors, dryRun);
        }

        var now = db.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var tracks = await db.MilestoneTracks.AsNoTracking().Select(t => new { t.Id, t.Title }).ToListAsync(cancellationToken);
        var trackByTitle = tracks.GroupBy(t => Key(t.Title)).ToDictionary(g => g.Key, g => g.First().Id);
        var trackTitle = tracks.ToDictionary(t => t.Id, t => t.Title);
        var milestoneByTitle = (await db.MilestoneDefinitions.AsNoTracking().Select(m => new { m.Id, m.TrackId, m.Title }).ToListAsync(cancellationToken))
            .GroupBy(m => (m.TrackId, Key(m.Title))).ToDictionary(g => g.Key, g => g.First().Id);
        var companies = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Select(c => new { c.Id, c.Name, c.ExternalId, c.Industry, c.FoundedOn, c.MilestoneTrackId })
            .ToListAsync(cancellationToken);
        var byExternalId = companies.Where(c => c.ExternalId != null).ToDictionary(c => c.ExternalId!, c => c, StringComparer.Ordinal);
        var byName = companies.GroupBy(c => Key(c.Name)).ToDictionary(g => g.Key, g => g.ToList());

        var plans = new Dictionary<string, CompanyPlan>(StringComparer.Ordinal);
        var achievements = new Dictionary<(Guid Company, Guid Milestone), AchievementPlan>();
        foreach (var row in rows)
        {
            if (errors.Count >= MaxErrors)
            {
                errors.Add(new ImportError(row.Row, "", $"Stopped after {MaxErrors} problems; fix these first."));
                break;
            }

            var problems = new ValidationErrors();
            var foundedOn = ParseDate(problems, "foundedOn", row.FoundedOn);
            var (name, industry, externalId) = CompanyDirectory.CheckFields(problems, row.Company, row.Industry, row.ExternalId, foundedOn, today, nameRequired: false);
            if (name is null && externalId is null && !problems.Any)
            {
                problems.Add("name", "Give the company's name or its external_id.");
            }

            Guid? trackId = null;
            if (!string.IsNullOrWhiteSpace(row.Track))
            {
                trackId = trackByTitle.TryGetValue(Key(row.Track), out var found) ? found : null;
                if (trackId is null)
                {
                    problems.Add("track", $"No track called “{row.Track.Trim()}”.");
                }
            }

            CompanyPlan? company = null;
            if (!problems.Any)
            {
                company = ResolveCompany(problems, row, name, externalId, industry, foundedOn, trackId);
            }

            Guid milestoneId = default;
            if (string.IsNullOrWhiteSpace(row.Milestone))
            {
                problems.Add("milestone", "Required.");
            }
            else if (company is not null && !milestoneByTitle.TryGetValue((company.TrackId, Key(row.Milestone)), out milestoneId))
            {
                problems.Add("milestone", $"No milestone “{row.Milestone.Trim()}” on the track “{trackTitle.GetValueOrDefault(company.TrackId)}”.");
            }

            var achievedAt = ParseInstant(problems, row.AchievedAt);
            if (achievedAt is { } at)
            {
                MilestoneProgress.CheckAchievedAt(problems, at, now, company?.FoundedOn);
            }

            var note = problems.Text("evidenceNote", row.EvidenceNote, MilestoneProgress.MaxNoteLength, multiline: true);
            var url = problems.HttpUrl("evidenceUrl", row.EvidenceUrl);
            if (company is not null && milestoneId != default && achievements.TryGetValue((company.Id, milestoneId), out var earlier))
            {
                problems.Add("milestone", $"Row {earlier.Row} already gives this company's “{row.Milestone!.Trim()}”.");
            }

            if (problems.Any)
            {
                errors.AddRange(problems.ToDictionary().SelectMany(p => p.Value.Select(m => new ImportError(row.Row, Columns.GetValueOrDefault(p.Key, p.Key), m))));
                continue;
            }

            achievements[(company!.Id, milestoneId)] = new AchievementPlan(company, milestoneId, achievedAt!.Value, note, url, row.Row);
        }

        if (errors.Count > 0)
        {
            return Result(rows.Count, errors, dryRun);
        }

        return await ApplyAsync(rows.Count, plans.Values.Where(p => p.IsNew).ToList(), achievements.Values.ToList(), dryRun, now, cancellationToken);

        CompanyPlan? ResolveCompany(ValidationErrors problems, MilestoneCsvRow row, string? name, string? externalId, string? industry, DateOnly? foundedOn, Guid? trackId)
        {
            var key = externalId is not null ? "id:" + externalId : "name:" + Key(name!);
            if (plans.TryGetValue(key, out var planned))
            {
                if (planned.IsNew && trackId is { } t && t != planned.TrackId)
                {
                    problems.Add("track", $"Row {planned.FirstRow} puts this company on another track.");
                }
                else if (!planned.IsNew && trackId is { } current && current != planned.TrackId)
                {
                    problems.Add("track", $"The company is on the track “{trackTitle.GetValueOrDefault(planned.TrackId)}”; change its track first.");
                }

                if (planned.IsNew && foundedOn is not null && planned.FoundedOn is not null && foundedOn != planned.FoundedOn)
                {
                    problems.Add("foundedOn", $"Row {planned.FirstRow} gives another founding date.");
                }

                planned.FoundedOn ??= foundedOn;
                planned.Industry ??= industry;
                return planned;
            }

            var existing = externalId is not null
                ? byExternalId.GetValueOrDefault(externalId)
                : byName.TryGetValue(Key(name!), out var named) ? named.Count == 1 ? named[0] : null : null;
            if (existing is null && externalId is null && name is not null && byName.TryGetValue(Key(name), out var several) && several.Count > 1)
            {
                problems.Add("name", "Several companies have this name; add their external_id.");
                return null;
            }

            if (existing is not null)
            {
                if (trackId is { } given && given != existing.MilestoneTrackId)
                {
                    problems.Add("track", $"The company is on the track “{trackTitle.GetValueOrDefault(existing.MilestoneTrackId)}”; change its track first.");
                    return null;
                }

                return plans[key] = new CompanyPlan { Id = existing.Id, Name = existing.Name, ExternalId = existing.ExternalId, FoundedOn = existing.FoundedOn, TrackId = existing.MilestoneTrackId, FirstRow = row.Row };
            }

            if (name is null)
            {
                problems.Add("name", "A new company needs a name.");
                return null;
            }

            return plans[key] = new CompanyPlan
            {
                Id = Guid.CreateVersion7(),
                IsNew = true,
                Name = name,
                ExternalId = externalId,
                Industry = industry,
                FoundedOn = foundedOn,
                TrackId = trackId ?? SystemStandards.SaaS,
                FirstRow = row.Row,
            };
        }
    }

    /// <summary>Works out what changes (and, unless a dry run, makes them in one transaction).</summary>
    private async Task<ImportResult> ApplyAsync(int rowCount, List<CompanyPlan> newCompanies, List<AchievementPlan> achievements, bool dryRun, DateTime now, CancellationToken cancellationToken)
    {
        var existingIds = achievements.Where(a => !a.Company.IsNew).Select(a => a.Company.Id).Distinct().ToList();
        // A dry run changes nothing, so it need not track what it reads.
        var source = dryRun ? db.CompanyMilestones.AsNoTracking() : db.CompanyMilestones;
        var existing = await source.Where(m => existingIds.Contains(m.CompanyId)).ToListAsync(cancellationToken);
        var rows = existing.ToDictionary(m => (m.CompanyId, m.MilestoneId));
        int created = 0, updated = 0, unchanged = 0;
        var changes = new List<MilestoneEvent>();
        var newRows = new List<CompanyMilestone>();
        foreach (var plan in achievements)
        {
            if (!rows.TryGetValue((plan.Company.Id, plan.MilestoneId), out var row))
            {
                row = new CompanyMilestone { CompanyId = plan.Company.Id, MilestoneId = plan.MilestoneId, Status = MilestoneStatus.Pending, LoggedAt = now };
                newRows.Add(row);
            }

            var wasAchieved = row.Status == MilestoneStatus.Achieved;
            if (row.Achieve(plan.AchievedAt, plan.Note, plan.Url, currentUser.UserId, now) is { } change)
            {
                changes.Add(change);
                if (wasAchieved)
                {
                    updated++;
                }
                else
                {
                    created++;
                }
            }
            else
            {
                unchanged++;
            }
        }

        if (!dryRun && (newCompanies.Count > 0 || changes.Count > 0))
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginUnlessInTransactionAsync(cancellationToken);
            db.Companies.AddRange(newCompanies.Select(c => new Company
            {
                Id = c.Id,
                Name = c.Name,
                ExternalId = c.ExternalId,
                Industry = c.Industry,
                FoundedOn = c.FoundedOn,
                MilestoneTrackId = c.TrackId,
                CreatedAt = now,
                TrackStartedAt = now,
            }));
            db.CompanyMilestones.AddRange(newRows.Where(r => r.Status == MilestoneStatus.Achieved));
            db.ChangeTracker.DetectChanges();
            db.MilestoneEvents.AddRange(changes);
            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        return new ImportResult(rowCount, newCompanies.Count, created, updated, unchanged, [], dryRun, newCompanies.Select(c => c.Name).Take(100).ToList());
    }

    private static ImportResult Result(int rows, List<ImportError> errors, bool dryRun) => new(rows, 0, 0, 0, 0, errors, dryRun, []);

    /// <summary>How names and titles are matched: trimmed, runs of spaces as one, case-insensitive.</summary>
    private static string Key(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static DateOnly? ParseDate(ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "Not a date; write YYYY-MM-DD.");
        return null;
    }

    /// <summary>An ISO 8601 instant (a zone or Z; no zone means UTC), or a day (00:00 UTC).</summary>
    private static DateTime? ParseInstant(ValidationErrors errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add("achievedAt", "Required.");
            return null;
        }

        var text = value.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        if (text.Length >= 16 && text[4] == '-' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.UtcDateTime;
        }

        errors.Add("achievedAt", "Not a date or an instant; write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.");
        return null;
    }
}
