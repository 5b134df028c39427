using ImpactOS.Core.Velocity;
using Xunit.Abstractions;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>Milestone chances compared with R's survival package (Fixtures/forecast/reference.json).</summary>
public sealed class KaplanMeierForecastReferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in ForecastReference.Cases.Keys.Order(StringComparer.Ordinal))
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
            "ties_of_events_and_censorings",
            "heavy_censoring",
            "curve_ends_in_an_event_so_s_reaches_zero",
            "curve_ends_in_a_censoring",
            "all_censored",
            "single_company_event",
            "single_company_censored",
            "events_at_time_zero",
            "fractional_days",
            "large_random_integer_days_with_ties",
            "large_random_fractional_days",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), ForecastReference.Cases.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ChanceWithinMatchesSummaryOfSurvfitFromTheWaitedTime(string caseName)
    {
        var reference = ForecastReference.Cases[caseName];
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit(reference.Observations));

        var largest = 0.0;
        foreach (var query in reference.Queries)
        {
            var chance = forecast.ChanceWithin(query.Wait, query.Delta);
            var where = $"t = {query.Wait}, Δ = {query.Delta}";
            if (!query.Available)
            {
                Assert.True(chance is null, $"{where}: R has no row, got {chance}");
                continue;
            }

            Assert.True(chance is not null, $"{where}: R has a row, got null");
            var value = chance.Value;
            largest = Math.Max(largest, Close(1 - query.Survival!.Value, value.P, where + " p"));
            if (query.Lower is null)
            {
                Assert.True(value.CiLow is null && value.CiHigh is null, $"{where}: R's interval is NA, got {value}");
                continue;
            }

            Assert.True(value.CiLow is not null && value.CiHigh is not null, $"{where}: R has an interval, got {value}");
            largest = Math.Max(largest, Close(1 - query.Upper!.Value, value.CiLow!.Value, where + " ciLow"));
            largest = Math.Max(largest, Close(1 - query.Lower.Value, value.CiHigh!.Value, where + " ciHigh"));
        }

        output.WriteLine($"{caseName}: {reference.Queries.Count} queries, largest difference from R {largest:E2}");
    }

    [Fact]
    public void ReferenceCoversEveryKindOfAnswer()
    {
        var queries = ForecastReference.Cases.Values.SelectMany(c => c.Queries).ToList();

        Assert.Contains(queries, q => q.Available && q.Lower is not null && q.Survival < 1);
        Assert.Contains(queries, q => q.Available && q.Survival == 0 && q.Lower is null);
        Assert.Contains(queries, q => q.Available && q.Survival == 1);
        Assert.Contains(queries, q => !q.Available);
        Assert.Contains(queries, q => q.Wait == 0);
    }

    private static double Close(double expected, double actual, string what)
    {
        var difference = Math.Abs(expected - actual);
        Assert.True(difference <= Tolerance, $"{what}: R {expected:R}, ours {actual:R}");
        return difference;
    }
}
