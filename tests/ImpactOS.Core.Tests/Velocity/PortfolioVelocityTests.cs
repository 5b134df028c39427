using ImpactOS.Core.Velocity;
using static ImpactOS.Core.Tests.Velocity.EightCompanyTrack;

namespace ImpactOS.Core.Tests.Velocity;

public sealed class PortfolioVelocityTests
{
    [Fact]
    public void PortfolioGivesEveryCompanyTheSameVelocityAsComputingItAlone()
    {
        var portfolio = PortfolioVelocityCalculator.Compute(Track, Companies(), AsOf);

        Assert.Equal(Companies().Select(c => c.CompanyId), portfolio.Companies.Select(c => c.CompanyId));
        foreach (var company in portfolio.Companies)
        {
            // Record equality: steps are compared element by element.
            Assert.Equal(CompanyVelocityCalculator.Compute(portfolio.Track, company.CompanyId), company);
        }
    }

    [Fact]
    public void PortfolioStatusesOfTheEightCompanyTrack()
    {
        var portfolio = PortfolioVelocityCalculator.Compute(Track, Companies(), AsOf);

        Assert.Equal(
            [
                VelocityStatus.Complete,      // C1
                VelocityStatus.NotEnoughData, // C2: M3 has 2 events
                VelocityStatus.NotEnoughData, // C3
                VelocityStatus.NotEnoughData, // C4: M2 has 3 events
                VelocityStatus.Complete,      // C5
                VelocityStatus.AtRisk,        // C6: 40 days in M1, median 25, P75 45
                VelocityStatus.NotEnoughData, // C7
                VelocityStatus.NotEnoughData, // C8
            ],
            portfolio.Companies.Select(c => c.Status));
    }

    [Fact]
    public void LargeSyntheticPortfolioHasOneVelocityPerCompanyAndConsistentCounts()
    {
        var (track, companies, asOf) = SyntheticPortfolio.Create(companyCount: 2_000, stepCount: 11, seed: 7);

        var portfolio = PortfolioVelocityCalculator.Compute(track, companies, asOf);

        Assert.Equal(2_000, portfolio.Companies.Count);
        Assert.Equal(portfolio.Track.CompanySteps.Sum(s => s.Completed.Count), portfolio.Track.Steps.Sum(s => s.Events));
        Assert.Equal(portfolio.Track.CompanySteps.Count(s => s.Open is not null), portfolio.Track.Steps.Sum(s => s.Censored));
        Assert.Equal(
            portfolio.Track.CompanySteps.Count(s => s.IsComplete),
            portfolio.Companies.Count(c => c.Status == VelocityStatus.Complete));
        Assert.All(portfolio.Track.Steps, s => Assert.Equal(s.Entered, s.Curve.Points.Sum(p => p.Events + p.Censored)));
    }
}
