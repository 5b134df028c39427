using BenchmarkDotNet.Attributes;
using ImpactOS.Core.Effects;
using ImpactOS.Core.Tests.Velocity;
using ImpactOS.Core.Velocity;

namespace ImpactOS.Bench.Core;

/// <summary>
/// Program effects at the large tenant's size: 20,000 synthetic companies on an 11-step track
/// (about 150,000 achievements), 30,000 enrolments in 40 programs and 1,000,000 meetings and calls
/// (half of the benchmark's 2,000,000 interactions are of those kinds); building the
/// counting-process rows and fitting both models. Deterministic seed.
/// </summary>
[MemoryDiagnoser]
public class EffectsBenchmarks
{
    private TrackEffectsInput[] _tracks = [];
    private DateTime _asOf;
    private CountingProcess _data = null!;
    private int _writes;

    [GlobalSetup]
    public void Setup()
    {
        (var track, var companies, _asOf) = SyntheticPortfolio.Create(20_000, stepCount: 11, seed: 20240611);
        var random = new Random(2026);
        var programs = Enumerable.Range(0, 40).Select(_ => Guid.CreateVersion7()).ToArray();
        var inputs = new List<CompanyEffectsInput>(companies.Length);
        for (var i = 0; i < companies.Length; i++)
        {
            var history = companies[i];
            var span = (_asOf - history.TrackStart).TotalDays;
            var enrolments = new List<ProgramEnrolment>();
            for (var e = 0; e < (i % 2 == 0 ? 2 : 1); e++)
            {
                var from = DateOnly.FromDateTime(history.TrackStart.AddDays(random.NextDouble() * Math.Max(span, 1)));
                enrolments.Add(new ProgramEnrolment(programs[random.Next(programs.Length)], from, random.Next(4) == 0 ? null : from.AddDays(90 + random.Next(120))));
            }

            var meetings = new DateTime[50];
            for (var m = 0; m < meetings.Length; m++)
            {
                meetings[m] = history.TrackStart.AddMinutes(random.NextDouble() * Math.Max(span, 1) * 1440);
            }

            inputs.Add(new CompanyEffectsInput(history, enrolments, meetings));
        }

        _tracks = [new TrackEffectsInput(Guid.CreateVersion7(), track, inputs)];
        _data = CountingProcessBuilder.Build(_tracks, _asOf);
    }

    [Benchmark(Description = "Counting-process rows")]
    public CountingProcess Rows() => CountingProcessBuilder.Build(_tracks, _asOf);

    [Benchmark(Description = "Fit by=any (enrolled + meetings_90d)")]
    public ProgramEffects FitAny() => ProgramEffectsCalculator.Compute(_data, EffectsBy.Any);

    [Benchmark(Description = "Fit by=program (40 programs + meetings_90d)")]
    public ProgramEffects FitProgram() => ProgramEffectsCalculator.Compute(_data, EffectsBy.Program);

    /// <summary>The model's rows alone (the first call also sorts the sweep order, shared afterwards).</summary>
    public CoxData ModelRows(EffectsBy by) => _data.ToCoxData(by, by == EffectsBy.Program ? _data.ProgramsInForce() : []);

    /// <summary>What a report read right after a write costs in the core, as the app does it: one
    /// company's input is a new object (the cache's patch reads that company again), the rows are
    /// built again reusing the other companies' (<c>previous</c>), then the fit.</summary>
    public ProgramEffects AfterWrite(EffectsBy by)
    {
        var track = _tracks[0];
        var companies = track.Companies.ToArray();
        var written = _writes++ * 7919 % companies.Length;
        companies[written] = companies[written] with { };
        TrackEffectsInput[] tracks = [track with { Companies = companies }];
        return ProgramEffectsCalculator.Compute(CountingProcessBuilder.Build(tracks, _asOf, previous: _data), by);
    }

    /// <summary>The same with every row built anew (a reload: a company or a program edited).</summary>
    public ProgramEffects AfterReload(EffectsBy by) => ProgramEffectsCalculator.Compute(CountingProcessBuilder.Build(_tracks, _asOf), by);
}
