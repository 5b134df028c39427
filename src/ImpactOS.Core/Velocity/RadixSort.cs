using System.Buffers;

namespace ImpactOS.Core.Velocity;

/// <summary>
/// Sorts non-negative finite doubles. The IEEE-754 bits of non-negative doubles order like unsigned
/// integers, so a least-significant-digit radix sort (6 passes of 11 bits, skipping passes where every
/// key has the same digit) replaces the comparison sort; small inputs use <see cref="Array.Sort(Array)"/>.
/// </summary>
internal static class RadixSort
{
    private const int SmallInput = 512;
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;

    /// <summary>Sorts <c>values[0..count)</c> ascending. All values must be finite and ≥ 0 (−0 is fine).</summary>
    public static void SortNonNegative(double[] values, int count)
    {
        if (count < SmallInput)
        {
            Array.Sort(values, 0, count);
            return;
        }

        var keys = ArrayPool<ulong>.Shared.Rent(count);
        var buffer = ArrayPool<ulong>.Shared.Rent(count);
        var histograms = ArrayPool<int>.Shared.Rent(Passes * Buckets);
        try
        {
            Array.Clear(histograms, 0, Passes * Buckets);
            for (var i = 0; i < count; i++)
            {
                var value = values[i];
                var key = value == 0 ? 0UL : BitConverter.DoubleToUInt64Bits(value); // folds −0 into +0
                keys[i] = key;
                for (var pass = 0; pass < Passes; pass++)
                {
                    histograms[(pass * Buckets) + (int)((key >> (pass * DigitBits)) & (Buckets - 1))]++;
                }
            }

            var source = keys;
            var target = buffer;
            for (var pass = 0; pass < Passes; pass++)
            {
                var offset = pass * Buckets;
                var shift = pass * DigitBits;
                if (histograms[offset + (int)((source[0] >> shift) & (Buckets - 1))] == count)
                {
                    continue; // every key has this digit: the pass would not move anything
                }

                // Exclusive prefix sums: the first slot of each bucket.
                var position = 0;
                for (var b = 0; b < Buckets; b++)
                {
                    var bucketCount = histograms[offset + b];
                    histograms[offset + b] = position;
                    position += bucketCount;
                }

                for (var i = 0; i < count; i++)
                {
                    var key = source[i];
                    target[histograms[offset + (int)((key >> shift) & (Buckets - 1))]++] = key;
                }

                (source, target) = (target, source);
            }

            for (var i = 0; i < count; i++)
            {
                values[i] = BitConverter.UInt64BitsToDouble(source[i]);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(histograms);
        }
    }
}
