using BenchmarkDotNet.Running;

// Examples:
//   dotnet run -c Release --project bench/ImpactOS.Bench.Core -- --filter '*' --job short
//   dotnet run -c Release --project bench/ImpactOS.Bench.Core -- --filter '*Portfolio*'
BenchmarkSwitcher.FromAssembly(typeof(ImpactOS.Bench.Core.VelocityBenchmarks).Assembly).Run(args);
