using ImpactOS.Core.Effects;
using ImpactOS.Core.Statistics;

namespace ImpactOS.Core.Tests.Effects;

public sealed class SortedLookupTests
{
    public static TheoryData<string> Layouts => ["spread", "clustered", "ties", "one", "empty", "constant"];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void UpperBoundIsTheCountOfValuesAtOrBelowEveryProbe(string layout)
    {
        var random = new Random(layout.Length);
        var values = (layout switch
        {
            "spread" => Enumerable.Range(0, 10_000).Select(_ => random.NextDouble() * 3650),
            // Most values in a sliver of the range, a few far out: buckets of very different fill.
            "clustered" => Enumerable.Range(0, 10_000).Select(i => i % 100 == 0 ? random.NextDouble() * 1e6 : 5 + (random.NextDouble() * 1e-3)),
            "ties" => Enumerable.Range(0, 10_000).Select(_ => (double)random.Next(20)),
            "one" => [42.5],
            "empty" => [],
            _ => Enumerable.Repeat(7.0, 50),
        }).Order().ToArray();
        var lookup = new SortedLookup(values);

        // Every value, its neighbours one ulp away, points between and far outside the range.
        var probes = values.SelectMany(v => new[] { v, Math.BitDecrement(v), Math.BitIncrement(v) })
            .Concat(Enumerable.Range(0, 2_000).Select(_ => (random.NextDouble() * 2.2e6) - 1e5))
            .Concat([double.MinValue, -1, 0, 1e300]);
        foreach (var x in probes)
        {
            Assert.Equal(SortedArrays.UpperBound(values, x), lookup.UpperBound(x));
        }
    }
}
