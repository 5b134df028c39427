using System.Text.Json;
using ImpactOS.Core.Attribution;
using ImpactOS.Core.Tests.Statistics;

namespace ImpactOS.Core.Tests.Attribution;

public sealed class AttributionTests
{
    private static readonly Guid P1 = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid P2 = Guid.Parse("00000000-0000-0000-0000-0000000000b2");
    private static readonly Guid P3 = Guid.Parse("00000000-0000-0000-0000-0000000000c3");
    private static readonly ProgramInfo[] Programs = [new(P1, "P1"), new(P2, "P2"), new(P3, "P3")];

    private static DateTime D(string day) => DateTime.SpecifyKind(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static EnrollmentWindow W(Guid program, string start, string? end = null) => new(program, D(start), end is null ? null : D(end));

    private static CompanyExposure C(string start, string? archived, EnrollmentWindow[] windows, params string[] achievements) =>
        new(Guid.NewGuid(), D(start), archived is null ? null : D(archived), windows, achievements.Select(D).ToList());

    /// <summary>The same portfolio the R script builds in Fixtures/attribution/reference.R.</summary>
    private static readonly CompanyExposure[] Scenario =
    [
        C("2024-01-01", null, [W(P1, "2024-03-01", "2024-06-01"), W(P2, "2024-05-01")], "2024-02-10", "2024-03-01", "2024-05-15", "2024-06-01", "2024-09-09"),
        C("2024-02-15", "2024-11-01", [W(P1, "2024-01-01", "2024-04-01")], "2024-03-20", "2024-07-07", "2024-12-01"),
        C("2023-10-01", null, [], "2023-12-01", "2024-04-04", "2024-08-08", "2024-10-10"),
        C("2024-04-01", null, [W(P3, "2024-04-01", "2024-10-01"), W(P1, "2024-10-01", "2024-12-01")], "2024-04-01", "2024-05-05", "2024-10-01", "2024-12-01"),
    ];

    private static readonly ReportPeriod Year2024 = new(D("2024-01-01"), null, D("2025-01-01"));

    private static readonly JsonElement R = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "attribution", "reference.json"))).RootElement.GetProperty("scenario");

    [Fact]
    public void TheScenarioMatchesTheRComputation()
    {
        var attribution = AttributionCalculator.Compute(Scenario, Programs, Year2024);
        Assert.Equal(R.GetProperty("achievements").GetInt32(), attribution.Tenant.Achievements);
        Assert.Equal(R.GetProperty("during").GetInt32(), attribution.Tenant.DuringEnrollment);

        var lift = ProgramLiftCalculator.Compute(Scenario, Programs, Year2024);
        Assert.Equal(R.GetProperty("insideEvents").GetInt32(), lift.InsideEvents);
        Assert.Equal(R.GetProperty("outsideEvents").GetInt32(), lift.OutsideEvents);
        RReferenceTests.Close(R.GetProperty("insideYears").GetDouble(), lift.InsideCompanyYears, what: "insideYears");
        RReferenceTests.Close(R.GetProperty("outsideYears").GetDouble(), lift.OutsideCompanyYears, what: "outsideYears");
        RReferenceTests.Close(R.GetProperty("lift").GetDouble(), lift.Lift.Ratio!.Value, what: "lift");
        RReferenceTests.Close(R.GetProperty("ciLow").GetDouble(), lift.Lift.CiLow!.Value, 1e-8, "ciLow");
        RReferenceTests.Close(R.GetProperty("ciHigh").GetDouble(), lift.Lift.CiHigh!.Value, 1e-8, "ciHigh");
        RReferenceTests.Close(R.GetProperty("pValue").GetDouble(), lift.Lift.PValue!.Value, 1e-8, "pValue");

        foreach (var expected in R.GetProperty("byProgram").EnumerateArray())
        {
            var name = expected.GetProperty("program").GetString();
            var a = attribution.ByProgram.Single(p => p.Name == name);
            var l = lift.ByProgram.Single(p => p.Name == name);
            Assert.Equal(expected.GetProperty("achievements").GetInt32(), a.Counts.Achievements);
            Assert.Equal(expected.GetProperty("during").GetInt32(), a.Counts.DuringEnrollment);
            Assert.Equal(expected.GetProperty("insideEvents").GetInt32(), l.InsideEvents);
            RReferenceTests.Close(expected.GetProperty("insideYears").GetDouble(), l.InsideCompanyYears, what: name + " years");
            RReferenceTests.Close(expected.GetProperty("lift").GetDouble(), l.Lift.Ratio!.Value, what: name + " lift");
            RReferenceTests.Close(expected.GetProperty("ciLow").GetDouble(), l.Lift.CiLow!.Value, 1e-8, name + " ciLow");
            RReferenceTests.Close(expected.GetProperty("ciHigh").GetDouble(), l.Lift.CiHigh!.Value, 1e-8, name + " ciHigh");
        }
    }

    [Fact]
    public void AWindowIncludesItsFirstDayAndExcludesItsLast()
    {
        var company = C("2024-01-01", null, [W(P1, "2024-03-01", "2024-06-01")], "2024-03-01", "2024-06-01", "2024-05-31T23:59:59");
        var report = AttributionCalculator.Compute([company], Programs, Year2024);
        Assert.Equal(3, report.Tenant.Achievements);
        Assert.Equal(2, report.Tenant.DuringEnrollment);
    }

    [Fact]
    public void OverlappingEnrolmentsInTwoProgramsCountOnceForTheTenantAndOnceForEachProgram()
    {
        var company = C("2024-01-01", null, [W(P1, "2024-02-01", "2024-08-01"), W(P2, "2024-04-01", "2024-10-01")], "2024-05-01");
        var attribution = AttributionCalculator.Compute([company], Programs, Year2024);
        Assert.Equal(1, attribution.Tenant.DuringEnrollment);
        Assert.Equal(1, attribution.ByProgram.Single(p => p.ProgramId == P1).Counts.DuringEnrollment);
        Assert.Equal(1, attribution.ByProgram.Single(p => p.ProgramId == P2).Counts.DuringEnrollment);

        var lift = ProgramLiftCalculator.Compute([company], Programs, Year2024);
        // Inside is the union: Feb 1 – Oct 1 2024 (243 days), not 182 + 183.
        Assert.Equal(243 / 365.25, lift.InsideCompanyYears, 12);
        Assert.Equal((366 - 243) / 365.25, lift.OutsideCompanyYears, 12);
    }

    [Fact]
    public void AnOpenEndedEnrolmentRunsToAsOfAndOneStartingBeforeTheTrackIsClipped()
    {
        var company = C("2024-07-01", null, [W(P1, "2024-01-01")], "2024-08-01");
        var lift = ProgramLiftCalculator.Compute([company], Programs, Year2024);
        Assert.Equal(184 / 365.25, lift.InsideCompanyYears, 12);
        Assert.Equal(0, lift.OutsideCompanyYears, 12);
        Assert.Equal(1, lift.InsideEvents);
        Assert.Equal(Lift.None, lift.Lift);
    }

    [Fact]
    public void RatesOverNothingAreNullNotZero()
    {
        var empty = AttributionCalculator.Compute([], Programs, Year2024);
        Assert.Null(empty.Tenant.Rate);
        Assert.All(empty.ByProgram, p => Assert.Null(p.Counts.Rate));
        var lift = ProgramLiftCalculator.Compute([], Programs, Year2024);
        Assert.Null(lift.InsideRate);
        Assert.Null(lift.OutsideRate);
        Assert.Null(lift.Lift.Ratio);
    }

    [Fact]
    public void AnEmptyPeriodCountsNothing()
    {
        var period = new ReportPeriod(D("2024-05-01"), D("2024-05-01"), D("2025-01-01"));
        Assert.Equal(0, AttributionCalculator.Compute(Scenario, Programs, period).Tenant.Achievements);
        var lift = ProgramLiftCalculator.Compute(Scenario, Programs, period);
        Assert.Equal(0, lift.InsideCompanyYears + lift.OutsideCompanyYears);
    }

    [Fact]
    public void ACompanyArchivedMidWindowStopsAccruingTimeAndEvents()
    {
        var company = C("2024-01-01", "2024-04-01", [W(P1, "2024-03-01", "2024-09-01")], "2024-03-15", "2024-05-01");
        var lift = ProgramLiftCalculator.Compute([company], Programs, Year2024);
        Assert.Equal(31 / 365.25, lift.InsideCompanyYears, 12);
        Assert.Equal(60 / 365.25, lift.OutsideCompanyYears, 12);
        Assert.Equal(1, lift.InsideEvents);
        Assert.Equal(0, lift.OutsideEvents);
    }

    [Fact]
    public void EnrolmentsEntirelyOutsideThePeriodAddNoInsideTime()
    {
        var company = C("2022-01-01", null, [W(P1, "2022-02-01", "2022-05-01")], "2022-03-01", "2024-06-01");
        var lift = ProgramLiftCalculator.Compute([company], Programs, Year2024);
        Assert.Equal(0, lift.InsideCompanyYears);
        Assert.Equal(0, lift.InsideEvents);
        Assert.Equal(1, lift.OutsideEvents);
        var attribution = AttributionCalculator.Compute([company], Programs, Year2024);
        Assert.Equal(1, attribution.Tenant.Achievements);
        Assert.Equal(0, attribution.Tenant.DuringEnrollment);
        Assert.Equal(0.0, attribution.Tenant.Rate);
    }

    [Fact]
    public void QuartersCarryTheirOwnCounts()
    {
        var report = AttributionCalculator.Compute(Scenario, Programs, Year2024);
        Assert.Equal(report.Tenant.Achievements, report.ByQuarter.Sum(q => q.Counts.Achievements));
        Assert.Equal([(2024, 1), (2024, 2), (2024, 3), (2024, 4)], report.ByQuarter.Select(q => (q.Year, q.Quarter)));
    }
}
