using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

public sealed class KaplanMeierForecastTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void AnEventExactlyAtTheWaitedTimeCountsWithinTheHorizon()
    {
        // Four companies still waiting at day 10; one reaches the milestone on day 10 itself.
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit([new(5, true), new(10, true), new(12, false), new(20, true), new(30, false)]));

        var chance = forecast.ChanceWithin(10, 0);

        Assert.NotNull(chance);
        Assert.Equal(0.25, chance.Value.P, Tolerance);
    }

    [Fact]
    public void ChanceIsOneMinusTheConditionalSurvivalWithItsLogInterval()
    {
        // From day 5 on: 4 at risk, events at 6 (of 4) and 8 (of 2) give S = 3/4 · 1/2.
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit([new(1, true), new(6, true), new(7, false), new(8, true), new(9, false)]));

        var chance = forecast.ChanceWithin(5, 3);

        Assert.NotNull(chance);
        var survival = 0.75 * 0.5;
        var standardError = Math.Sqrt((1.0 / (4 * 3)) + (1.0 / (2 * 1)));
        Assert.Equal(1 - survival, chance.Value.P, Tolerance);
        Assert.Equal(1 - Math.Min(1, survival * Math.Exp(KaplanMeierForecast.Z95 * standardError)), chance.Value.CiLow!.Value, Tolerance);
        Assert.Equal(1 - (survival * Math.Exp(-KaplanMeierForecast.Z95 * standardError)), chance.Value.CiHigh!.Value, Tolerance);
    }

    [Fact]
    public void NoChanceIsGivenForAHorizonPastTheLastObservedTime()
    {
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit([new(2, true), new(4, true), new(9, false)]));

        Assert.NotNull(forecast.ChanceWithin(3, 6));
        Assert.Null(forecast.ChanceWithin(3, 6.5));
    }

    [Fact]
    public void NoChanceIsGivenOnceTheCurveHasFallenToZeroOrWhenNoCompanyWaitedThatLong()
    {
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit([new(2, true), new(4, true)]));

        Assert.Null(forecast.ChanceWithin(4.5, 0));
        Assert.Null(new KaplanMeierForecast(KaplanMeierCurve.Empty).ChanceWithin(0, 30));
    }

    [Fact]
    public void ACurveThatFallsToZeroWithinTheHorizonGivesCertaintyWithoutAnInterval()
    {
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit([new(2, true), new(4, true)]));

        Assert.Equal(new MilestoneChance(1, null, null), forecast.ChanceWithin(1, 3));
    }

    [Fact]
    public void AWindowWithoutEventsGivesZeroWithAZeroWidthInterval()
    {
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit([new(2, true), new(5, false), new(9, true)]));

        Assert.Equal(new MilestoneChance(0, 0, 0), forecast.ChanceWithin(3, 4));
    }

    [Fact]
    public void ChancesForAsksThirtyNinetyAndOneHundredEightyDays()
    {
        var observations = Enumerable.Range(1, 200).Select(i => new SurvivalObservation(i * 1.5, i % 3 != 0));
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit(observations));

        var chances = forecast.ChancesFor(40);

        Assert.Equal(forecast.ChanceWithin(40, 30), chances.Days30);
        Assert.Equal(forecast.ChanceWithin(40, 90), chances.Days90);
        Assert.Equal(forecast.ChanceWithin(40, 180), chances.Days180);
        Assert.True(chances.Days30!.Value.P < chances.Days90!.Value.P && chances.Days90.Value.P < chances.Days180!.Value.P);
    }

    [Theory]
    [InlineData(-1, 30)]
    [InlineData(double.NaN, 30)]
    [InlineData(10, -0.5)]
    [InlineData(10, double.PositiveInfinity)]
    public void NegativeOrNonFiniteDaysAreRefused(double waited, double horizon)
    {
        var forecast = new KaplanMeierForecast(KaplanMeier.Fit([new(2, true)]));

        Assert.Throws<ArgumentOutOfRangeException>(() => forecast.ChanceWithin(waited, horizon));
    }
}
