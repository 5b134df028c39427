using System.Runtime.CompilerServices;
namespace ImpactOS.Core.Effects;

/// <summary>Orders row indexes by (group, time descending): a counting sort by group, then one sort per group.</summary>
internal static class IndexSort
{
    /// <summary>
    /// The elements of <paramref name="rows"/> ordered by <paramref name="groupOf"/> ascending, then by
    /// <paramref name="time"/> descending; ties keep the order they have in <paramref name="rows"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    public static int[] ByGroupThenTimeDescending(int[] rows, int[] groupOf, int groupCount, double[] time)
    {
        var bounds = new int[groupCount + 1];
        foreach (var row in rows)
        {
            bounds[groupOf[row] + 1]++;
        }

        for (var g = 0; g < groupCount; g++)
        {
            bounds[g + 1] += bounds[g];
        }

        var next = (int[])bounds.Clone();
        var result = new int[rows.Length];
        foreach (var row in rows)
        {
            result[next[groupOf[row]]++] = row;
        }

        var keys = new double[rows.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = time[result[i]];
        }

        // The groups are disjoint ranges of the arrays, so they sort side by side.
        Parallel.For(0, groupCount, g => RadixSort.ByTimeDescending(keys, result, bounds[g], bounds[g + 1] - bounds[g]));

        return result;
    }
}
