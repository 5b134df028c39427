using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Demo;

/// <summary>A believable history for a demo portfolio, relative to the clock's now: programs and
/// enrolments, milestone achievements marked by the coaches (faster inside programs, so the reports
/// have something to show), coaching interactions that cluster before achievements, and quarterly
/// updates. Deterministic for a given seed and day.</summary>
internal sealed class DemoStory(IServiceProvider services, Guid tenantId, DateTime now, int seed)
{
    private readonly Random _random = new(seed);
    private readonly AppDbContext _db = services.GetRequiredService<AppDbContext>();
    private readonly CurrentUser _user = services.GetRequiredService<CurrentUser>();

    public sealed record ProgramPlan(string Name, string Description, DateOnly Starts, DateOnly? Ends, double Share);

    public async Task TellAsync(IReadOnlyList<ProgramPlan> programs, CancellationToken cancellationToken)
    {
        var companies = await _db.Companies.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.FoundedOn, c.MilestoneTrackId, c.CoachUserId })
            .ToListAsync(cancellationToken);
        var coaches = await _db.Users.AsNoTracking().Where(u => u.Role == Roles.Coach).OrderBy(u => u.Email).Select(u => u.Id).ToListAsync(cancellationToken);
        var founders = await _db.Users.AsNoTracking().Where(u => u.Role == Roles.Founder).ToDictionaryAsync(u => u.CompanyId!.Value, u => u.Id, cancellationToken);
        var steps = await _db.MilestoneDefinitions.AsNoTracking().OrderBy(m => m.OrderIndex)
            .Select(m => new { m.Id, m.TrackId, m.Title }).ToListAsync(cancellationToken);

        var windows = await EnrolAsync(programs, companies.Select(c => (c.Id, Founded: c.FoundedOn ?? DateOnly.FromDateTime(now.AddYears(-2)))).ToList(), cancellationToken);
        var progress = services.GetRequiredService<MilestoneProgress>();
        foreach (var company in companies)
        {
            var coach = company.CoachUserId ?? coaches[_random.Next(coaches.Count)];
            var founded = (company.FoundedOn ?? DateOnly.FromDateTime(now.AddYears(-2))).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var pace = 0.55 + (_random.NextDouble() * 1.1);
            var at = founded;
            var achieved = new List<(DateTime At, string Title)>();
            foreach (var (step, index) in steps.Where(s => s.TrackId == company.MilestoneTrackId).Select((s, i) => (s, i)))
            {
                var inProgram = windows.GetValueOrDefault(company.Id, []).Any(w => w.Start <= at && (w.End is null || at < w.End));
                var days = StepDays(index) * pace * Jitter() * (inProgram ? 0.6 : 1.0);
                at = at.AddDays(days).AddHours(9 + _random.Next(8));
                if (at > now.AddDays(-2))
                {
                    break;
                }

                _user.ActAsTenant(tenantId, coach, Roles.Coach);
                var marked = await progress.MarkAsync(company.Id, step.Id, new MarkAchievedRequest("achieved", at, Note(step.Title), null, null), cancellationToken);
                if (!marked.IsOk)
                {
                    throw new InvalidOperationException($"Demo achievement for {company.Name}: {string.Join("; ", marked.Errors?.SelectMany(e => e.Value) ?? [])}");
                }

                achieved.Add((at, step.Title));
            }

            AddInteractions(company.Id, coach, founded, achieved);
            AddUpdates(company.Id, founders.GetValueOrDefault(company.Id), founded);
        }

        _user.ActAsTenant(tenantId);
        await _db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Typical days per step, growing along the track (early validation is quick, rounds are slow).</summary>
    private static double StepDays(int index) => index switch
    {
        0 => 60,
        1 => 90,
        2 => 100,
        3 => 140,
        4 => 130,
        5 => 190,
        6 => 210,
        7 => 240,
        8 => 300,
        9 => 360,
        _ => 420,
    };

    /// <summary>A right-skewed factor around 1 (log-normal-ish).</summary>
    private double Jitter() => Math.Exp((_random.NextDouble() + _random.NextDouble() + _random.NextDouble() - 1.5) * 0.6);

    private async Task<Dictionary<Guid, List<(DateTime Start, DateTime? End)>>> EnrolAsync(IReadOnlyList<ProgramPlan> plans, IReadOnlyList<(Guid Id, DateOnly Founded)> companies, CancellationToken cancellationToken)
    {
        var windows = new Dictionary<Guid, List<(DateTime, DateTime?)>>();
        var today = DateOnly.FromDateTime(now);
        foreach (var plan in plans)
        {
            var program = new SupportProgram { Name = plan.Name, Description = plan.Description, StartsOn = plan.Starts, EndsOn = plan.Ends, CreatedAt = now };
            _db.Programs.Add(program);
            foreach (var (id, founded) in companies)
            {
                if (_random.NextDouble() > plan.Share || plan.Starts > today || founded >= plan.Starts.AddDays(-30))
                {
                    continue;
                }

                var enrolled = plan.Starts.AddDays(_random.Next(0, 10));
                DateOnly? exited = plan.Ends is { } ends && ends < today ? ends.AddDays(-_random.Next(0, 5)) : null;
                if (exited is { } e && e <= enrolled)
                {
                    continue;
                }

                _db.ProgramEnrollments.Add(new ProgramEnrollment { ProgramId = program.Id, CompanyId = id, EnrolledOn = enrolled, ExitedOn = exited, CreatedAt = now });
                if (!windows.TryGetValue(id, out var list))
                {
                    windows[id] = list = [];
                }

                list.Add((enrolled.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), exited?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
            }
        }

        await _db.SaveChangesAsync(cancellationToken);
        return windows;
    }

    private static readonly string[] MeetingTopics =
    [
        "Discussed go-to-market plan", "Pricing experiments review", "Customer interview debrief", "Investor pipeline review",
        "Hiring plan for the next two quarters", "Product roadmap prioritisation", "Unit economics deep dive", "Board deck rehearsal",
        "Partnership strategy", "Sales funnel review", "Fundraising narrative", "Team and culture check-in",
    ];

    private static readonly string[] EmailTopics = ["Intro to a pilot customer", "Follow-up on action items", "Shared term sheet template", "Sent investor intros"];

    /// <summary>Coaching every few weeks for the last 14 months, denser in the month before each achievement.</summary>
    private void AddInteractions(Guid companyId, Guid coach, DateTime founded, List<(DateTime At, string Title)> achieved)
    {
        var start = founded > now.AddMonths(-14) ? founded.AddDays(7) : now.AddMonths(-14);
        for (var day = start; day < now; day = day.AddDays(14 + _random.Next(0, 21)))
        {
            AddInteraction(companyId, coach, day.AddHours(10 + _random.Next(7)), InteractionKind.Meeting, MeetingTopics[_random.Next(MeetingTopics.Length)]);
            if (_random.NextDouble() < 0.35)
            {
                AddInteraction(companyId, coach, day.AddDays(2).AddHours(15), InteractionKind.Email, EmailTopics[_random.Next(EmailTopics.Length)]);
            }
        }

        foreach (var (at, title) in achieved.Where(a => a.At > start))
        {
            for (var i = 0; i < 2 + _random.Next(3); i++)
            {
                var kind = i % 2 == 0 ? InteractionKind.Meeting : InteractionKind.Call;
                AddInteraction(companyId, coach, at.AddDays(-3 - _random.Next(25)).AddHours(_random.Next(-3, 3)), kind, $"Working session towards {title}");
            }
        }
    }

    private void AddInteraction(Guid companyId, Guid coach, DateTime at, InteractionKind kind, string subject)
    {
        if (at >= now)
        {
            return;
        }

        _db.Interactions.Add(new Interaction
        {
            CompanyId = companyId,
            Kind = kind,
            OccurredAt = at,
            Subject = subject,
            Notes = kind == InteractionKind.Meeting ? "Agreed next steps and owners; follow-up in two weeks." : null,
            CoachUserId = coach,
            CreatedAt = at,
        });
    }

    /// <summary>Quarterly updates for the last six quarters the company existed in.</summary>
    private void AddUpdates(Guid companyId, Guid founder, DateTime founded)
    {
        var revenue = 2_000m + _random.Next(0, 20_000);
        var headcount = 2 + _random.Next(0, 4);
        var quarterStart = new DateTime(now.Year, ((now.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-18);
        for (var q = quarterStart; q.AddMonths(3) <= now; q = q.AddMonths(3))
        {
            if (q < founded)
            {
                continue;
            }

            var growth = Math.Round((_random.NextDouble() * 45) - 5, 1);
            revenue = Math.Round(revenue * (1 + ((decimal)growth / 100)), 0);
            headcount += _random.Next(0, 3);
            var submitted = q.AddMonths(3).AddDays(5 + _random.Next(10)).AddHours(11);
            if (submitted >= now)
            {
                continue;
            }

            var period = $"{q.Year}-Q{((q.Month - 1) / 3) + 1}";
            _db.CompanyUpdates.Add(new CompanyUpdate
            {
                CompanyId = companyId,
                Period = period,
                SubmittedAt = submitted,
                Summary = $"{period} update: revenue {(growth >= 0 ? "+" : "")}{growth}% quarter on quarter; team of {headcount}.",
                Revenue = revenue,
                RevenueGrowthPct = growth,
                Headcount = headcount,
                CashRunwayMonths = Math.Round(6 + (_random.NextDouble() * 18), 1),
                SubmittedByUserId = founder == Guid.Empty ? null : founder,
                CreatedAt = submitted,
            });
        }
    }

    private string? Note(string milestone) => _random.Next(4) switch
    {
        0 => $"Reviewed the evidence for “{milestone}” with the founders.",
        1 => "Verified in our weekly session; documents on file.",
        _ => null,
    };
}
