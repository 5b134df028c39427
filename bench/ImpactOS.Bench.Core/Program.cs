using System.Diagnostics;
using BenchmarkDotNet.Running;
using ImpactOS.Bench.Core;

// Examples:
//   dotnet run -c Release --project bench/ImpactOS.Bench.Core -- --filter '*' --job short
//   dotnet run -c Release --project bench/ImpactOS.Bench.Core -- --filter '*Portfolio*'
//   dotnet run -c Release --project bench/ImpactOS.Bench.Core -- --effects-once [runs] [program|after-write]   (a Stopwatch per step, no BenchmarkDotNet: for working on the engine)
if (args is ["--effects-once", ..])
{
    var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
    var effects = new EffectsBenchmarks();
    effects.Setup();
    for (var run = 0; run < runs; run++)
    {
        if (args is [_, _, "after-write"])
        {
            // The report read after a write (one company's rows built again) and after a reload (all).
            Time("after write any", () => effects.AfterWrite(ImpactOS.Core.Effects.EffectsBy.Any));
            Time("after write prog", () => effects.AfterWrite(ImpactOS.Core.Effects.EffectsBy.Program));
            Time("reload prog", () => effects.AfterReload(ImpactOS.Core.Effects.EffectsBy.Program));
            continue;
        }

        if (args is not [_, _, "program"])
        {
            Time("rows", () => effects.Rows());
            Time("model rows any", () => effects.ModelRows(ImpactOS.Core.Effects.EffectsBy.Any));
            Time("model rows prog", () => effects.ModelRows(ImpactOS.Core.Effects.EffectsBy.Program));
            Time("fit by=any", () => effects.FitAny());
        }

        Time("fit by=program", () => effects.FitProgram());
    }

    return;
}

BenchmarkSwitcher.FromAssembly(typeof(VelocityBenchmarks).Assembly).Run(args);

static void Time(string name, Func<object> step)
{
    var allocated = GC.GetTotalAllocatedBytes();
    var gen2 = GC.CollectionCount(2);
    var gen0 = GC.CollectionCount(0);
    var paused = GC.GetTotalPauseDuration();
    var watch = Stopwatch.StartNew();
    GC.KeepAlive(step());
    Console.WriteLine($"{name,-16} {watch.Elapsed.TotalMilliseconds,8:0} ms {(GC.GetTotalAllocatedBytes() - allocated) / 1e6,8:0} MB, GC: {GC.CollectionCount(0) - gen0} collections ({GC.CollectionCount(2) - gen2} full), {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms paused");
}
