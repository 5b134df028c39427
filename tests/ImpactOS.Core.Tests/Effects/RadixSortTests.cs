using ImpactOS.Core.Effects;

namespace ImpactOS.Core.Tests.Effects;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(5_000)]
    public void OrdersByTimeDescendingAndKeepsTiesInTheirOrder(int length)
    {
        // Few distinct values (many ties), negative values, zeros of both signs, fractions and a range.
        var random = new Random(length);
        var pool = new[] { -3.5, -0.0, 0.0, 0.25, 1, 1e-9, 7.75, 30, 365.5, 1e6, double.Epsilon };
        var times = Enumerable.Range(0, length).Select(_ => random.Next(3) == 0 ? random.NextDouble() * 1000 : pool[random.Next(pool.Length)]).ToArray();
        var items = Enumerable.Range(0, length + 3).ToArray(); // sorted range [2, 2 + length), items = their positions
        var timesInRange = new double[length + 3];
        times.CopyTo(timesInRange, 2);

        RadixSort.ByTimeDescending(timesInRange, items, 2, length);

        var expected = Enumerable.Range(2, length).OrderByDescending(i => timesInRange[i]).ThenBy(i => i).ToArray(); // stable
        Assert.Equal(expected.Select(i => timesInRange[i]), items.Skip(2).Take(length).Select(i => timesInRange[i]));
        var equalRunsKeepOrder = items.Skip(2).Take(length).Zip(items.Skip(3).Take(length - 1))
            .Where(pair => timesInRange[pair.First] == timesInRange[pair.Second] && BitConverter.DoubleToInt64Bits(timesInRange[pair.First]) == BitConverter.DoubleToInt64Bits(timesInRange[pair.Second]))
            .All(pair => pair.First < pair.Second);
        Assert.True(equalRunsKeepOrder);
        Assert.Equal([0, 1], items.Take(2));
        Assert.Equal([length + 2], items.Skip(length + 2));
    }
}
