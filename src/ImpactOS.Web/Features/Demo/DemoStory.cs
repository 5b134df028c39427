using ImpactOS.Core.Velocity;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Timeline;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Demo;

/// <summary>A believable history for a demo portfolio, relative to the clock's now: the companies
/// with founding dates their history needs (<see cref="DemoTimeline"/>), programs and enrolments,
/// milestone achievements verified by the companies' coaches, coaching that runs every few weeks,
/// weekly in a program and denser before each milestone, and quarterly updates. Everything is
/// added in bulk, two saves in all. Deterministic for a given seed and instant.</summary>
internal sealed class DemoStory(IServiceProvider services, DateTime now, int seed)
{
    /// <summary>How far back the regular coaching rhythm and the lead-up to milestones go.</summary>
    private const int RhythmMonths = 18;
    private const int LeadUpMonths = 36;
    private const int UpdateQuarters = 8;

    private readonly Random _random = new(seed);
    private readonly AppDbContext _db = services.GetRequiredService<AppDbContext>();
    private readonly Dictionary<Guid, Guid> _coachOf = [];
    private IReadOnlyList<DemoCompanyTimeline> _timelines = [];
    private IReadOnlyList<DemoProgram> _programs = [];

    /// <summary>Adds the companies (shared out between <paramref name="coaches"/> in turn), founded
    /// when their planned history starts; answers their ids by name.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> AddCompaniesAsync(
        IReadOnlyList<DemoCompany> portfolio, IReadOnlyList<DemoProgram> programs, IReadOnlyList<Guid> coaches, CancellationToken cancellationToken)
    {
        var trackIds = portfolio.Select(c => c.Track).Distinct().ToList();
        var steps = (await _db.MilestoneDefinitions.AsNoTracking()
                .Where(m => trackIds.Contains(m.TrackId))
                .OrderBy(m => m.OrderIndex)
                .Select(m => new { m.TrackId, m.Id, m.OrderIndex, m.Title })
                .ToListAsync(cancellationToken))
            .GroupBy(m => m.TrackId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TrackMilestone>)g.Select(m => new TrackMilestone(m.Id, m.OrderIndex, m.Title)).ToList());

        _programs = programs;
        _timelines = new DemoTimeline(now, seed, programs).Plan(
            portfolio.Select(c => new DemoCompanyTimeline(c, Guid.CreateVersion7(), steps[c.Track])).ToList());
        foreach (var (timeline, i) in _timelines.Select((t, i) => (t, i)))
        {
            var coach = coaches[i % coaches.Count];
            _coachOf[timeline.Id] = coach;
            var created = Earlier(timeline.TrackStart.AddDays(14).AddHours(10), now.AddDays(-1));
            _db.Companies.Add(new Company
            {
                Id = timeline.Id,
                Name = timeline.Company.Name,
                Industry = timeline.Company.Industry,
                FoundedOn = timeline.FoundedOn,
                MilestoneTrackId = timeline.Company.Track,
                CoachUserId = coach,
                CreatedAt = created,
                TrackStartedAt = created,
            });
        }

        await _db.SaveChangesAsync(cancellationToken);
        return _timelines.ToDictionary(t => t.Company.Name, t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>Adds everything that happened to the companies; <paramref name="founders"/> (by
    /// company) submit their own company's updates, coaches the others'.</summary>
    public async Task AddHistoryAsync(IReadOnlyDictionary<Guid, Guid> founders, CancellationToken cancellationToken)
    {
        // Thousands of new rows and nothing to compare: the change tracker need not scan them again.
        // Restored after, so later work on the same context (closing companies) is saved as usual.
        _db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await AddAllAsync(founders, cancellationToken);
        }
        finally
        {
            _db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private async Task AddAllAsync(IReadOnlyDictionary<Guid, Guid> founders, CancellationToken cancellationToken)
    {
        var programIds = AddPrograms();
        foreach (var timeline in _timelines)
        {
            var coach = _coachOf[timeline.Id];
            foreach (var enrolment in timeline.Enrolments)
            {
                _db.ProgramEnrollments.Add(new ProgramEnrollment
                {
                    ProgramId = programIds[enrolment.Program],
                    CompanyId = timeline.Id,
                    EnrolledOn = enrolment.EnrolledOn,
                    ExitedOn = enrolment.ExitedOn,
                    CreatedAt = enrolment.EnrolledOn.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
                });
            }

            AddAchievements(timeline, coach);
            AddInteractions(timeline, coach);
            AddUpdates(timeline, founders.GetValueOrDefault(timeline.Id, coach));
        }

        await _db.SaveChangesAsync(cancellationToken);
    }

    private Dictionary<DemoProgram, Guid> AddPrograms()
    {
        var ids = new Dictionary<DemoProgram, Guid>();
        foreach (var plan in _programs)
        {
            var program = new SupportProgram
            {
                Name = plan.Name,
                Description = plan.Description,
                StartsOn = plan.StartsOn,
                EndsOn = plan.EndsOn,
                CreatedAt = Earlier(plan.StartsOn.AddDays(-45).ToDateTime(new TimeOnly(11, 0), DateTimeKind.Utc), now),
            };
            _db.Programs.Add(program);
            ids[plan] = program.Id;
        }

        return ids;
    }

    /// <summary>Each milestone reached, verified by the company's coach a few hours to three days
    /// after it happened, with its history entry.</summary>
    private void AddAchievements(DemoCompanyTimeline timeline, Guid coach)
    {
        for (var i = 0; i < timeline.Achieved.Length; i++)
        {
            var at = timeline.Achieved[i];
            var logged = Earlier(at.AddHours(1 + _random.Next(0, 72)), now.AddMinutes(-5));
            var row = new CompanyMilestone { CompanyId = timeline.Id, MilestoneId = timeline.Steps[i].MilestoneId, Status = MilestoneStatus.Pending, LoggedAt = logged };
            var change = row.Achieve(at, Note(timeline.Steps[i].Title), null, coach, logged)!;
            _db.CompanyMilestones.Add(row);
            _db.MilestoneEvents.Add(change);
        }
    }

    private static readonly string[] MeetingTopics =
    [
        "Discussed go-to-market plan", "Pricing experiments review", "Customer interview debrief", "Investor pipeline review",
        "Hiring plan for the next two quarters", "Product roadmap prioritisation", "Unit economics deep dive", "Board deck rehearsal",
        "Partnership strategy", "Sales funnel review", "Fundraising narrative", "Team and culture check-in",
    ];

    private static readonly string[] EmailTopics = ["Intro to a pilot customer", "Follow-up on action items", "Shared term sheet template", "Sent investor intros"];

    private static readonly string[] ProgramTopics =
    [
        "Workshop: customer discovery", "Workshop: pricing", "Mentor office hours", "Workshop: financial model",
        "Pitch practice", "Peer review of metrics", "Workshop: hiring", "Expert session: regulation and certification",
    ];

    /// <summary>The coaching rhythm: a meeting every two to five weeks (now and then an email after
    /// it), a session every week of a cohort and every other week of a longer program, and two to four
    /// working sessions in the month before each milestone. Companies that finished their track get
    /// a quarterly alumni check-in instead.</summary>
    private void AddInteractions(DemoCompanyTimeline timeline, Guid coach)
    {
        var joined = Later(timeline.TrackStart.AddDays(14), now.AddMonths(-RhythmMonths));
        var finished = timeline.IsComplete ? timeline.Achieved[^1].AddDays(60) : now;
        for (var day = joined; day < finished; day = day.AddDays(14 + _random.Next(0, 22)))
        {
            AddInteraction(timeline.Id, coach, day.Date.AddHours(10 + _random.Next(7)), InteractionKind.Meeting, MeetingTopics[_random.Next(MeetingTopics.Length)]);
            if (_random.NextDouble() < 0.35)
            {
                AddInteraction(timeline.Id, coach, day.Date.AddDays(2).AddHours(15), InteractionKind.Email, EmailTopics[_random.Next(EmailTopics.Length)]);
            }
        }

        for (var day = Later(finished, joined); day < now; day = day.AddDays(80 + _random.Next(0, 21)))
        {
            AddInteraction(timeline.Id, coach, day.Date.AddHours(14), InteractionKind.Call, "Alumni check-in");
        }

        foreach (var enrolment in timeline.Enrolments)
        {
            var every = enrolment.Program.Series == "cohort" ? 7 : 14;
            var left = enrolment.ExitedOn is { } exited ? Instant(exited) : now;
            for (var day = Instant(enrolment.EnrolledOn).AddDays(_random.Next(1, 4)); day < left; day = day.AddDays(every))
            {
                AddInteraction(timeline.Id, coach, day.AddHours(9 + _random.Next(0, 3)), InteractionKind.Meeting, $"{enrolment.Program.Name}: {ProgramTopics[_random.Next(ProgramTopics.Length)]}");
            }
        }

        var leadUpFrom = now.AddMonths(-LeadUpMonths);
        for (var i = 0; i < timeline.Achieved.Length; i++)
        {
            var at = timeline.Achieved[i];
            if (at < leadUpFrom)
            {
                continue;
            }

            var sessions = 2 + _random.Next(3);
            for (var s = 0; s < sessions; s++)
            {
                var kind = s % 2 == 0 ? InteractionKind.Meeting : InteractionKind.Call;
                var when = Later(at.AddDays(-3 - _random.Next(25)).AddHours(_random.Next(-3, 3)), timeline.TrackStart.AddHours(10));
                AddInteraction(timeline.Id, coach, when, kind, $"Working session towards {timeline.Steps[i].Title}");
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

    /// <summary>Quarterly updates for the last eight quarters the company existed in: pre-revenue
    /// until it reached its track's first revenue milestone, then revenue growing most quarters.</summary>
    private void AddUpdates(DemoCompanyTimeline timeline, Guid submitter)
    {
        var firstRevenue = Enumerable.Range(0, timeline.Achieved.Length).FirstOrDefault(i => DemoStepDays.BringsRevenue(timeline.Steps[i].Title), -1);
        var revenue = 3_000m + _random.Next(0, 25_000);
        var headcount = 2 + _random.Next(0, 3);
        var thisQuarter = new DateTime(now.Year, ((now.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var q = thisQuarter.AddMonths(-3 * UpdateQuarters); q < thisQuarter; q = q.AddMonths(3))
        {
            var end = q.AddMonths(3);
            if (q < timeline.TrackStart)
            {
                continue;
            }

            var submitted = end.AddDays(5 + _random.Next(10)).AddHours(11);
            if (submitted >= now)
            {
                continue;
            }

            headcount += _random.Next(0, 3);
            var runway = Math.Round(6 + (_random.NextDouble() * 18), 1);
            var period = $"{q.Year}-Q{((q.Month - 1) / 3) + 1}";
            var earning = firstRevenue >= 0 && timeline.Achieved[firstRevenue] < end;
            double? growth = null;
            if (earning)
            {
                growth = Math.Round((_random.NextDouble() * 45) - 5, 1);
                revenue = Math.Round(revenue * (1 + ((decimal)growth.Value / 100)), 0);
            }

            _db.CompanyUpdates.Add(new CompanyUpdate
            {
                CompanyId = timeline.Id,
                Period = period,
                SubmittedAt = submitted,
                Summary = earning
                    ? $"Revenue {(growth >= 0 ? "+" : "")}{growth}% quarter on quarter; team of {headcount}."
                    : $"Pre-revenue; team of {headcount}; {runway} months of runway.",
                Revenue = earning ? revenue : null,
                RevenueGrowthPct = growth,
                Headcount = headcount,
                CashRunwayMonths = runway,
                SubmittedByUserId = submitter,
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

    private static DateTime Instant(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static DateTime Earlier(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;
}
