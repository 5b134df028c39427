using System.Globalization;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>One address of the user's history: when it was made and, once revoked, when.</summary>
public sealed record CalendarFeedAddressDto(Guid Id, DateTime CreatedAt, DateTime? RevokedAt);

/// <summary>The signed-in user's feed: whether an address is active, and every address they had.</summary>
public sealed record CalendarFeedDto(bool Active, DateTime? ActiveSince, IReadOnlyList<CalendarFeedAddressDto> History);

/// <summary>A new address, shown this once (only its hash is kept).</summary>
public sealed record IssuedCalendarFeedDto(Guid Id, string Url, DateTime CreatedAt);

/// <summary>The account a feed token belongs to, found before any tenant is known.</summary>
public sealed record CalendarFeedOwner(Guid UserId, Guid TenantId);

/// <summary>Each user's subscribable calendar: their companies' achieved milestones and program
/// windows, at a secret address. The signed-in user makes, rotates and revokes the address; a
/// calendar app fetches it without signing in, and the feed then holds exactly what that user
/// would see signed in (the tenant filter and row-level security of the token's tenant, and a
/// founder's company scope).</summary>
public sealed class CalendarFeeds(AppDbContext db, CurrentUser currentUser, FeatureFlags flags, LinkGenerator links, IHttpContextAccessor http)
{
    /// <summary>The path of the feed route; the token sits between it and ".ics".</summary>
    public const string RoutePrefix = "/feeds/";

    public async Task<CalendarFeedDto> GetAsync(CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        var history = await db.CalendarFeedTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new CalendarFeedAddressDto(t.Id, t.CreatedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
        var active = history.FirstOrDefault(h => h.RevokedAt is null);
        return new CalendarFeedDto(active is not null, active?.CreatedAt, history);
    }

    /// <summary>Makes a new address and revokes the active one, if any, in the same save (create
    /// and rotate are one act). Two at once: the second is a conflict (the active-address index).</summary>
    public async Task<Outcome<IssuedCalendarFeedDto>> IssueAsync(CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        var now = db.UtcNow;
        foreach (var active in await db.CalendarFeedTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(cancellationToken))
        {
            active.RevokedAt = now;
        }

        // The revocation is saved first: the active-address index must not see two at once.
        await db.SaveChangesAsync(cancellationToken);
        var token = CalendarFeedToken.NewToken();
        var row = new CalendarFeedToken { UserId = userId, TokenHash = CalendarFeedToken.Hash(token), CreatedAt = now };
        db.CalendarFeedTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedCalendarFeedDto(row.Id, UrlOf(token), row.CreatedAt);
    }

    /// <summary>Revokes the active address (nothing to do when there is none): its URL answers 404 from now on.</summary>
    public async Task<Outcome<bool>> RevokeAsync(CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        var active = await db.CalendarFeedTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var row in active)
        {
            row.RevokedAt = db.UtcNow;
        }

        await db.SaveChangesAsync(cancellationToken);
        return active.Count > 0;
    }

    /// <summary>The feed a token opens, as iCalendar text; not found for a token that is unknown,
    /// revoked, or whose account is deactivated. The request is anonymous: the token names the
    /// account and its organization, and everything after runs as that account.</summary>
    public async Task<Outcome<string>> WriteFeedAsync(string token, CancellationToken cancellationToken)
    {
        if (!CalendarFeedToken.IsWellFormed(token) || await FindOwnerAsync(token, cancellationToken) is not { } owner)
        {
            return Failure.NotFound();
        }

        // The account is read inside its own organization (no role yet), as sign-in reads it.
        currentUser.ActAsAccount(owner.TenantId, owner.UserId);
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == owner.UserId && u.ArchivedAt == null)
            .Select(u => new { u.Role, u.CompanyId })
            .FirstOrDefaultAsync(cancellationToken);
        if (account is null || !Roles.IsTenantRole(account.Role))
        {
            return Failure.NotFound();
        }

        currentUser.ActAsTenant(owner.TenantId, owner.UserId, account.Role, account.Role == Roles.Founder ? account.CompanyId : null);
        var organization = await db.Tenants.AsNoTracking().Where(t => t.Id == owner.TenantId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        var events = await EventsAsync(cancellationToken);
        return CalendarFeedWriter.Write("ImpactOS: " + organization, events, db.UtcNow);
    }

    /// <summary>The entries the current user may see: achieved milestones of the companies they see
    /// (only while milestones are on, as on the timeline) and those companies' program windows.</summary>
    private async Task<List<FeedEvent>> EventsAsync(CancellationToken cancellationToken)
    {
        var events = new List<FeedEvent>();
        if (await flags.MilestonesEnabledAsync(cancellationToken))
        {
            var milestones = await (
                from m in db.CompanyMilestones.AsNoTracking()
                where m.Status == MilestoneStatus.Achieved && m.AchievedAt != null
                join c in db.Companies.AsNoTracking() on m.CompanyId equals c.Id
                orderby m.AchievedAt, m.Id
                select new { m.Id, AchievedAt = m.AchievedAt!.Value, Step = m.Milestone!.Title, CompanyId = c.Id, Company = c.Name })
                .ToListAsync(cancellationToken);
            events.AddRange(milestones.Select(m => FeedEvent.AllDay(
                $"milestone-{m.Id}@impactos",
                $"{m.Company}: {m.Step}",
                DateOnly.FromDateTime(m.AchievedAt),
                $"{m.Company} reached {m.Step}.",
                CompanyUrl(m.CompanyId))));
        }

        var windows = await (
            from e in db.ProgramEnrollments.AsNoTracking()
            join c in db.Companies.AsNoTracking() on e.CompanyId equals c.Id
            orderby e.EnrolledOn, e.Id
            select new { e.Id, e.EnrolledOn, e.ExitedOn, Program = e.Program!.Name, ProgramEndsOn = e.Program.EndsOn, CompanyId = c.Id, Company = c.Name })
            .ToListAsync(cancellationToken);
        foreach (var w in windows)
        {
            events.Add(ProgramWindow($"enrollment-{w.Id}@impactos", w.Company, w.Program, w.EnrolledOn, w.ExitedOn, w.ProgramEndsOn, CompanyUrl(w.CompanyId)));
        }

        return events;
    }

    /// <summary>A company's time in a program as all-day days: to its exit (exclusive, as the
    /// enrolment keeps it); while ongoing, to the program's last day; an ongoing enrolment in a
    /// program without an end is its day of joining only, as the feed cannot show "until later".</summary>
    public static FeedEvent ProgramWindow(string uid, string company, string program, DateOnly enrolledOn, DateOnly? exitedOn, DateOnly? programEndsOn, Uri? url)
    {
        var until = exitedOn ?? (programEndsOn is { } last && last >= enrolledOn ? last.AddDays(1) : (DateOnly?)null);
        return until is { } end
            ? FeedEvent.Days(uid, $"{company} in {program}", enrolledOn, end, $"{company} is enrolled in {program} from {Day(enrolledOn)}" + (exitedOn is { } exit ? $" until {Day(exit)} (exclusive)." : $", ongoing; the program ends on {Day(end.AddDays(-1))}."), url)
            : FeedEvent.AllDay(uid, $"{company} joined {program}", enrolledOn, $"{company} joined {program} on {Day(enrolledOn)}; the enrolment is ongoing.", url);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The company's profile on the host the feed was fetched from.</summary>
    private Uri? CompanyUrl(Guid companyId) =>
        http.HttpContext is { } context && links.GetUriByPage(context, "/Companies/Details", handler: null, values: new { id = companyId }) is { } url
            ? new Uri(url)
            : null;

    /// <summary>The token's account and organization: the one question asked across organizations
    /// (on PostgreSQL through a narrow function that answers these two ids for an active token).</summary>
    private async Task<CalendarFeedOwner?> FindOwnerAsync(string token, CancellationToken cancellationToken)
    {
        var hash = CalendarFeedToken.Hash(token);
        var found = db is PostgresAppDbContext
            ? await db.Database.SqlQueryRaw<OwnerRow>($"SELECT user_id, tenant_id FROM {PostgresRowLevelSecurity.CalendarFeedOwnerFunction}({{0}})", hash)
                .Select(o => new CalendarFeedOwner(o.UserId, o.TenantId)).ToListAsync(cancellationToken)
            : await db.CalendarFeedTokens.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
                .Where(t => t.TokenHash == hash && t.RevokedAt == null)
                .Select(t => new CalendarFeedOwner(t.UserId, t.TenantId)).ToListAsync(cancellationToken);
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The feed's address on the host the user is on (as a password-reset link is made).</summary>
    private string UrlOf(string token)
    {
        var request = (http.HttpContext ?? throw new InvalidOperationException("An address is made in a request.")).Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}{RoutePrefix}{token}.ics";
    }

    private sealed class OwnerRow
    {
        public Guid UserId { get; set; }
        public Guid TenantId { get; set; }
    }
}
