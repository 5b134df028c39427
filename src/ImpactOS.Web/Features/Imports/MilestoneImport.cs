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
    IReadOnlyList<string> NewCompanies,
    int DomainsAdded = 0,
    int OutcomesChanged = 0)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Ok => Errors.Count == 0;
}

/// <summary>Brings a portfolio's milestone history in from CSV: companies matched by external id
/// (else by name) and created when new; milestones by title within the track; every rule of marking
/// by hand applied to every row, and every problem reported. All or nothing, in one transaction;
/// importing the same file again changes nothing. The file is read twice, as a stream: once to
/// check every row (keeping only the companies and which milestones each row gives), then again to
/// write a batch of rows at a time, so memory holds the plan, never the file's text.</summary>
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
        ["domains"] = "domains",
        ["outcome"] = "outcome",
        ["outcomeOn"] = "outcome_on",
    };

    /// <summary>Companies a lookup asks for at once: SQLite takes at most 32,766 values in one
    /// statement, PostgreSQL 65,535; an organization's own export may name more companies.</summary>
    private const int LookupBatch = 1000;

    /// <summary>Rows written by one save, so the change tracker never holds a whole large file.</summary>
    private const int SaveBatch = 500;

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

        /// <summary>A new company is inserted with the first batch that has one of its rows.</summary>
        public bool Inserted { get; set; }

        /// <summary>Email domains the file gives it that it does not have yet (added, never removed).</summary>
        public List<string> NewDomains { get; } = [];

        /// <summary>How many domains it has already.</summary>
        public int KnownDomains { get; init; }

        public bool DomainsSaved { get; set; }

        /// <summary>Its outcome before the import; a closed company's achievements cannot change
        /// unless the file reopens it.</summary>
        public CompanyOutcome CurrentOutcome { get; init; }

        public DateOnly? CurrentOutcomeOn { get; init; }

        /// <summary>The outcome the file gives it (set after its achievements), and the row that first gave it.</summary>
        public (CompanyOutcome Outcome, DateOnly? On, int Row)? NewOutcome { get; set; }

        /// <summary>Its latest achievement in the file: an outcome cannot be before it.</summary>
        public DateTime? LatestInFile { get; set; }

        public bool MilestonesLocked => CurrentOutcome != CompanyOutcome.Active && NewOutcome?.Outcome != CompanyOutcome.Active;

        public bool OutcomeChanges => NewOutcome is { } o && (o.Outcome != CurrentOutcome || o.On != CurrentOutcomeOn);
    }

    /// <summary>What a row says, once checked: complete when it has no problems.</summary>
    /// <summary>What a row says, once checked: complete when it has no problems. A row of an outcome
    /// only has no milestone.</summary>
    private readonly record struct RowPlan(int Row, CompanyPlan? Company, Guid MilestoneId, DateTime? AchievedAt, string? Note, string? Url)
    {
        public bool OutcomeOnly => MilestoneId == default;
    }

    private sealed record Counts(int Created, int Updated, int Unchanged);

    /// <summary>Reads <paramref name="csv"/> (UTF-8, seekable: it is read twice), checks every row,
    /// and (unless a dry run) writes it all in one transaction holding the organization's import
    /// lock, so imports side by side run one after the other and a repeat finds what the first created.</summary>
    public async Task<ImportResult> ImportAsync(Stream csv, bool dryRun, CancellationToken cancellationToken)
    {
        if (!csv.CanSeek)
        {
            throw new ArgumentException("The import reads the file twice; give it a seekable stream (a file, a buffered body).", nameof(csv));
        }

        // A dry run writes nothing, so it needs no lock; an import looks companies up under it.
        await using var transaction = dryRun ? null : await ImportLock.BeginAsync(db, currentUser.RequiredTenantId, cancellationToken);
        var planner = await Planner.LoadAsync(db, cancellationToken);
        var errors = new List<ImportError>();
        var rows = await CheckAsync(csv, planner, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result(rows, errors, dryRun);
        }

        csv.Position = 0;
        var counts = await ApplyAsync(csv, planner, errors, dryRun, cancellationToken);
        var outcomesChanged = errors.Count == 0 ? await ApplyOutcomesAsync(planner, errors, dryRun, cancellationToken) : 0;
        if (errors.Count > 0)
        {
            // Only a row whose check depends on a later row, on what the company has already or on
            // its outcome can fail here; the transaction is not committed.
            return Result(rows, errors, dryRun);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        var newCompanies = planner.NewCompanies;
        return new ImportResult(rows, newCompanies.Count, counts.Created, counts.Updated, counts.Unchanged, [], dryRun, newCompanies.Select(c => c.Name).Take(100).ToList(), planner.DomainsAdded, outcomesChanged);
    }

    /// <summary>The first pass: every row checked, every problem reported (up to <see cref="MaxErrors"/>);
    /// answers the number of rows. Keeps the companies and, per row, only which milestone it gives.</summary>
    private static async Task<int> CheckAsync(Stream csv, Planner planner, List<ImportError> errors, CancellationToken cancellationToken)
    {
        var given = new Dictionary<(Guid Company, Guid Milestone), int>();
        var rows = 0;
        await foreach (var row in MilestoneCsv.ReadAsync(csv, errors, cancellationToken))
        {
            rows++;
            if (errors.Count >= MaxErrors)
            {
                errors.Add(new ImportError(row.Row, "", $"Stopped after {MaxErrors} problems; fix these first."));
                break;
            }

            var problems = new ValidationErrors();
            var plan = planner.Interpret(row, problems);
            if (plan.Company is { } company && plan.MilestoneId != default && given.TryGetValue((company.Id, plan.MilestoneId), out var earlier))
            {
                problems.Add("milestone", $"Row {earlier} already gives this company's “{row.Milestone!.Trim()}”.");
            }

            if (problems.Any)
            {
                Report(errors, row, problems);
                continue;
            }

            if (!plan.OutcomeOnly)
            {
                given[(plan.Company!.Id, plan.MilestoneId)] = row.Row;
            }
        }

        return rows;
    }

    /// <summary>The second pass: works out what changes (and, unless a dry run, makes the changes)
    /// a batch of rows at a time: one lookup of their companies' achievements, one save, then the
    /// batch is let go.</summary>
    private async Task<Counts> ApplyAsync(Stream csv, Planner planner, List<ImportError> errors, bool dryRun, CancellationToken cancellationToken)
    {
        var counts = new Counts(0, 0, 0);
        var batch = new List<RowPlan>(SaveBatch);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await foreach (var row in MilestoneCsv.ReadAsync(csv, errors, cancellationToken))
            {
                var problems = new ValidationErrors();
                var plan = planner.Interpret(row, problems);
                if (problems.Any)
                {
                    // A founding date given by a later row of a new company can make an earlier row too early.
                    Report(errors, row, problems);
                }

                if (errors.Count >= MaxErrors)
                {
                    break;
                }

                if (errors.Count > 0)
                {
                    // Nothing more will be written; keep reading only for the report.
                    continue;
                }

                batch.Add(plan);
                if (batch.Count == SaveBatch)
                {
                    counts = await ApplyBatchAsync(batch, counts, planner.Now, errors, dryRun, cancellationToken);
                    batch.Clear();
                }
            }

            return errors.Count == 0 && batch.Count > 0 ? await ApplyBatchAsync(batch, counts, planner.Now, errors, dryRun, cancellationToken) : counts;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private async Task<Counts> ApplyBatchAsync(List<RowPlan> batch, Counts counts, DateTime now, List<ImportError> errors, bool dryRun, CancellationToken cancellationToken)
    {
        var existingIds = batch.Select(p => p.Company!).Where(c => !c.IsNew).Select(c => c.Id).Distinct().ToList();
        // A dry run changes nothing, so it need not track what it reads.
        var source = dryRun ? db.CompanyMilestones.AsNoTracking() : db.CompanyMilestones;
        var rows = new Dictionary<(Guid Company, Guid Milestone), CompanyMilestone>();
        foreach (var ids in existingIds.Chunk(LookupBatch))
        {
            foreach (var existing in await source.Where(m => ids.Contains(m.CompanyId)).ToListAsync(cancellationToken))
            {
                rows[(existing.CompanyId, existing.MilestoneId)] = existing;
            }
        }

        var (created, updated, unchanged) = counts;
        var changes = new List<MilestoneEvent>();
        var newRows = new List<CompanyMilestone>();
        foreach (var plan in batch)
        {
            if (plan.OutcomeOnly)
            {
                continue;
            }

            if (!rows.TryGetValue((plan.Company!.Id, plan.MilestoneId), out var row))
            {
                row = new CompanyMilestone { CompanyId = plan.Company.Id, MilestoneId = plan.MilestoneId, Status = MilestoneStatus.Pending, LoggedAt = now };
                newRows.Add(row);
            }

            var wasAchieved = row.Status == MilestoneStatus.Achieved;
            if (row.Achieve(plan.AchievedAt!.Value, plan.Note, plan.Url, currentUser.UserId, now) is { } change)
            {
                if (plan.Company.MilestonesLocked)
                {
                    // A closed company's achievements as they are re-import as unchanged (an export
                    // of it does); changing one needs it reopened first, by the file or by hand.
                    errors.Add(new ImportError(plan.Row, Columns["milestone"], ArchivedCompany.ReopenFirst));
                    continue;
                }

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

        if (!dryRun && errors.Count == 0)
        {
            var companies = batch.Select(p => p.Company!).Where(c => c.IsNew && !c.Inserted).Distinct().ToList();
            db.Companies.AddRange(companies.Select(c => NewCompany(c, now)));
            var withDomains = batch.Select(p => p.Company!).Where(c => c.NewDomains.Count > 0 && !c.DomainsSaved).Distinct().ToList();
            db.CompanyDomains.AddRange(withDomains.SelectMany(c => c.NewDomains.Select(d => new CompanyDomain { CompanyId = c.Id, Domain = d, CreatedAt = now })));
            db.CompanyMilestones.AddRange(newRows.Where(r => r.Status == MilestoneStatus.Achieved));
            db.ChangeTracker.DetectChanges();
            db.MilestoneEvents.AddRange(changes);
            await db.SaveChangesAsync(cancellationToken);
            companies.ForEach(c => c.Inserted = true);
            withDomains.ForEach(c => c.DomainsSaved = true);
            // The import is the request's only writer. Detaching entity by entity still left every
            // saved batch reachable (measured: about 1 KB a row); clearing lets it go.
            db.ChangeTracker.Clear();
        }

        return new Counts(created, updated, unchanged);
    }

    /// <summary>After the achievements: each company's outcome from the file, checked against its
    /// latest achievement (already stored or in the file) and recorded with its history, as
    /// <see cref="CompanyOutcomes"/> records a change by hand. Answers how many companies change.</summary>
    private async Task<int> ApplyOutcomesAsync(Planner planner, List<ImportError> errors, bool dryRun, CancellationToken cancellationToken)
    {
        var withOutcome = planner.Companies.Where(c => c.NewOutcome is not null).ToList();
        if (withOutcome.Count == 0)
        {
            return 0;
        }

        var latest = new Dictionary<Guid, DateTime>();
        foreach (var ids in withOutcome.Where(c => !c.IsNew).Select(c => c.Id).Chunk(LookupBatch))
        {
            var found = await db.CompanyMilestones.AsNoTracking()
                .Where(m => ids.Contains(m.CompanyId) && m.Status == MilestoneStatus.Achieved && m.AchievedAt != null)
                .GroupBy(m => m.CompanyId)
                .Select(g => new { CompanyId = g.Key, Latest = g.Max(m => m.AchievedAt!.Value) })
                .ToListAsync(cancellationToken);
            foreach (var f in found)
            {
                latest[f.CompanyId] = f.Latest;
            }
        }

        var today = DateOnly.FromDateTime(planner.Now);
        foreach (var company in withOutcome)
        {
            var (outcome, on, row) = company.NewOutcome!.Value;
            DateTime? last = latest.TryGetValue(company.Id, out var stored) ? stored : null;
            if (company.LatestInFile is { } inFile && (last is null || inFile > last))
            {
                last = inFile;
            }

            var problems = new ValidationErrors();
            CompanyOutcomes.Check(problems, CompanyOutcomes.Code(outcome), on, today, company.FoundedOn, last, "outcome", "outcomeOn");
            errors.AddRange(problems.ToDictionary().SelectMany(p => p.Value.Select(m => new ImportError(row, Columns.GetValueOrDefault(p.Key, p.Key), m))));
        }

        var changing = withOutcome.Where(c => c.OutcomeChanges).ToList();
        if (errors.Count > 0 || dryRun || changing.Count == 0)
        {
            return errors.Count > 0 ? 0 : changing.Count;
        }

        foreach (var ids in changing.Select(c => c.Id).Chunk(LookupBatch))
        {
            var entities = await db.Companies.Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
            foreach (var entity in entities)
            {
                var (outcome, on, _) = changing.First(c => c.Id == entity.Id).NewOutcome!.Value;
                if (CompanyOutcomes.Record(entity, outcome, on, currentUser.UserId, planner.Now) is { } change)
                {
                    db.CompanyOutcomeEvents.Add(change);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return changing.Count;
    }

    private static Company NewCompany(CompanyPlan plan, DateTime now) =>
        Company.Create(plan.Name, plan.Industry, plan.FoundedOn, plan.ExternalId, plan.TrackId, coachUserId: null, now, plan.Id);

    private static void Report(List<ImportError> errors, MilestoneCsvRow row, ValidationErrors problems) =>
        errors.AddRange(problems.ToDictionary().SelectMany(p => p.Value.Select(m => new ImportError(row.Row, Columns.GetValueOrDefault(p.Key, p.Key), m))));

    /// <summary>The organization's tracks, milestones and companies, and the companies the file
    /// names (found or to be created): how a row is understood, the same in both passes.</summary>
    private sealed class Planner
    {
        private readonly Dictionary<string, Guid> _trackByTitle;
        private readonly Dictionary<Guid, string> _trackTitle;
        private readonly Dictionary<(Guid Track, string Title), Guid> _milestoneByTitle;
        private readonly CompanyMatcher _companies;
        private readonly Dictionary<string, CompanyPlan> _plans = new(StringComparer.Ordinal);

        /// <summary>Domains the file gives to a company, and the row that first gave each.</summary>
        private readonly Dictionary<string, (CompanyPlan Company, int Row)> _domainClaims = new(StringComparer.Ordinal);

        private Planner(DateTime now, List<(Guid Id, string Title)> tracks, List<(Guid Id, Guid TrackId, string Title)> milestones, CompanyMatcher companies)
        {
            Now = now;
            _trackByTitle = tracks.GroupBy(t => Key(t.Title)).ToDictionary(g => g.Key, g => g.First().Id);
            _trackTitle = tracks.ToDictionary(t => t.Id, t => t.Title);
            _milestoneByTitle = milestones.GroupBy(m => (m.TrackId, Key(m.Title))).ToDictionary(g => g.Key, g => g.First().Id);
            _companies = companies;
        }

        public DateTime Now { get; }

        public List<CompanyPlan> NewCompanies => _plans.Values.Where(p => p.IsNew).ToList();

        public IEnumerable<CompanyPlan> Companies => _plans.Values;

        public int DomainsAdded => _plans.Values.Sum(p => p.NewDomains.Count);

        public static async Task<Planner> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            var tracks = await db.MilestoneTracks.AsNoTracking().Select(t => new { t.Id, t.Title }).ToListAsync(cancellationToken);
            var milestones = await db.MilestoneDefinitions.AsNoTracking().Select(m => new { m.Id, m.TrackId, m.Title }).ToListAsync(cancellationToken);
            var companies = await CompanyMatcher.LoadAsync(db, cancellationToken);
            return new Planner(db.UtcNow, tracks.Select(t => (t.Id, t.Title)).ToList(), milestones.Select(m => (m.Id, m.TrackId, m.Title)).ToList(), companies);
        }

        /// <summary>Checks a row against every rule, adding what is wrong to <paramref name="problems"/>.</summary>
        public RowPlan Interpret(MilestoneCsvRow row, ValidationErrors problems)
        {
            var today = DateOnly.FromDateTime(Now);
            var foundedOn = Instants.ParseDay(problems, "foundedOn", row.FoundedOn);
            var (name, industry, externalId) = CompanyDirectory.CheckFields(problems, row.Company, row.Industry, row.ExternalId, foundedOn, today, nameRequired: false);
            if (name is null && externalId is null && !problems.Any)
            {
                problems.Add("name", "Give the company's name or its external_id.");
            }

            Guid? trackId = null;
            if (!string.IsNullOrWhiteSpace(row.Track))
            {
                trackId = _trackByTitle.TryGetValue(Key(row.Track), out var found) ? found : null;
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

            if (company is not null && !string.IsNullOrWhiteSpace(row.Domains))
            {
                ClaimDomains(problems, row, company);
            }

            CheckOutcome(problems, row, company, today);
            if (row.OutcomeOnly)
            {
                return new RowPlan(row.Row, company, default, null, null, null);
            }

            Guid milestoneId = default;
            if (string.IsNullOrWhiteSpace(row.Milestone))
            {
                problems.Add("milestone", "Required.");
            }
            else if (company is not null && !_milestoneByTitle.TryGetValue((company.TrackId, Key(row.Milestone)), out milestoneId))
            {
                problems.Add("milestone", $"No milestone “{row.Milestone.Trim()}” on the track “{_trackTitle.GetValueOrDefault(company.TrackId)}”.");
            }

            var achievedAt = Instants.ParseInstant(problems, "achievedAt", row.AchievedAt);
            if (achievedAt is { } at)
            {
                MilestoneProgress.CheckAchievedAt(problems, at, Now, company?.FoundedOn);
            }

            var note = problems.Text("evidenceNote", row.EvidenceNote, MilestoneProgress.MaxNoteLength, multiline: true);
            var url = problems.HttpUrl("evidenceUrl", row.EvidenceUrl);
            if (company is not null && achievedAt is { } achieved && !problems.Any && (company.LatestInFile is null || achieved > company.LatestInFile))
            {
                company.LatestInFile = achieved;
            }

            return new RowPlan(row.Row, company, milestoneId, achievedAt, note, url);
        }

        /// <summary>The row's outcome for its company (optional): checked as the form checks it;
        /// every row that gives one must give the same. Whether its day is after the company's
        /// latest achievement is checked once all rows are read.</summary>
        private static void CheckOutcome(ValidationErrors problems, MilestoneCsvRow row, CompanyPlan? company, DateOnly today)
        {
            if (string.IsNullOrWhiteSpace(row.Outcome))
            {
                if (!string.IsNullOrWhiteSpace(row.OutcomeOn))
                {
                    problems.Add("outcome", "Give the outcome (" + string.Join(", ", CompanyOutcomes.Codes) + ") with its day.");
                }

                return;
            }

            var on = Instants.ParseDay(problems, "outcomeOn", row.OutcomeOn);
            if (problems.Has("outcomeOn"))
            {
                return;
            }

            var (outcome, day) = CompanyOutcomes.Check(problems, row.Outcome, on, today, company?.FoundedOn, latestAchievement: null, "outcome", "outcomeOn");
            if (problems.Any || company is null)
            {
                return;
            }

            if (company.NewOutcome is { } given && given.Row != row.Row && (given.Outcome != outcome || given.On != day))
            {
                problems.Add("outcome", $"Row {given.Row} gives this company another outcome.");
                return;
            }

            company.NewOutcome ??= (outcome, day, row.Row);
        }

        /// <summary>The row's domains for its company: checked like the form's, none another
        /// company's (in the organization or earlier in the file); new ones are kept to be added.</summary>
        private void ClaimDomains(ValidationErrors problems, MilestoneCsvRow row, CompanyPlan company)
        {
            foreach (var domain in CompanyDomains.Check(problems, "domains", CompanyDomains.Split(row.Domains)))
            {
                if (_companies.OwnerOf(domain) is { } owner)
                {
                    if (owner.Id != company.Id)
                    {
                        problems.Add("domains", $"{domain} is already the domain of “{owner.Name}”.");
                    }
                }
                else if (_domainClaims.TryGetValue(domain, out var claim))
                {
                    if (claim.Company != company)
                    {
                        problems.Add("domains", $"Row {claim.Row} gives {domain} to another company.");
                    }
                }
                else
                {
                    _domainClaims[domain] = (company, row.Row);
                    company.NewDomains.Add(domain);
                }
            }

            if (company.KnownDomains + company.NewDomains.Count > CompanyDomains.MaxPerCompany && !problems.Has("domains"))
            {
                problems.Add("domains", $"A company has at most {CompanyDomains.MaxPerCompany} domains.");
            }
        }

        private CompanyPlan? ResolveCompany(ValidationErrors problems, MilestoneCsvRow row, string? name, string? externalId, string? industry, DateOnly? foundedOn, Guid? trackId)
        {
            var key = externalId is not null ? "id:" + externalId : "name:" + Key(name!);
            if (_plans.TryGetValue(key, out var planned))
            {
                if (planned.IsNew && trackId is { } t && t != planned.TrackId)
                {
                    problems.Add("track", $"Row {planned.FirstRow} puts this company on another track.");
                }
                else if (!planned.IsNew && trackId is { } current && current != planned.TrackId)
                {
                    problems.Add("track", $"The company is on the track “{_trackTitle.GetValueOrDefault(planned.TrackId)}”; change its track first.");
                }

                if (planned.IsNew && foundedOn is not null && planned.FoundedOn is not null && foundedOn != planned.FoundedOn)
                {
                    problems.Add("foundedOn", $"Row {planned.FirstRow} gives another founding date.");
                }

                planned.FoundedOn ??= foundedOn;
                planned.Industry ??= industry;
                return planned;
            }

            var (existing, ambiguous) = _companies.Find(externalId, name);
            if (ambiguous)
            {
                problems.Add("name", CompanyMatch.SeveralWithThisName);
                return null;
            }

            if (existing is not null)
            {
                // A closed company is not refused here: its achievements as they are re-import as
                // unchanged, and the file may reopen it (checked when the rows are applied).
                if (ArchivedCompany.RefuseChanges(existing.ArchivedAt) is { } archived)
                {
                    problems.Add(externalId is not null ? "externalId" : "name", archived.Message!);
                    return null;
                }

                if (trackId is { } given && given != existing.MilestoneTrackId)
                {
                    problems.Add("track", $"The company is on the track “{_trackTitle.GetValueOrDefault(existing.MilestoneTrackId)}”; change its track first.");
                    return null;
                }

                return _plans[key] = new CompanyPlan { Id = existing.Id, Name = existing.Name, ExternalId = existing.ExternalId, FoundedOn = existing.FoundedOn, TrackId = existing.MilestoneTrackId, FirstRow = row.Row, KnownDomains = _companies.DomainCount(existing.Id), CurrentOutcome = existing.Outcome, CurrentOutcomeOn = existing.OutcomeOn };
            }

            if (name is null)
            {
                problems.Add("name", "A new company needs a name.");
                return null;
            }

            return _plans[key] = new CompanyPlan
            {
                Id = Guid.CreateVersion7(),
                IsNew = true,
                Name = name,
                ExternalId = externalId,
                Industry = industry,
                FoundedOn = foundedOn,
                TrackId = trackId ?? Company.DefaultTrackId,
                FirstRow = row.Row,
            };
        }
    }

    private static ImportResult Result(int rows, List<ImportError> errors, bool dryRun) => new(rows, 0, 0, 0, 0, errors, dryRun, []);

    /// <summary>Tracks and milestones are matched by title as companies are by name.</summary>
    private static string Key(string value) => CompanyMatcher.Key(value);
}
