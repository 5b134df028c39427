using BenchmarkDotNet.Attributes;
using ImpactOS.Core.Tests.Velocity;
using ImpactOS.Core.Velocity;

namespace ImpactOS.Bench.Core;

/// <summary>
/// Portfolio page workload: track velocity plus every company's velocity for 20,000 synthetic
/// companies on an 11-step track (deterministic seed).
/// </summary>
[MemoryDiagnoser]
public class VelocityBenchmarks
{
    private TrackMilestone[] _track = [];
    private CompanyHistory[] _companies = [];
    private DateTime _asOf;
    private TrackVelocity _trackVelocity = null!;

    [Params(20_000)]
    public int Companies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_track, _companies, _asOf) = SyntheticPortfolio.Create(Companies, stepCount: 11, seed: 20240611);
        _trackVelocity = TrackVelocityCalculator.Compute(_track, _companies, _asOf);
    }

    [Benchmark(Baseline = true, Description = "Track velocity + all company velocities")]
    public PortfolioVelocity Portfolio() => PortfolioVelocityCalculator.Compute(_track, _companies, _asOf);

    [Benchmark(Description = "Track velocity only")]
    public TrackVelocity TrackOnly() => TrackVelocityCalculator.Compute(_track, _companies, _asOf);

    [Benchmark(Description = "All company velocities from a computed track")]
    public IReadOnlyList<CompanyVelocity> CompaniesOnly() => CompanyVelocityCalculator.ComputeAll(_trackVelocity);

    /// <summary>The part of the company velocities that is the forecast: every step's forecast built
    /// afresh (as after a snapshot reload) and every open step's chances within 30/90/180 days.</summary>
    [Benchmark(Description = "Forecasts only: build per step, chances per company")]
    public double Forecasts()
    {
        var forecasts = _trackVelocity.Steps.Select(s => new KaplanMeierForecast(s.Curve)).ToArray();
        var sum = 0.0;
        foreach (var steps in _trackVelocity.CompanySteps)
        {
            if (steps.Open is { } open)
            {
                sum += forecasts[open.StepIndex].ChancesFor(open.DurationDays).Days90?.P ?? 0;
            }
        }

        return sum;
    }
}
