namespace ImpactOS.Core.Attribution;

/// <summary>Achievements in a period and how many fell inside enrolment. A rate over nothing is null.</summary>
public sealed record AttributionCounts(int Achievements, int DuringEnrollment)
{
    public int OutsideEnrollment => Achievements - DuringEnrollment;

    public double? Rate => Achievements == 0 ? null : (double)DuringEnrollment / Achievements;
}

public sealed record ProgramAttribution(Guid ProgramId, string Name, int CompaniesEnrolled, AttributionCounts Counts);

public sealed record QuarterAttribution(int Year, int Quarter, DateTime Start, AttributionCounts Counts);

public sealed record AttributionReport(ReportPeriod Period, AttributionCounts Tenant, IReadOnlyList<ProgramAttribution> ByProgram, IReadOnlyList<QuarterAttribution> ByQuarter);

/// <summary>Attribution Rate: achievements whose instant falls inside any enrolment window of
/// the company (start inclusive, end exclusive), over all achievements in the period; per program,
/// among the companies ever enrolled in it, those inside that program's windows.</summary>
public static class AttributionCalculator
{
    public static AttributionReport Compute(IReadOnlyList<CompanyExposure> companies, IReadOnlyList<ProgramInfo> programs, ReportPeriod period)
    {
        var total = 0;
        var during = 0;
        var perProgram = programs.ToDictionary(p => p.ProgramId, _ => new int[3]); // companies, achievements, during
        var quarters = new SortedDictionary<(int Year, int Quarter), int[]>();
        foreach (var company in companies)
        {
            var enrolledIn = company.Enrollments.Select(e => e.ProgramId).Where(perProgram.ContainsKey).Distinct().ToList();
            foreach (var program in enrolledIn)
            {
                perProgram[program][0]++;
            }

            foreach (var at in company.Achievements)
            {
                if (!period.Contains(at))
                {
                    continue;
                }

                var inside = company.Enrollments.Any(w => w.Contains(at));
                total++;
                during += inside ? 1 : 0;
                var quarter = (at.Year, ((at.Month - 1) / 3) + 1);
                if (!quarters.TryGetValue(quarter, out var q))
                {
                    quarters[quarter] = q = new int[2];
                }

                q[0]++;
                q[1] += inside ? 1 : 0;
                foreach (var program in enrolledIn)
                {
                    perProgram[program][1]++;
                    perProgram[program][2] += company.Enrollments.Any(w => w.ProgramId == program && w.Contains(at)) ? 1 : 0;
                }
            }
        }

        return new AttributionReport(
            period,
            new AttributionCounts(total, during),
            programs.Select(p => new ProgramAttribution(p.ProgramId, p.Name, perProgram[p.ProgramId][0], new AttributionCounts(perProgram[p.ProgramId][1], perProgram[p.ProgramId][2]))).ToList(),
            quarters.Select(q => new QuarterAttribution(q.Key.Year, q.Key.Quarter, new DateTime(q.Key.Year, ((q.Key.Quarter - 1) * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc), new AttributionCounts(q.Value[0], q.Value[1]))).ToList());
    }
}
