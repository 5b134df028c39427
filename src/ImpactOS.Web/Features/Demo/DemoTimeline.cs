using ImpactOS.Core.Velocity;

namespace ImpactOS.Web.Features.Demo;

/// <summary>A demo company's time in one program intake.</summary>
internal sealed record DemoEnrolment(DemoProgram Program, DateOnly EnrolledOn, DateOnly? ExitedOn);

/// <summary>One demo company's dates: its founding day, when it reached each milestone it has
/// reached (in track order), and the program intakes it joined.</summary>
internal sealed class DemoCompanyTimeline(DemoCompany company, Guid id, IReadOnlyList<TrackMilestone> steps)
{
    public DemoCompany Company { get; } = company;
    public Guid Id { get; } = id;

    /// <summary>The milestones of the company's track, in order.</summary>
    public IReadOnlyList<TrackMilestone> Steps { get; } = steps;

    public DateOnly FoundedOn { get; set; }

    /// <summary>When each of the first <see cref="Reached"/> milestones was achieved.</summary>
    public DateTime[] Achieved { get; set; } = [];

    public List<DemoEnrolment> Enrolments { get; } = [];

    public bool IsComplete => Company.Pace == DemoPace.Complete;

    public int Reached => IsComplete ? Steps.Count : Math.Clamp(Company.Reached, 0, Steps.Count - 1);

    /// <summary>Days the open step has run (ignored when complete).</summary>
    public double OpenDays { get; set; }

    public DateTime TrackStart => FoundedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

/// <summary>
/// Works a demo portfolio's dates out backwards from today, so that each company stands where its
/// plan says: complete, or in its open step on pace, at risk or behind its track's cohort. A step
/// is an amount of work (the step's typical days × the company's own pace × chance); work goes
/// <see cref="ProgramSpeedup"/> times faster while the company is in a program, which is what the
/// attribution and program-lift reports then find. Where each open step stands is checked with the
/// product's own velocity calculation and moved until the statuses match. Deterministic: the same
/// seed, plan and instant give the same dates.
/// </summary>
internal sealed class DemoTimeline(DateTime now, int seed, IReadOnlyList<DemoProgram> programs)
{
    private readonly DateTime _now = now;
    private readonly IReadOnlyList<DemoProgram> _programs = programs;

    /// <summary>Companies progress this much faster inside a program ("somewhat faster", so the
    /// program-lift report shows a readable effect without looking made up).</summary>
    private const double ProgramSpeedup = 1.8;

    /// <summary>Rounds of moving open steps until every company has its planned status.</summary>
    private const int PlacementRounds = 8;

    /// <summary>Rounds of choosing programs from a company's dates and working the dates out again
    /// (joining a program makes it faster, which moves its dates a little).</summary>
    private const int ChoiceRounds = 4;

    private const int MinimumStepDays = 7;

    /// <summary>A company joins a program at the earliest a month after it was founded.</summary>
    private const int DaysBeforeJoining = 30;

    private readonly DateOnly _today = DateOnly.FromDateTime(now);
    private readonly Dictionary<Guid, Draws> _draws = [];

    /// <summary>The timelines of <paramref name="companies"/>, in the same order.</summary>
    public IReadOnlyList<DemoCompanyTimeline> Plan(IReadOnlyList<DemoCompanyTimeline> companies)
    {
        for (var i = 0; i < companies.Count; i++)
        {
            var company = companies[i];
            _draws[company.Id] = new Draws(new Random(unchecked((seed * 10_007) + i)), company, _programs);
            company.OpenDays = FirstGuess(company);
            Build(company);
        }

        for (var round = 0; round < PlacementRounds; round++)
        {
            var missed = Missed(companies);
            if (missed.Count == 0)
            {
                break;
            }

            foreach (var (company, step) in missed)
            {
                company.OpenDays = Place(company, step);
                Build(company);
            }
        }

        return companies;
    }

    /// <summary>Before any cohort exists: the open step against the step's typical days.</summary>
    private double FirstGuess(DemoCompanyTimeline company)
    {
        var draws = _draws[company.Id];
        var typical = company.IsComplete ? 0 : DemoStepDays.Of(company.Steps[company.Reached].Title) * draws.Pace;
        var factor = company.Company.Pace switch
        {
            DemoPace.OnPace => 0.2 + (0.5 * draws.Band),
            DemoPace.AtRisk => 1.2 + (0.2 * draws.Band),
            _ => 2.0 + (0.6 * draws.Band),
        };
        return Math.Max(3, typical * factor);
    }

    /// <summary>Days in the open step that put the company inside its planned band of the
    /// step's cohort: on pace up to the median, at risk between median and P75, behind past P75.</summary>
    private double Place(DemoCompanyTimeline company, StepStatistics step)
    {
        if (!step.HasEnoughData || step.MedianDays is not { } median)
        {
            return company.OpenDays;
        }

        var p75 = step.P75Days ?? median * 1.5;
        var band = 0.2 + (0.6 * _draws[company.Id].Band);
        var days = company.Company.Pace switch
        {
            DemoPace.OnPace => median * band,
            DemoPace.AtRisk => median + ((p75 - median) * band),
            _ => p75 * (1.15 + (0.5 * band)),
        };
        return Math.Max(3, days);
    }

    /// <summary>The companies whose status, computed as the product computes it, is not the planned
    /// one, each with the cohort of its open step.</summary>
    private List<(DemoCompanyTimeline Company, StepStatistics Step)> Missed(IReadOnlyList<DemoCompanyTimeline> companies)
    {
        var missed = new List<(DemoCompanyTimeline, StepStatistics)>();
        foreach (var track in companies.GroupBy(c => c.Company.Track))
        {
            var members = track.ToList();
            var velocity = TrackVelocityCalculator.Compute(members[0].Steps, members.Select(History), _now);
            foreach (var company in members.Where(c => !c.IsComplete))
            {
                var status = CompanyVelocityCalculator.Compute(velocity, company.Id).Status;
                if (status != Planned(company.Company.Pace))
                {
                    missed.Add((company, velocity.Steps[company.Reached]));
                }
            }
        }

        return missed;
    }

    private static VelocityStatus Planned(DemoPace pace) => pace switch
    {
        DemoPace.OnPace => VelocityStatus.OnPace,
        DemoPace.AtRisk => VelocityStatus.AtRisk,
        DemoPace.Behind => VelocityStatus.Behind,
        _ => VelocityStatus.Complete,
    };

    private static CompanyHistory History(DemoCompanyTimeline company) =>
        new(company.Id, company.TrackStart, null, company.Achieved.Select((at, i) => new Achievement(company.Steps[i].MilestoneId, at)).ToList());

    private void Build(DemoCompanyTimeline company)
    {
        var draws = _draws[company.Id];
        var joined = new List<Joined>();
        Integrate(company, draws, joined);
        for (var round = 0; round < ChoiceRounds; round++)
        {
            var choice = Choose(company, draws);
            if (choice.SequenceEqual(joined))
            {
                break;
            }

            joined = choice;
            Integrate(company, draws, joined);
        }

        // Whatever the rounds settled on, nobody joins before the company could.
        while (joined.Any(j => j.Enrolment.EnrolledOn < company.FoundedOn.AddDays(DaysBeforeJoining)))
        {
            joined = [.. joined.Where(j => j.Enrolment.EnrolledOn >= company.FoundedOn.AddDays(DaysBeforeJoining))];
            Integrate(company, draws, joined);
        }

        company.Enrolments.Clear();
        company.Enrolments.AddRange(joined.Select(j => j.Enrolment));
    }

    /// <summary>The intakes the company joins given its current dates: in each series, the first
    /// intake that finds it at the program's stage, on the program's track, old enough, and with its
    /// draw within the program's share.</summary>
    private List<Joined> Choose(DemoCompanyTimeline company, Draws draws)
    {
        var joined = new List<Joined>();
        foreach (var series in _programs.Select(p => p.Series).Distinct())
        {
            var intakes =
                from p in Enumerable.Range(0, _programs.Count)
                where _programs[p].Series == series
                from q in Enumerable.Range(0, _programs[p].Intakes.Count)
                orderby _programs[p].Intakes[q].Opens
                select (p, q);
            foreach (var (p, q) in intakes)
            {
                var program = _programs[p];
                var intake = program.Intakes[q];
                var stage = company.Achieved.Count(a => a <= Instant(intake.Opens));
                var enrolled = intake.Opens.AddDays(draws.LateDays(p, q));
                DateOnly? exited = intake.Closes is { } end && end <= _today ? end.AddDays(-draws.EarlyDays(p, q)) : null;
                if ((program.Track is { } only && only != company.Company.Track)
                    || draws.Series[series] >= program.Share
                    || stage < program.MinReached || stage > program.MaxReached
                    || enrolled < company.FoundedOn.AddDays(DaysBeforeJoining) || enrolled >= _today
                    || (exited is { } e && e <= enrolled))
                {
                    continue;
                }

                joined.Add(new Joined(p, q, new DemoEnrolment(program, enrolled, exited), Instant(enrolled), exited is { } left ? Instant(left) : _now));
                break;
            }
        }

        return joined;
    }

    /// <summary>Works the company's dates out backwards from its open step (or its last milestone),
    /// faster inside the programs it <paramref name="joined"/>.</summary>
    private void Integrate(DemoCompanyTimeline company, Draws draws, List<Joined> joined)
    {
        var reached = company.Reached;
        var achieved = new DateTime[reached];
        var start = company.IsComplete
            ? BusinessHour(_now.AddDays(-draws.CompletedDaysAgo), draws.Hours[reached - 1])
            : _now.AddDays(-company.OpenDays);
        if (!company.IsComplete && reached > 0)
        {
            start = BusinessHour(start, draws.Hours[reached - 1]);
        }

        for (var i = reached - 1; i >= 0; i--)
        {
            achieved[i] = start;
            start = Back(start, draws.Work[i], joined);
            if (i > 0)
            {
                start = BusinessHour(start, draws.Hours[i - 1]);
            }
        }

        company.Achieved = achieved;
        company.FoundedOn = DateOnly.FromDateTime(start);
    }

    /// <summary>The instant a step that ends at <paramref name="end"/> started, given its
    /// <paramref name="work"/> in days at the normal rate.</summary>
    private static DateTime Back(DateTime end, double work, List<Joined> joined)
    {
        var t = end;
        while (true)
        {
            var inside = joined.Any(j => j.From < t && t <= j.To);
            var boundary = joined.SelectMany(j => new[] { j.From, j.To }).Where(edge => edge < t).DefaultIfEmpty(DateTime.MinValue).Max();
            var rate = inside ? ProgramSpeedup : 1.0;
            var available = boundary == DateTime.MinValue ? double.PositiveInfinity : (t - boundary).TotalDays * rate;
            if (available >= work)
            {
                return t.AddDays(-work / rate);
            }

            work -= available;
            t = boundary;
        }
    }

    /// <summary>The same day at a working hour, but never later than an hour ago.</summary>
    private DateTime BusinessHour(DateTime at, TimeSpan hour)
    {
        var result = at.Date + hour;
        return result > _now.AddHours(-1) ? result.AddDays(-1) : result;
    }

    private static DateTime Instant(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>An intake a company joined, and its time inside as instants.</summary>
    private sealed record Joined(int Program, int Intake, DemoEnrolment Enrolment, DateTime From, DateTime To);

    /// <summary>A company's chances, drawn once, so that working its dates out again gives the
    /// same company.</summary>
    private sealed class Draws
    {
        private readonly Dictionary<(int, int), (int Late, int Early)> _intakeDays = [];

        public Draws(Random random, DemoCompanyTimeline company, IReadOnlyList<DemoProgram> programs)
        {
            Pace = LogNormal(random, 0.35);
            Work = company.Steps.Select(s => Math.Max(MinimumStepDays, DemoStepDays.Of(s.Title) * Pace * LogNormal(random, 0.55))).ToArray();
            Hours = company.Steps.Select(_ => TimeSpan.FromMinutes((9 * 60) + random.Next(0, 8 * 60))).ToArray();
            Band = random.NextDouble();
            CompletedDaysAgo = 30 + (random.NextDouble() * 800);
            Series = programs.Select(p => p.Series).Distinct().Order(StringComparer.Ordinal).ToDictionary(s => s, _ => random.NextDouble());
            for (var p = 0; p < programs.Count; p++)
            {
                for (var q = 0; q < programs[p].Intakes.Count; q++)
                {
                    _intakeDays[(p, q)] = (random.Next(0, 7), random.Next(0, 4));
                }
            }
        }

        /// <summary>The company's own speed: a factor around 1 on its typical step times.</summary>
        public double Pace { get; }

        /// <summary>Work per step, in days at the normal rate.</summary>
        public double[] Work { get; }

        /// <summary>Time of day a coach verified each milestone.</summary>
        public TimeSpan[] Hours { get; }

        /// <summary>Where in its status band the open step stands (0–1).</summary>
        public double Band { get; }

        public double CompletedDaysAgo { get; }

        /// <summary>A draw per program series, compared with the programs' shares.</summary>
        public Dictionary<string, double> Series { get; }

        public int LateDays(int program, int intake) => _intakeDays[(program, intake)].Late;

        public int EarlyDays(int program, int intake) => _intakeDays[(program, intake)].Early;

        /// <summary>A right-skewed factor with median 1 (roughly log-normal).</summary>
        private static double LogNormal(Random random, double spread) =>
            Math.Exp((random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * spread);
    }
}
