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
}
