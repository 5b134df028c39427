namespace ImpactOS.Core.Statistics;

/// <summary>Binary searches over ascending arrays, shared by the estimators (value types keep their
/// own compiled copy, so a double or long search costs what a hand-written one does).</summary>
public static class SortedArrays
{
    /// <summary>How many elements are ≤ <paramref name="value"/>: the index of the first greater one.</summary>
    public static int UpperBound<T>(T[] sorted, T value) where T : IComparable<T> => UpperBound(sorted, value, 0, sorted.Length);

    /// <summary>The same within <c>sorted[from, to)</c>, when every element before <paramref name="from"/>
    /// is known to be ≤ <paramref name="value"/> and every one from <paramref name="to"/> on to be above it.</summary>
    public static int UpperBound<T>(T[] sorted, T value, int from, int to) where T : IComparable<T>
    {
        int lo = from, hi = to;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].CompareTo(value) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
