using System.Runtime.CompilerServices;
using ImpactOS.Core.Statistics;

namespace ImpactOS.Core.Effects;

/// <summary>
/// Upper bounds (how many values are ≤ x) in a sorted array of finite doubles, for millions of
/// look-ups in one array. The values' range is cut into equal buckets, each knowing where its
/// values start; a look-up reads its bucket and searches only the values in it, instead of a binary
/// search's ~17 jumps across an array larger than the cache.
/// </summary>
/// <remarks>Exact, not approximate: a value's bucket is a non-decreasing function of it, so every
/// value in an earlier bucket is below x and every value in a later one above it; only x's own
/// bucket is searched.</remarks>
internal sealed class SortedLookup
{
    // About this many values per bucket: the bucket table stays a quarter of the array's size.
    private const int ValuesPerBucket = 4;

    private readonly double[] _sorted;
    private readonly double _min;
    private readonly double _scale;
    private readonly int _last;      // the last bucket
    private readonly int[] _starts;  // bucket b holds values [_starts[b], _starts[b + 1])

    /// <param name="sorted">Ascending, finite; used as given (not copied).</param>
    public SortedLookup(double[] sorted)
    {
        _sorted = sorted;
        var buckets = Math.Max(1, sorted.Length / ValuesPerBucket);
        _last = buckets - 1;
        _min = sorted.Length == 0 ? 0 : sorted[0];
        var range = sorted.Length == 0 ? 0 : sorted[^1] - _min;
        _scale = range > 0 ? buckets / range : 0;
        _starts = new int[buckets + 1];
        var b = 0;
        for (var k = 0; k < sorted.Length; k++)
        {
            for (var v = Bucket(sorted[k]); b < v;)
            {
                _starts[++b] = k;
            }
        }

        while (b < buckets)
        {
            _starts[++b] = sorted.Length;
        }
    }

    /// <summary>The number of values ≤ <paramref name="x"/> (the index of the first value above it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int UpperBound(double x)
    {
        var b = Bucket(x);
        return SortedArrays.UpperBound(_sorted, x, _starts[b], _starts[b + 1]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(double x)
    {
        var f = (x - _min) * _scale;
        return f <= 0 ? 0 : f >= _last ? _last : (int)f;
    }
}
