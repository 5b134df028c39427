using System.Text.Json.Serialization;
using ImpactOS.Core.Timeline;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Timeline;

/// <param name="Subject">What the entry is about, to name it in a sentence ("Problem Validation" for "Reached Problem Validation"); not in the API.</param>
public sealed record TimelineItem(
    [property: System.Text.Json.Serialization.JsonConverter(typeof(TimelineKindJsonConverter))] TimelineKind Kind,
    DateTime OccurredAt,
    string Title,
    string? Detail,
    string? Actor,
    Guid RefId,
    string? SubKind = null,
    [property: System.Text.Json.Serialization.JsonIgnore] string? Subject = null);

public sealed record TimelineQuery(string? Kinds = null, string? Cursor = null, int? Limit = null);

/// <summary>One newest-first stream of a company's milestones, interactions, updates and program
/// windows. Pages by keyset on (occurredAt, id): each source is read from its index with the same
/// cursor, all in one query, and the streams are merged, so a page deep in a long history costs
/// what the first does.</summary>
public sealed class CompanyTimeline(AppDbContext db, FeatureFlags flags)
{
    /// <remarks>The JSON names stay one letter: cursors stay short, and those already handed out stay valid.</remarks>
    private sealed record Position([property: JsonPropertyName("T")] long OccurredAtTicks, [property: JsonPropertyName("I")] Guid RefId);

    private static readonly DateTime FarFuture = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The API's read: kinds as the words it documents, separated by commas.</summary>
    public async Task<Outcome<Page<TimelineItem>>> ListAsync(Guid companyId, TimelineQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var kinds = ParseKinds(query.Kinds, errors);
        return await ListAsync(companyId, kinds, query.Cursor, query.Limit, errors, cancellationToken);
    }

    /// <summary>A page of the entries of these kinds (milestones only while the feature is on).</summary>
    public Task<Outcome<Page<TimelineItem>>> ListAsync(Guid companyId, IReadOnlySet<TimelineKind> kinds, string? cursor, int? limit, CancellationToken cancellationToken) =>
        ListAsync(companyId, kinds, cursor, limit, new ValidationErrors(), cancellationToken);

    private async Task<Outcome<Page<TimelineItem>>> ListAsync(Guid companyId, IReadOnlySet<TimelineKind> wanted, string? cursor, int? pageSize, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(errors, pageSize);
        if (!Cursor.TryDecode<Position>(cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this timeline gave out.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        // While the feature is off, milestone entries are hidden (never deleted).
        var kinds = wanted.ToHashSet();
        if (!await flags.MilestonesEnabledAsync(cancellationToken))
        {
            kinds.Remove(TimelineKind.Milestone);
        }

        // Without a cursor, everything up to the end of time (a year far beyond any data).
        var at = after is null ? FarFuture : new DateTime(after.OccurredAtTicks, DateTimeKind.Utc);
        var id = after?.RefId ?? Guid.Empty;
        var take = limit + 1;
        var items = new List<TimelineItem>();
        var now = db.UtcNow;
        await foreach (var row in SourcesBefore(db, companyId, at, id, take,
                           kinds.Contains(TimelineKind.Milestone), kinds.Contains(TimelineKind.Interaction), kinds.Contains(TimelineKind.Update), kinds.Contains(TimelineKind.Program), 0m, 0d, 0, default)
                           .WithCancellation(cancellationToken))
        {
            switch (row.Source)
            {
                case MilestoneSource:
                    items.Add(new TimelineItem(TimelineKind.Milestone, row.At!.Value, "Reached " + row.Title, row.Text, row.Actor, row.Id, Subject: row.Title));
                    break;
                case InteractionSource:
                    items.Add(new TimelineItem(TimelineKind.Interaction, row.At!.Value, InteractionTitle(row.Kind!.Value, row.Actor, row.Title!), row.Text, row.Actor, row.Id, KindName(row.Kind!.Value)));
                    break;
                case UpdateSource:
                    items.Add(new TimelineItem(TimelineKind.Update, row.At!.Value, $"Submitted {row.Period} update: {row.Title}", Metrics(row.Revenue, row.Growth, row.Headcount, row.Runway), row.Actor, row.Id));
                    break;
                default:
                    AddProgramEntries(items, row, now, at, id);
                    break;
            }
        }

        // Every source is filtered by tenant and company scope, so an entry proves the company is
        // there for this user; only an empty page needs to ask (404 for a company not theirs).
        if (items.Count == 0 && !await db.Companies.IgnoreQueryFilters([QueryFilters.Archived]).AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            return Failure.NotFound();
        }

        var page = items.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.RefId).Take(take).ToList();
        var next = page.Count > limit ? Cursor.Encode(new Position(page[limit - 1].OccurredAt.Ticks, page[limit - 1].RefId)) : null;
        return new Page<TimelineItem>(page.Take(limit).ToList(), next);
    }

    // The three long sources, newest first from a position: compiled once (EF skips translating
    // and caching the expression on every request; the query filters still apply per context).
    // Each is "after the cursor" as `t <= at AND (t < at OR id < cursorId)`: the first half is a
    // range on the (tenant, company, time, id) index, so a page deep in the history starts at the
    // cursor instead of filtering every newer row (a generic plan cannot do that with the plain
    // `t < at OR (t = at AND id < cursorId)`).
    private const int MilestoneSource = 0;
    private const int InteractionSource = 1;
    private const int UpdateSource = 2;
    private const int ProgramSource = 3;

    /// <summary>A row of any source: what each needs, the others' columns null. Enrolments carry
    /// their dates instead of a time (their join and exit entries are made here).</summary>
    /// <remarks>Built by member initialisation with every member in the same order in each part:
    /// that is how EF matches the parts' columns (a constructor call is a client projection).</remarks>
    private sealed class SourceRow
    {
        public int Source { get; init; }
        public DateTime? At { get; init; }
        public Guid Id { get; init; }
        public string? Title { get; init; }
        public string? Text { get; init; }
        public string? Actor { get; init; }
        public InteractionKind? Kind { get; init; }
        public string? Period { get; init; }
        public decimal? Revenue { get; init; }
        public double? Growth { get; init; }
        public int? Headcount { get; init; }
        public double? Runway { get; init; }
        public DateOnly? Enrolled { get; init; }
        public DateOnly? Exited { get; init; }
    }

    // Every source in one query (UNION ALL), one round trip: the three long ones newest first
    // from the position, each limited to a page (and each read from its index as before); the
    // company's few enrolments whole. A source not asked for is switched off by its parameter.
    // The parts must agree on each column's type. Interactions come first: EF reads a column as
    // its first part types it (the kind through its text conversion). A part without a number or
    // a date gives a NULL of that type (`take < 0 ? aDate : null`, never true, typed by the
    // parameter): in a part that is a subquery (those with a limit) PostgreSQL types a bare NULL
    // as text, and text does not unite with numeric or date.
    private static readonly Func<AppDbContext, Guid, DateTime, Guid, int, bool, bool, bool, bool, decimal, double, int, DateOnly, IAsyncEnumerable<SourceRow>> SourcesBefore =
        EF.CompileAsyncQuery((AppDbContext db, Guid companyId, DateTime at, Guid id, int take, bool milestones, bool interactions, bool updates, bool programs, decimal aDecimal, double aDouble, int anInt, DateOnly aDate) =>
            db.Interactions.AsNoTracking()
                .Where(i => interactions && i.CompanyId == companyId)
                .Where(i => i.OccurredAt <= at && (i.OccurredAt < at || i.Id.CompareTo(id) < 0))
                .OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id)
                .Take(take)
                .Select(i => new SourceRow
                {
                    Source = InteractionSource,
                    At = i.OccurredAt,
                    Id = i.Id,
                    Title = i.Subject,
                    Text = i.Notes,
                    Actor = db.Users.Where(u => u.Id == i.CoachUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    Kind = i.Kind,
                    Period = null,
                    Revenue = take < 0 ? aDecimal : null,
                    Growth = take < 0 ? aDouble : null,
                    Headcount = take < 0 ? anInt : null,
                    Runway = take < 0 ? aDouble : null,
                    Enrolled = take < 0 ? aDate : null,
                    Exited = take < 0 ? aDate : null,
                })
                .Concat(db.CompanyUpdates.AsNoTracking()
                    .Where(u => updates && u.CompanyId == companyId)
                    .Where(u => u.SubmittedAt <= at && (u.SubmittedAt < at || u.Id.CompareTo(id) < 0))
                    .OrderByDescending(u => u.SubmittedAt).ThenByDescending(u => u.Id)
                    .Take(take)
                    .Select(u => new SourceRow
                    {
                        Source = UpdateSource,
                        At = u.SubmittedAt,
                        Id = u.Id,
                        Title = u.Summary,
                        Text = null,
                        Actor = db.Users.Where(x => x.Id == u.SubmittedByUserId).Select(x => x.DisplayName).FirstOrDefault(),
                        Kind = null,
                        Period = u.Period,
                        Revenue = u.Revenue,
                        Growth = u.RevenueGrowthPct,
                        Headcount = u.Headcount,
                        Runway = u.CashRunwayMonths,
                        Enrolled = take < 0 ? aDate : null,
                        Exited = take < 0 ? aDate : null,
                    }))
                .Concat(db.ProgramEnrollments.AsNoTracking()
                    .Where(e => programs && e.CompanyId == companyId)
                    .Select(e => new SourceRow
                    {
                        Source = ProgramSource,
                        At = null,
                        Id = e.Id,
                        Title = e.Program!.Name,
                        Text = null,
                        Actor = null,
                        Kind = null,
                        Period = null,
                        Revenue = take < 0 ? aDecimal : null,
                        Growth = take < 0 ? aDouble : null,
                        Headcount = take < 0 ? anInt : null,
                        Runway = take < 0 ? aDouble : null,
                        Enrolled = e.EnrolledOn,
                        Exited = e.ExitedOn,
                    }))
                .Concat(db.CompanyMilestones.AsNoTracking()
                    .Where(m => milestones && m.CompanyId == companyId && m.Status == MilestoneStatus.Achieved && m.AchievedAt != null)
                    .Where(m => m.AchievedAt <= at && (m.AchievedAt < at || m.Id.CompareTo(id) < 0))
                    .OrderByDescending(m => m.AchievedAt).ThenByDescending(m => m.Id)
                    .Take(take)
                    .Select(m => new SourceRow
                    {
                        Source = MilestoneSource,
                        At = m.AchievedAt,
                        Id = m.Id,
                        Title = m.Milestone!.Title,
                        Text = m.EvidenceNote,
                        Actor = m.VerifiedBy == null ? null : m.VerifiedBy.DisplayName,
                        Kind = null,
                        Period = null,
                        Revenue = take < 0 ? aDecimal : null,
                        Growth = take < 0 ? aDouble : null,
                        Headcount = take < 0 ? anInt : null,
                        Runway = take < 0 ? aDouble : null,
                        Enrolled = take < 0 ? aDate : null,
                        Exited = take < 0 ? aDate : null,
                    })));

    /// <summary>Times of the company's interactions in a window (for lead-ups that reach past the page).</summary>
    public async Task<IReadOnlyList<DateTime>> InteractionTimesAsync(Guid companyId, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        await db.Interactions.AsNoTracking()
            .Where(i => i.CompanyId == companyId && i.OccurredAt >= from && i.OccurredAt < to)
            .Select(i => i.OccurredAt)
            .ToListAsync(cancellationToken);

    /// <summary>An enrolment's join and exit (once it has happened), those before the position.</summary>
    private static void AddProgramEntries(List<TimelineItem> items, SourceRow e, DateTime now, DateTime at, Guid id)
    {
        static bool Before(TimelineItem i, DateTime at, Guid id) => i.OccurredAt < at || (i.OccurredAt == at && i.RefId.CompareTo(id) < 0);

        var joined = new TimelineItem(TimelineKind.Program, e.Enrolled!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), "Joined " + e.Title, null, null, e.Id, "joined");
        if (Before(joined, at, id))
        {
            items.Add(joined);
        }

        if (e.Exited is { } exited && exited.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) <= now)
        {
            var left = new TimelineItem(TimelineKind.Program, exited.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), "Left " + e.Title, null, null, ExitKey(e.Id), "left");
            if (Before(left, at, id))
            {
                items.Add(left);
            }
        }
    }

    /// <summary>A stable identity for an enrolment's exit entry, distinct from its join entry.</summary>
    public static Guid ExitKey(Guid enrollmentId)
    {
        Span<byte> bytes = stackalloc byte[16];
        enrollmentId.TryWriteBytes(bytes, bigEndian: true, out _);
        bytes[15] ^= 0xFF;
        return new Guid(bytes, bigEndian: true);
    }

    public static StoryEntry ToStory(TimelineItem item) => new(item.Kind, item.OccurredAt, item.RefId, item.Subject ?? item.Title);

    private static HashSet<TimelineKind> ParseKinds(string? kinds, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(kinds))
        {
            return [.. TimelineKinds.All];
        }

        var set = new HashSet<TimelineKind>();
        foreach (var name in kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TimelineKinds.TryParse(name, out var kind))
            {
                set.Add(kind);
            }
            else
            {
                errors.Add("kinds", "Kinds are milestone, interaction, update and program, separated by commas.");
                break;
            }
        }

        return set;
    }

    public static string KindName(InteractionKind kind) => kind switch
    {
        InteractionKind.Meeting => "meeting",
        InteractionKind.Email => "email",
        InteractionKind.Call => "call",
        _ => "note",
    };

    private static string InteractionTitle(InteractionKind kind, string? coach, string subject)
    {
        var what = kind switch
        {
            InteractionKind.Meeting => "Meeting",
            InteractionKind.Email => "Email",
            InteractionKind.Call => "Call",
            _ => "Note",
        };
        return coach is null ? $"{what}: {subject}" : $"{what} with {coach}: {subject}";
    }

    private static string? Metrics(decimal? revenue, double? growth, int? headcount, double? runway)
    {
        var parts = new List<string>();
        if (revenue is { } r)
        {
            parts.Add(FormattableString.Invariant($"revenue {r:N0}"));
        }

        if (growth is { } g)
        {
            parts.Add(FormattableString.Invariant($"growth {(g >= 0 ? "+" : "")}{g:0.#}%"));
        }

        if (headcount is { } h)
        {
            parts.Add(FormattableString.Invariant($"headcount {h}"));
        }

        if (runway is { } m)
        {
            parts.Add(FormattableString.Invariant($"runway {m:0.#} months"));
        }

        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }
}
