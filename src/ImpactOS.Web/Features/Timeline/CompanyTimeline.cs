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
/// cursor and the streams are merged, so a page deep in a long history costs what the first does.</summary>
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
        if (kinds.Contains(TimelineKind.Milestone))
        {
            await foreach (var m in MilestonesBefore(db, companyId, at, id, take).WithCancellation(cancellationToken))
            {
                items.Add(new TimelineItem(TimelineKind.Milestone, m.At, "Reached " + m.Title, m.Note, m.By, m.Id, Subject: m.Title));
            }
        }

        if (kinds.Contains(TimelineKind.Interaction))
        {
            await foreach (var i in InteractionsBefore(db, companyId, at, id, take).WithCancellation(cancellationToken))
            {
                items.Add(new TimelineItem(TimelineKind.Interaction, i.At, InteractionTitle(i.Kind, i.Coach, i.Subject), i.Notes, i.Coach, i.Id, KindName(i.Kind)));
            }
        }

        if (kinds.Contains(TimelineKind.Update))
        {
            await foreach (var u in UpdatesBefore(db, companyId, at, id, take).WithCancellation(cancellationToken))
            {
                items.Add(new TimelineItem(TimelineKind.Update, u.At, $"Submitted {u.Period} update: {u.Summary}", Metrics(u.Revenue, u.RevenueGrowthPct, u.Headcount, u.CashRunwayMonths), u.By, u.Id));
            }
        }

        if (kinds.Contains(TimelineKind.Program))
        {
            items.AddRange(await ProgramEntriesAsync(companyId, at, id, cancellationToken));
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
    private sealed record MilestoneRow(DateTime At, string Title, string? Note, string? By, Guid Id);

    private sealed record InteractionRow(InteractionKind Kind, DateTime At, string Subject, string? Notes, Guid Id, string? Coach);

    private sealed record UpdateRow(string Period, DateTime At, string Summary, decimal? Revenue, double? RevenueGrowthPct, int? Headcount, double? CashRunwayMonths, Guid Id, string? By);

    private static readonly Func<AppDbContext, Guid, DateTime, Guid, int, IAsyncEnumerable<MilestoneRow>> MilestonesBefore =
        EF.CompileAsyncQuery((AppDbContext db, Guid companyId, DateTime at, Guid id, int take) =>
            db.CompanyMilestones.AsNoTracking()
                .Where(m => m.CompanyId == companyId && m.Status == MilestoneStatus.Achieved && m.AchievedAt != null)
                .Where(m => m.AchievedAt <= at && (m.AchievedAt < at || m.Id.CompareTo(id) < 0))
                .OrderByDescending(m => m.AchievedAt).ThenByDescending(m => m.Id)
                .Take(take)
                .Select(m => new MilestoneRow(m.AchievedAt!.Value, m.Milestone!.Title, m.EvidenceNote, m.VerifiedBy == null ? null : m.VerifiedBy.DisplayName, m.Id)));

    private static readonly Func<AppDbContext, Guid, DateTime, Guid, int, IAsyncEnumerable<InteractionRow>> InteractionsBefore =
        EF.CompileAsyncQuery((AppDbContext db, Guid companyId, DateTime at, Guid id, int take) =>
            db.Interactions.AsNoTracking()
                .Where(i => i.CompanyId == companyId)
                .Where(i => i.OccurredAt <= at && (i.OccurredAt < at || i.Id.CompareTo(id) < 0))
                .OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id)
                .Take(take)
                .Select(i => new InteractionRow(i.Kind, i.OccurredAt, i.Subject, i.Notes, i.Id, db.Users.Where(u => u.Id == i.CoachUserId).Select(u => u.DisplayName).FirstOrDefault())));

    private static readonly Func<AppDbContext, Guid, DateTime, Guid, int, IAsyncEnumerable<UpdateRow>> UpdatesBefore =
        EF.CompileAsyncQuery((AppDbContext db, Guid companyId, DateTime at, Guid id, int take) =>
            db.CompanyUpdates.AsNoTracking()
                .Where(u => u.CompanyId == companyId)
                .Where(u => u.SubmittedAt <= at && (u.SubmittedAt < at || u.Id.CompareTo(id) < 0))
                .OrderByDescending(u => u.SubmittedAt).ThenByDescending(u => u.Id)
                .Take(take)
                .Select(u => new UpdateRow(u.Period, u.SubmittedAt, u.Summary, u.Revenue, u.RevenueGrowthPct, u.Headcount, u.CashRunwayMonths, u.Id, db.Users.Where(x => x.Id == u.SubmittedByUserId).Select(x => x.DisplayName).FirstOrDefault())));

    /// <summary>Times of the company's interactions in a window (for lead-ups that reach past the page).</summary>
    public async Task<IReadOnlyList<DateTime>> InteractionTimesAsync(Guid companyId, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        await db.Interactions.AsNoTracking()
            .Where(i => i.CompanyId == companyId && i.OccurredAt >= from && i.OccurredAt < to)
            .Select(i => i.OccurredAt)
            .ToListAsync(cancellationToken);

    /// <summary>Joins and exits, from the company's few enrolments (exits only once they have happened).</summary>
    private async Task<IEnumerable<TimelineItem>> ProgramEntriesAsync(Guid companyId, DateTime at, Guid id, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var enrolments = await db.ProgramEnrollments.AsNoTracking()
            .Where(e => e.CompanyId == companyId)
            .Select(e => new { e.Id, e.EnrolledOn, e.ExitedOn, Program = e.Program!.Name })
            .ToListAsync(cancellationToken);
        var entries = new List<TimelineItem>();
        foreach (var e in enrolments)
        {
            entries.Add(new TimelineItem(TimelineKind.Program, e.EnrolledOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), "Joined " + e.Program, null, null, e.Id, "joined"));
            if (e.ExitedOn is { } exited && exited.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) <= now)
            {
                entries.Add(new TimelineItem(TimelineKind.Program, exited.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), "Left " + e.Program, null, null, ExitKey(e.Id), "left"));
            }
        }

        return entries.Where(i => i.OccurredAt < at || (i.OccurredAt == at && i.RefId.CompareTo(id) < 0));
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
