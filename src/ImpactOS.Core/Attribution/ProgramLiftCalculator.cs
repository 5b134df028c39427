using ImpactOS.Core.Statistics;

namespace ImpactOS.Core.Attribution;

/// <summary>A rate ratio with its exact 95% interval; null parts where the data cannot support
/// them (no exposure on a side, or no events outside).</summary>
public sealed record Lift(double? Ratio, double? CiLow, double? CiHigh, double? PValue)
{
    public static readonly Lift None = new(null, null, null, null);
}

public sealed record ProgramLift(Guid ProgramId, string Name, int InsideEvents, double InsideCompanyYears, double? InsideRate, Lift Lift);

public sealed record ProgramLiftReport(
    ReportPeriod Period,
    int InsideEvents,
    double InsideCompanyYears,
    int OutsideEvents,
    double OutsideCompanyYears,
    double? InsideRate,
    double? OutsideRate,
    Lift Lift,
    IReadOnlyList<ProgramLift> ByProgram);

/// <summary>Program Lift: milestones per company-year inside enrolment windows against outside
/// them. Exposure runs from each company's track start to the earlier of its archival and the end
/// of the period, clipped to the period; inside is the union of its windows (overlaps count once).
/// Achievements outside a company's exposure (after archival, before its start) are not counted.
/// Per program, inside is that program's windows; the baseline stays the tenant's time outside any
/// enrolment. The interval is that of R's <c>poisson.test</c>.</summary>
public static class ProgramLiftCalculator
{
    public const double DaysPerYear = 365.25;

    public static ProgramLiftReport Compute(IReadOnlyList<CompanyExposure> companies, IReadOnlyList<ProgramInfo> programs, ReportPeriod period)
    {
        int insideEvents = 0, outsideEvents = 0;
        double insideDays = 0, outsideDays = 0;
        var perProgram = programs.ToDictionary(p => p.ProgramId, _ => (Events: 0, Days: 0.0));
        foreach (var company in companies)
        {
            var from = company.TrackStart > period.Start ? company.TrackStart : period.Start;
            var to = company.ArchivedAt is { } archived && archived < period.End ? archived : period.End;
            if (to <= from)
            {
                continue;
            }

            var union = Intervals.Union(company.Enrollments, from, to);
            var inside = Intervals.TotalDays(union);
            insideDays += inside;
            outsideDays += (to - from).TotalDays - inside;
            var unions = company.Enrollments.Select(e => e.ProgramId).Distinct().Where(perProgram.ContainsKey)
                .ToDictionary(p => p, p => Intervals.Union(company.Enrollments.Where(e => e.ProgramId == p), from, to));
            foreach (var (program, programUnion) in unions)
            {
                var current = perProgram[program];
                perProgram[program] = (current.Events, current.Days + Intervals.TotalDays(programUnion));
            }

            foreach (var at in company.Achievements)
            {
                if (at < from || at >= to)
                {
                    continue;
                }

                if (Intervals.Contains(union, at))
                {
                    insideEvents++;
                }
                else
                {
                    outsideEvents++;
                }

                foreach (var (program, programUnion) in unions)
                {
                    if (Intervals.Contains(programUnion, at))
                    {
                        var current = perProgram[program];
                        perProgram[program] = (current.Events + 1, current.Days);
                    }
                }
            }
        }

        var insideYears = insideDays / DaysPerYear;
        var outsideYears = outsideDays / DaysPerYear;
        return new ProgramLiftReport(
            period,
            insideEvents,
            insideYears,
            outsideEvents,
            outsideYears,
            Rate(insideEvents, insideYears),
            Rate(outsideEvents, outsideYears),
            LiftOf(insideEvents, insideYears, outsideEvents, outsideYears),
            programs.Select(p =>
            {
                var (events, days) = perProgram[p.ProgramId];
                var years = days / DaysPerYear;
                return new ProgramLift(p.ProgramId, p.Name, events, years, Rate(events, years), LiftOf(events, years, outsideEvents, outsideYears));
            }).ToList());
    }

    /// <summary>Events per company-year; null without exposure.</summary>
    public static double? Rate(int events, double years) => years > 0 ? events / years : null;

    /// <summary>The rate ratio and its exact interval, or nulls where it is undefined.</summary>
    public static Lift LiftOf(int insideEvents, double insideYears, int outsideEvents, double outsideYears)
    {
        if (!(insideYears > 0) || !(outsideYears > 0) || outsideEvents == 0)
        {
            return Lift.None;
        }

        var test = PoissonRateRatio.Exact(insideEvents, insideYears, outsideEvents, outsideYears);
        return new Lift(Finite(test.Estimate), Finite(test.CiLow), Finite(test.CiHigh), Finite(test.PValue));
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
