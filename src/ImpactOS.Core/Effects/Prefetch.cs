using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ImpactOS.Core.Effects;

/// <summary>
/// A hint to the processor to bring a cache line in before it is needed. The sweeps reach leaving
/// rows and clusters' residual sums in an order that jumps around memory; they know which ones
/// come next, so they ask for them a few rows ahead. A hint only: it never changes a value, never
/// faults (even on a stale address), and does nothing where the processor has no such instruction.
/// </summary>
internal static class Prefetch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line<T>(ref T at)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref at));
        }
    }
}
