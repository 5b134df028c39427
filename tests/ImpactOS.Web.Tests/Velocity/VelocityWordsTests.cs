using ImpactOS.Web.Features.Velocity;

namespace ImpactOS.Web.Tests.Velocity;

public sealed class VelocityWordsTests
{
    [Fact]
    public void TheHeadlineNamesTheFirstStepHalfTheCompaniesReachedInWholeDays()
    {
        var steps = new (int, string, double?)[] { (2, "MVP", 142.6), (1, "Idea", null), (3, "Revenue", 30) };

        Assert.Equal(
            "Half of SaaS companies reached MVP within 142 days of their previous milestone; companies still waiting count until today.",
            VelocityWords.HalfReached("SaaS", steps, null));
    }

    [Fact]
    public void TheHeadlineSaysSoWhenNoStepHasAMedianAndCountsUntilTheReportDate()
    {
        Assert.Equal(
            "Fewer than half of SaaS companies have reached any milestone of the track yet; companies still waiting count until 31 May 2024.",
            VelocityWords.HalfReached("SaaS", [(1, "Idea", null)], new DateOnly(2024, 5, 31)));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(12.99, "12")]
    [InlineData(143.0, "143")]
    public void WholeDaysCountTheDaysCompleted(double days, string expected) =>
        Assert.Equal(expected, VelocityWords.WholeDays(days));

    [Theory]
    [InlineData(0.2391, 0.1204, 0.3822, "24 % (95 % CI 12–38 %)")]
    [InlineData(0.004, 0.0, 0.02, "under 1 % (95 % CI 0–2 %)")]
    [InlineData(0.996, 0.97, 0.999, "over 99 % (95 % CI 97–100 %)")]
    [InlineData(0.0, 0.0, 0.0, "0 % (none of the track's companies that waited as long reached it in that time)")]
    public void AChanceReadsAsAWholePercentageWithItsInterval(double p, double low, double high, string expected) =>
        Assert.Equal(expected, VelocityWords.Chance(new ChanceDto(p, low, high)));

    [Fact]
    public void CertaintyHasNoIntervalAndNoChanceIsNotEnoughDataToForecast()
    {
        Assert.Equal("100 % (every company of the track that waited as long reached it in that time)", VelocityWords.Chance(new ChanceDto(1, null, null)));
        Assert.Equal("not enough data to forecast", VelocityWords.Chance(null));
        Assert.Equal("—", VelocityWords.ChanceShort(null));
    }
}
