using ImpactOS.Core.Velocity;
using Xunit.Abstractions;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>Cumulative incidences compared with R's survival package (Fixtures/competing/reference.json).</summary>
public sealed class AalenJohansenReferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in CompetingReference.Cases.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void ReferenceFileHoldsEveryNamedCase()
    {
        string[] expected =
        [
            "all_three_endpoints_with_censoring",
            "every_endpoint_and_a_censoring_at_one_time",
            "ties_of_one_endpoint_and_censorings",
            "only_milestones_is_one_minus_kaplan_meier",
            "last_time_is_all_events_so_nobody_is_left_open",
            "all_censored",
            "single_company_milestone",
            "single_company_shut_down",
            "single_company_acquired",
            "single_company_censored",
            "ends_at_time_zero",
            "fractional_days",
            "large_random_integer_days_with_ties",
            "large_random_fractional_days",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), CompetingReference.Cases.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void CumulativeIncidencesMatchPstateOfSurvfit(string caseName)
    {
        var reference = CompetingReference.Cases[caseName];

        var curve = AalenJohansen.Fit(reference.Observations);

        Assert.Equal(reference.FitTime.Length, curve.Points.Count);
        var largest = 0.0;
        for (var i = 0; i < curve.Points.Count; i++)
        {
            var point = curve.Points[i];
            var expected = reference.Pstate[i];
            Assert.Equal(reference.FitTime[i], point.Time);
            Assert.Equal(reference.FitAtRisk[i], point.AtRisk);
            var actual = new StepEndShares(point.Open, point.Milestone, point.ShutDown, point.Acquired);
            largest = Math.Max(largest, Close(expected, actual, $"pstate at t = {point.Time}"));
        }

        output.WriteLine($"{caseName}: {curve.Points.Count} times, largest pstate difference from R {largest:E2}");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void StandardErrorsMatchStdErrOfSurvfit(string caseName)
    {
        var reference = CompetingReference.Cases[caseName];

        var curve = AalenJohansen.Fit(reference.Observations);

        Assert.Equal(reference.FitTime.Length, curve.Points.Count);
        var largest = 0.0;
        for (var i = 0; i < curve.Points.Count; i++)
        {
            var point = curve.Points[i];
            largest = Math.Max(largest, Close(reference.StandardError[i], point.StandardError, $"std.err at t = {point.Time}"));
        }

        output.WriteLine($"{caseName}: {curve.Points.Count} times, largest std.err difference from R {largest:E2}");
    }

    private static double Close(StepEndShares expected, StepEndShares actual, string what)
    {
        var difference = Math.Max(
            Math.Max(Math.Abs(expected.Open - actual.Open), Math.Abs(expected.Milestone - actual.Milestone)),
            Math.Max(Math.Abs(expected.ShutDown - actual.ShutDown), Math.Abs(expected.Acquired - actual.Acquired)));
        Assert.True(difference <= Tolerance, $"{what}: R {expected}, ours {actual}");
        return difference;
    }
}
