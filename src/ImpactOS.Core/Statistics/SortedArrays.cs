namespace ImpactOS.Core.Statistics;

/// <summary>Binary searches over ascending arrays, shared by the estimators (value types keep their
/// own compiled copy, so a double or long search costs what a hand-written one does).</summary>
public static class SortedArrays
{
    /// <summary>How many elements are ≤ <paramref name="value"/>: the index of the first greater one.</summary>
    public static int UpperBound<T>(T[] sorted, T value) where T : IComparable<T>
    {
        int lo = 0, hi = sorted.Length;
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
