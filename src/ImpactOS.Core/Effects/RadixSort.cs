using System.Buffers;

namespace ImpactOS.Core.Effects;

/// <summary>
/// Sorts row indexes by a time, largest first, stably (rows with equal times keep their order): a
/// least-significant-digit radix sort on the times' bits, a byte at a time. The Cox data are sorted
/// by stop and by start within each stratum whenever the rows change; on 1.6 million rows this does
/// in a few linear passes what a comparison sort does in some twenty.
/// </summary>
internal static class RadixSort
{
    private const int Small = 64;

    /// <summary>Orders <c>items[lo, lo + length)</c> by <c>times[lo, lo + length)</c> (aligned with
    /// the items: <c>times[i]</c> belongs to <c>items[i]</c>) descending; <paramref name="times"/> is
    /// left as it was.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // once per stratum over every row: optimised from the first call
    public static void ByTimeDescending(double[] times, int[] items, int lo, int length)
    {
        if (length < Small)
        {
            InsertionSort(times, items, lo, length);
            return;
        }

        // Scratch from the shared pool (a fit sorts a few million rows each time the data change:
        // fresh arrays would be ~24 bytes a row of garbage); rented arrays may be longer, so every
        // loop below stops at length.
        var rented = (Keys: ArrayPool<ulong>.Shared.Rent(length), KeysOut: ArrayPool<ulong>.Shared.Rent(length),
            Order: ArrayPool<int>.Shared.Rent(length), OrderOut: ArrayPool<int>.Shared.Rent(length));
        try
        {
            Sort(times, items, lo, length, rented.Keys, rented.KeysOut, rented.Order, rented.OrderOut);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented.Keys);
            ArrayPool<ulong>.Shared.Return(rented.KeysOut);
            ArrayPool<int>.Shared.Return(rented.Order);
            ArrayPool<int>.Shared.Return(rented.OrderOut);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // once per stratum over every row: optimised from the first call
    private static void Sort(double[] times, int[] items, int lo, int length, ulong[] keysBuffer, ulong[] keysOutBuffer, int[] orderBuffer, int[] orderOutBuffer)
    {
        var keys = keysBuffer.AsSpan(0, length);
        var order = orderBuffer.AsSpan(0, length);
        for (var i = 0; i < length; i++)
        {
            keys[i] = ~Ascending(times[lo + i]); // descending times = ascending complemented keys
            order[i] = items[lo + i];
        }

        var keysOut = keysOutBuffer.AsSpan(0, length);
        var orderOut = orderOutBuffer.AsSpan(0, length);
        Span<int> counts = stackalloc int[256];
        for (var shift = 0; shift < 64; shift += 8)
        {
            counts.Clear();
            foreach (var key in keys)
            {
                counts[(int)((key >> shift) & 0xFF)]++;
            }

            if (counts[(int)((keys[0] >> shift) & 0xFF)] == length)
            {
                continue; // every key has this byte: the pass would change nothing
            }

            var sum = 0;
            for (var b = 0; b < 256; b++)
            {
                var count = counts[b];
                counts[b] = sum;
                sum += count;
            }

            for (var i = 0; i < length; i++)
            {
                var at = counts[(int)((keys[i] >> shift) & 0xFF)]++;
                keysOut[at] = keys[i];
                orderOut[at] = order[i];
            }

            var keysIn = keys;
            keys = keysOut;
            keysOut = keysIn;
            var orderIn = order;
            order = orderOut;
            orderOut = orderIn;
        }

        order.CopyTo(items.AsSpan(lo, length));
    }

    // The bits of a double as an unsigned number that orders like the double (negative numbers
    // reversed below the positive ones). −0 comes just before +0; NaN is not a time.
    private static ulong Ascending(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    private static void InsertionSort(double[] times, int[] items, int lo, int length)
    {
        var keys = times.AsSpan(lo, length).ToArray();
        for (var i = 1; i < length; i++)
        {
            var key = keys[i];
            var item = items[lo + i];
            var j = i - 1;
            while (j >= 0 && keys[j] < key)
            {
                keys[j + 1] = keys[j];
                items[lo + j + 1] = items[lo + j];
                j--;
            }

            keys[j + 1] = key;
            items[lo + j + 1] = item;
        }
    }
}
