using ImpactOS.Core.Velocity;
using ImpactOS.Web.Analytics;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Velocity;

public sealed record PortfolioQuery(Guid? TrackId = null, Guid? ProgramId = null, Guid? CoachId = null, string? Status = null, string? Sort = null, string? Q = null, string? Cursor = null, int? Limit = null, DateTime? AsOf = null);

public sealed record PortfolioRow(
    Guid CompanyId,
    string Name,
    Guid TrackId,
    string TrackTitle,
    int Achieved,
    int Steps,
    Guid? NextMilestoneId,
    string? NextMilestone,
    double? DaysInStep,
    double? MedianDays,
    double? P75Days,
    double? Percentile,
    string Status,
    DateTime? ProjectedAt,
    Guid? CoachUserId = null,
    string? CoachName = null,
    DateTime? LastInteractionAt = null,
    double? DaysSinceLastInteraction = null,
    double? DaysOverMedian = null,
    double? Chance90Days = null,
    double? Chance90DaysCiLow = null,
    double? Chance90DaysCiHigh = null,
    DateOnly? OutcomeOn = null,
    string CohortSource = Velocity.CohortSource.Own);

public sealed record TrackStatusCount(Guid TrackId, string TrackTitle, IReadOnlyDictionary<string, int> ByStatus);

public sealed record PortfolioPage(DateTime AsOf, int Total, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyList<TrackStatusCount> ByTrack, IReadOnlyList<PortfolioRow> Items, string? NextCursor);

/// <summary>The portfolio: every active company with its current step and its velocity chip,
/// computed from the cached track snapshots (one Kaplan–Meier pass per track, not per company).</summary>
public sealed class Portfolio(AppDbContext db, PortfolioLookups lookups, TrackSnapshots snapshots, NetworkBenchmarks network, Settings.OrganizationSettings settings, ReportClock clock)
{
    /// <summary>The status codes, most severe first (see <see cref="VelocityStatusTerm"/>).</summary>
    public static readonly IReadOnlyList<string> Statuses = VelocityStatusTerm.All.Select(t => t.Code).ToList();

    /// <summary>The orders the list can be read in: by name, most behind first, longest in step first,
    /// most likely to reach the next milestone within 90 days first.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["name", "behind", "days", "chance90"];

    /// <summary>A row's place in the list's order (and the cursor after it): the severity rank, a
    /// score within it (smaller first), then name and id to break ties.</summary>
    private sealed record Position(int Rank, double Score, string Name, Guid Id);

    public async Task<Outcome<PortfolioPage>> ListAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(errors, query.Limit);
        if (!Cursor.TryDecode<Position>(query.Cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this list gave out.");
        }

        if (query.Status is not null && !Statuses.Contains(query.Status))
        {
            errors.Add("status", "One of " + string.Join(", ", Statuses) + ".");
        }

        var sort = string.IsNullOrEmpty(query.Sort) ? "name" : query.Sort;
        if (!Sorts.Contains(sort))
        {
            errors.Add("sort", "One of " + string.Join(", ", Sorts) + ".");
        }

        var search = errors.Text("q", query.Q, 200)?.ToLowerInvariant();
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var asOf = clock.AsOf(query.AsOf);
        var tracks = (await lookups.GetAsync(cancellationToken)).TracksInUse;
        HashSet<Guid>? inProgram = null;
        if (query.ProgramId is { } programId)
        {
            inProgram = (await db.ProgramEnrollments.AsNoTracking().Where(e => e.ProgramId == programId).Select(e => e.CompanyId).ToListAsync(cancellationToken)).ToHashSet();
        }

        var filtered = inProgram is not null || query.CoachId is not null || query.Status is not null || search is not null;
        bool Matches(SortedRow entry) =>
            (inProgram is null || inProgram.Contains(entry.Row.CompanyId))
            && (query.CoachId is null || query.CoachId == entry.CoachUserId)
            && (query.Status is null || query.Status == entry.Row.Status)
            && (search is null || entry.Row.Name.Contains(search, StringComparison.OrdinalIgnoreCase));

        var ordered = new List<(Guid Id, string Title, TrackSnapshot Snapshot, TrackRows Rows)>();
        foreach (var track in tracks.OrderBy(t => t.Title, StringComparer.Ordinal))
        {
            var snapshot = await snapshots.GetAsync(track.Id, cancellationToken);
            ordered.Add((track.Id, track.Title, snapshot, snapshot.Memoize("portfolio:" + sort, asOf, result => SortedRows(snapshot, result, sort, null))));
        }

        await CompareWithNetworkAsync(ordered, sort, asOf, cancellationToken);
        var candidates = new List<(SortedRow Entry, string TrackTitle)>();
        var byTrack = new List<TrackStatusCount>();
        var totals = Statuses.ToDictionary(s => s, _ => 0);
        var total = 0;
        foreach (var (trackId, trackTitle, _, rows) in ordered)
        {
            byTrack.Add(new TrackStatusCount(trackId, trackTitle, rows.Counts));
            if (query.TrackId is { } only && only != trackId)
            {
                continue;
            }

            // Each track's rows are already in order: the page is among the first limit + 1
            // matching rows after the cursor of each, so only those few are merged.
            var start = after is null ? 0 : FirstAfter(rows.Rows, after);
            if (!filtered)
            {
                total += rows.Rows.Count;
                foreach (var (status, count) in rows.Counts)
                {
                    totals[status] += count;
                }

                candidates.AddRange(rows.Rows.Skip(start).Take(limit + 1).Select(r => (r, trackTitle)));
                continue;
            }

            var taken = 0;
            for (var i = 0; i < rows.Rows.Count; i++)
            {
                var entry = rows.Rows[i];
                if (!Matches(entry))
                {
                    continue;
                }

                total++;
                totals[entry.Row.Status]++;
                if (i >= start && taken <= limit)
                {
                    candidates.Add((entry, trackTitle));
                    taken++;
                }
            }
        }

        var page = candidates.OrderBy(x => x.Entry.Key, PositionOrder.Instance).Take(limit + 1).ToList();
        var next = page.Count > limit ? Cursor.Encode(page[limit - 1].Entry.Key) : null;
        var items = page.Take(limit).Select(x => x.Entry.Row with { TrackTitle = x.TrackTitle }).ToList();
        return new PortfolioPage(asOf, total, totals, byTrack, await WithCoachingAsync(items, asOf, cancellationToken), next);
    }

    /// <summary>The rows of tracks with companies at "not enough data" recomputed against the
    /// network's cohort of their step where the organization contributes and the network shows it
    /// (<see cref="CohortChoice"/>, as the company card does). Costs nothing where every company has
    /// a status of its own: the network is not even asked.</summary>
    private async Task CompareWithNetworkAsync(List<(Guid Id, string Title, TrackSnapshot Snapshot, TrackRows Rows)> tracks, string sort, DateTime asOf, CancellationToken cancellationToken)
    {
        var waiting = tracks.Select((t, i) => (t, i)).Where(x => x.t.Rows.Counts[VelocityStatusTerm.NotEnoughData.Code] > 0).ToList();
        if (waiting.Count == 0 || !await settings.ContributesToNetworkAsync(cancellationToken))
        {
            return;
        }

        var trackIds = waiting.Select(x => x.t.Id).ToList();
        var lineage = await db.MilestoneDefinitions.AsNoTracking().Where(m => trackIds.Contains(m.TrackId))
            .Lineage().ToListAsync(cancellationToken);
        var benchmark = await network.GetAsync(new NetworkKey(asOf), cancellationToken);
        var steps = lineage
            .Where(m => m.Standard is { } standard && benchmark.Benchmark.Steps.TryGetValue(standard, out var step) && step.IsShown)
            .ToDictionary(m => m.Id, m => benchmark.Benchmark.Steps[m.Standard!.Value]);
        if (steps.Count == 0)
        {
            return;
        }

        foreach (var (track, index) in waiting)
        {
            var snapshot = track.Snapshot;
            tracks[index] = track with { Rows = snapshot.Memoize($"portfolio:{sort}:network:{benchmark.Version}", asOf, result => SortedRows(snapshot, result, sort, steps)) };
        }
    }

    /// <summary>Who coaches each company on the page and when they last met: one query for the
    /// page, not per row (the snapshot holds velocity, not the coaching log).</summary>
    private async Task<IReadOnlyList<PortfolioRow>> WithCoachingAsync(List<PortfolioRow> items, DateTime asOf, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return items;
        }

        var ids = items.Select(r => r.CompanyId).ToList();
        var coaching = await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id,
                c.CoachUserId,
                CoachName = db.Users.Where(u => u.Id == c.CoachUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Last = db.Interactions.Where(i => i.CompanyId == c.Id && i.OccurredAt <= asOf).Max(i => (DateTime?)i.OccurredAt),
            })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        return items.Select(row => coaching.TryGetValue(row.CompanyId, out var c)
            ? row with
            {
                CoachUserId = c.CoachUserId,
                CoachName = c.CoachName,
                LastInteractionAt = c.Last,
                DaysSinceLastInteraction = c.Last is { } last ? (asOf - last).TotalDays : null,
            }
            : row).ToList();
    }

    private sealed record SortedRow(Position Key, PortfolioRow Row, Guid? CoachUserId);

    /// <summary>A track's active companies in the list's order, and how many have each status.</summary>
    private sealed record TrackRows(IReadOnlyList<SortedRow> Rows, IReadOnlyDictionary<string, int> Counts);

    /// <summary>A track's active companies as rows, in the list's order; kept with the snapshot.
    /// With <paramref name="networkSteps"/> (the network's cohort by the track's milestone id), a
    /// company without a status of its own is compared with the network's.</summary>
    private static TrackRows SortedRows(TrackSnapshot snapshot, PortfolioVelocity result, string sort, IReadOnlyDictionary<Guid, NetworkStep>? networkSteps)
    {
        var rows = new List<SortedRow>();
        var counts = Statuses.ToDictionary(s => s, _ => 0);
        foreach (var own in result.Companies)
        {
            var company = snapshot.Companies[own.CompanyId];
            if (company.ArchivedAt is null)
            {
                var network = networkSteps is not null && own.NextMilestone is { } next && networkSteps.TryGetValue(next.MilestoneId, out var step)
                    ? CohortChoice.AgainstNetwork(result.Track, own, step)
                    : null;
                var row = ToRow(company, snapshot.TrackId, "", snapshot.Milestones.Count, network ?? own)
                    with { CohortSource = network is null ? CohortSource.Own : CohortSource.Network };
                rows.Add(new SortedRow(KeyOf(row, sort), row, company.CoachUserId));
                counts[row.Status]++;
            }
        }

        rows.Sort((a, b) => PositionOrder.Instance.Compare(a.Key, b.Key));
        return new TrackRows(rows, counts);
    }

    /// <summary>The index of the first row strictly after the cursor (binary search).</summary>
    private static int FirstAfter(IReadOnlyList<SortedRow> rows, Position after)
    {
        int low = 0, high = rows.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (PositionOrder.Instance.Compare(rows[mid].Key, after) > 0)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    /// <summary>Every matching row (for CSV), in the same order.</summary>
    public async Task<Outcome<IReadOnlyList<PortfolioRow>>> AllAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<PortfolioRow>();
        var cursor = (string?)null;
        do
        {
            var page = await ListAsync(query with { Cursor = cursor, Limit = Cursor.MaxLimit }, cancellationToken);
            if (!page.IsOk)
            {
                return new Failure(page.Kind, page.Errors, page.Message);
            }

            rows.AddRange(page.Value!.Items.Select(ForPeople));
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        return rows;
    }

    /// <summary>A row as its CSV column shows it: the numbers rounded for the person who opens it.</summary>
    private static PortfolioRow ForPeople(PortfolioRow row) => row with
    {
        DaysInStep = CsvOutput.Hundredths(row.DaysInStep),
        MedianDays = CsvOutput.Hundredths(row.MedianDays),
        P75Days = CsvOutput.Hundredths(row.P75Days),
        Percentile = CsvOutput.Hundredths(row.Percentile),
        DaysSinceLastInteraction = CsvOutput.Hundredths(row.DaysSinceLastInteraction),
        DaysOverMedian = CsvOutput.Hundredths(row.DaysOverMedian),
        Chance90Days = CsvOutput.Probability(row.Chance90Days),
        Chance90DaysCiLow = CsvOutput.Probability(row.Chance90DaysCiLow),
        Chance90DaysCiHigh = CsvOutput.Probability(row.Chance90DaysCiHigh),
    };

    private static PortfolioRow ToRow(TrackCompany company, Guid trackId, string trackTitle, int steps, CompanyVelocity v)
    {
        var chance90 = v.ChanceWithin?.Days90;
        return new(company.Id, company.Name, trackId, trackTitle, v.Steps.Count, steps,
            v.NextMilestone?.MilestoneId, v.NextMilestone?.Title,
            v.DaysInStep, v.Cohort?.MedianDays, v.Cohort?.P75Days, v.Percentile,
            VelocityStatusTerm.Of(v.Status).Code, v.ProjectedAt,
            DaysOverMedian: v.DaysInStep is { } days && v.Cohort?.MedianDays is { } median && VelocityStatusTerm.Of(v.Status).AgainstCohort
                ? days - median
                : null,
            Chance90Days: chance90?.P,
            Chance90DaysCiLow: chance90?.CiLow,
            Chance90DaysCiHigh: chance90?.CiHigh,
            OutcomeOn: VelocityStatusTerm.Of(v.Status).Closed ? company.OutcomeOn : null);
    }

    /// <summary>The row's place in the list. "Most behind" first: by status severity, then by how
    /// far past the median the company is (days in step ÷ median), then by name. "Days": longest in
    /// its step first (companies without an open step last), then by name. "Chance within 90 days":
    /// the most likely to reach their next milestone within 90 days first, those without a forecast
    /// last, then by name.</summary>
    private static Position KeyOf(PortfolioRow row, string sort)
    {
        switch (sort)
        {
            case "behind":
                var rank = Statuses.ToList().IndexOf(row.Status);
                var overrun = row.DaysInStep is { } days && row.MedianDays is > 0 ? days / row.MedianDays.Value : 0;
                return new Position(rank, -overrun, row.Name, row.CompanyId);
            case "days":
                return row.DaysInStep is { } inStep
                    ? new Position(0, -inStep, row.Name, row.CompanyId)
                    : new Position(1, 0, row.Name, row.CompanyId);
            case "chance90":
                return row.Chance90Days is { } chance
                    ? new Position(0, -chance, row.Name, row.CompanyId)
                    : new Position(1, 0, row.Name, row.CompanyId);
            default:
                return new Position(0, 0, row.Name, row.CompanyId);
        }
    }

    private sealed class PositionOrder : IComparer<Position>
    {
        public static readonly PositionOrder Instance = new();

        public int Compare(Position? x, Position? y)
        {
            var c = x!.Rank.CompareTo(y!.Rank);
            if (c == 0)
            {
                c = x.Score.CompareTo(y.Score);
            }

            if (c == 0)
            {
                c = string.Compare(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);
            }

            return c != 0 ? c : x.Id.CompareTo(y.Id);
        }
    }
}
