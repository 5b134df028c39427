using ImpactOS.Core.Velocity;
using static ImpactOS.Core.Tests.Velocity.EightCompanyTrack;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>A company's chance of its next milestone within 30 / 90 / 180 days, as part of its velocity.</summary>
public sealed class CompanyForecastTests
{
    private const double Tolerance = 1e-12;

    private readonly TrackVelocity _velocity = TrackVelocityCalculator.Compute(Track, Companies(), AsOf);

    [Fact]
    public void EveryCompanysChanceIsTheForecastOfItsOpenStepsCurveAtTheDaysItWaited()
    {
        var all = CompanyVelocityCalculator.ComputeAll(_velocity);

        var open = all.Where(c => c.DaysInStep is not null).ToList();
        Assert.Equal(6, open.Count); // all but C1 and C5, which are complete
        foreach (var company in open)
        {
            Assert.True(_velocity.TryGetStep(company.NextMilestone!.MilestoneId, out var step));
            var expected = new KaplanMeierForecast(step.Curve).ChancesFor(company.DaysInStep!.Value);
            Assert.Equal(expected, company.ChanceWithin);
            Assert.Equal(company, CompanyVelocityCalculator.Compute(_velocity, company.CompanyId) with { Steps = company.Steps });
        }

        Assert.All(all.Where(c => c.DaysInStep is null), c => Assert.Null(c.ChanceWithin));
    }

    [Fact]
    public void TheChanceIsConditionalOnTheDaysAlreadyWaited()
    {
        // C8 has waited 40 days for M2 (archived on day 90). From day 40 on, M2's cohort is C8 itself
        // (censored at 40), C3's event at 60 and C4 censored at 70: one event among 2 at risk by day
        // 70, so S = 1/2 with Greenwood's variance 1 / (2 · 1); the curve ends at day 70.
        var company = CompanyVelocityCalculator.Compute(_velocity, C8);

        var chances = company.ChanceWithin!.Value;
        var days30 = chances.Days30!.Value;
        Assert.Equal(0.5, days30.P, Tolerance);
        var standardError = Math.Sqrt(0.5);
        Assert.Equal(1 - Math.Min(1, 0.5 * Math.Exp(KaplanMeierForecast.Z95 * standardError)), days30.CiLow!.Value, Tolerance);
        Assert.Equal(1 - (0.5 * Math.Exp(-KaplanMeierForecast.Z95 * standardError)), days30.CiHigh!.Value, Tolerance);
        Assert.Null(chances.Days90);
        Assert.Null(chances.Days180);
    }

    [Fact]
    public void ACompanyThatWaitedUntilTheEndOfItsCurveHasNoChanceToForecast()
    {
        // C4 has waited 70 days for M2, the longest of M2's cohort: nothing is known beyond it.
        var company = CompanyVelocityCalculator.Compute(_velocity, C4);

        Assert.Equal(new MilestoneChances(null, null, null), company.ChanceWithin);
    }

    [Fact]
    public void ACompleteCompanyHasNoChanceAtAll()
    {
        Assert.Null(CompanyVelocityCalculator.Compute(_velocity, C1).ChanceWithin);
    }

    [Fact]
    public void TheCurvesForecastIsBuiltOnceAndShared()
    {
        var curve = _velocity.Steps[0].Curve;

        Assert.Same(curve.Forecast, curve.Forecast);
    }
}
