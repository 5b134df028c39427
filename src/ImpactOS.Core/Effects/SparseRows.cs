using System.Numerics;
using System.Runtime.InteropServices;

namespace ImpactOS.Core.Effects;

/// <summary>
/// The covariates of a Cox model by row, keeping only the non-zero values (compressed rows). A row of
/// the program-effects model is inside at most a few programs, so a sweep over it costs the few
/// values it has, not one per program.
/// </summary>
internal sealed class SparseRows
{
    public SparseRows(int[] rowStart, int[] columns, double[] values, int columnCount)
    {
        RowStart = rowStart;
        Columns = columns;
        Values = values;
        ColumnCount = columnCount;
    }

    /// <summary>Row r holds the entries [RowStart[r], RowStart[r + 1]).</summary>
    public int[] RowStart { get; }

    public int[] Columns { get; }

    public double[] Values { get; }

    public int ColumnCount { get; }

    public int RowCount => RowStart.Length - 1;

    /// <summary>Σ βⱼ xᵣⱼ of row <paramref name="row"/>.</summary>
    public double Dot(int row, double[] beta)
    {
        var sum = 0.0;
        for (var e = RowStart[row]; e < RowStart[row + 1]; e++)
        {
            sum += beta[Columns[e]] * Values[e];
        }

        return sum;
    }

    /// <summary>target += factor · xᵣ.</summary>
    public void AddScaled(int row, double factor, double[] target) => AddScaled(row, factor, target.AsSpan());

    /// <summary>target += factor · xᵣ.</summary>
    public void AddScaled(int row, double factor, Span<double> target)
    {
        for (var e = RowStart[row]; e < RowStart[row + 1]; e++)
        {
            target[Columns[e]] += factor * Values[e];
        }
    }

    /// <summary>square (p × p) += factor · xᵣ xᵣᵀ, both halves.</summary>
    public void AddOuter(int row, double factor, double[] square)
    {
        var p = ColumnCount;
        int from = RowStart[row], to = RowStart[row + 1];
        for (var e = from; e < to; e++)
        {
            var scaled = factor * Values[e];
            var offset = Columns[e] * p;
            for (var f = from; f < to; f++)
            {
                square[offset + Columns[f]] += scaled * Values[f];
            }
        }
    }

    /// <summary>The same rows with only the columns <paramref name="keep"/> (renumbered 0…).</summary>
    public SparseRows KeepColumns(IReadOnlyList<int> keep)
    {
        var newIndex = new int[ColumnCount];
        Array.Fill(newIndex, -1);
        for (var k = 0; k < keep.Count; k++)
        {
            newIndex[keep[k]] = k;
        }

        var rowStart = new int[RowStart.Length];
        var columns = new List<int>(Columns.Length);
        var values = new List<double>(Values.Length);
        for (var r = 0; r < RowCount; r++)
        {
            for (var e = RowStart[r]; e < RowStart[r + 1]; e++)
            {
                var k = newIndex[Columns[e]];
                if (k >= 0)
                {
                    columns.Add(k);
                    values.Add(Values[e]);
                }
            }

            rowStart[r + 1] = columns.Count;
        }

        return new SparseRows(rowStart, [.. columns], [.. values], keep.Count);
    }
}

/// <summary>Dense vector kernels of the sweeps (SIMD where the machine has it).</summary>
internal static class DenseKernels
{
    /// <summary>target += factor · source, element by element.</summary>
    public static void AddScaled(Span<double> target, double factor, ReadOnlySpan<double> source)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var t = MemoryMarshal.Cast<double, Vector<double>>(target);
            var s = MemoryMarshal.Cast<double, Vector<double>>(source);
            var f = new Vector<double>(factor);
            for (var v = 0; v < t.Length; v++)
            {
                t[v] += f * s[v];
            }

            i = t.Length * Vector<double>.Count;
        }

        for (; i < target.Length; i++)
        {
            target[i] += factor * source[i];
        }
    }

    /// <summary>The upper triangle (diagonal included) of square (p × p) += weight · m mᵀ: the
    /// sweeps add a symmetric term per event, so they add half of it and <see cref="MirrorUpper"/>
    /// completes the matrix once at the end.</summary>
    public static void AddOuterUpper(double[] square, double weight, double[] m)
    {
        var p = m.Length;
        for (var i = 0; i < p; i++)
        {
            var scaled = weight * m[i];
            if (scaled != 0)
            {
                AddScaled(square.AsSpan((i * p) + i, p - i), scaled, m.AsSpan(i));
            }
        }
    }

    /// <summary>
    /// The upper triangles (diagonal included) of up to three p × p squares −= their factor (1,
    /// <paramref name="secondFactor"/>, <paramref name="thirdFactor"/>) times the symmetric form
    /// Q = c₁₁ x xᵀ + c₁₂ (x yᵀ + y xᵀ) + c₂₂ y yᵀ (with <paramref name="y"/> null, Q = c₁₁ x xᵀ).
    /// </summary>
    /// <remarks>Row i of Q is f₁ x + f₂ y with f₁ = c₁₁xᵢ + c₁₂yᵢ and f₂ = c₁₂xᵢ + c₂₂yᵢ: it is worked
    /// out once and taken from every square, so the sweeps' information and the PH test's two
    /// matrices cost one pass over the means, not three.</remarks>
    public static void SubtractFormUpper(
        double[] square, double[]? second, double secondFactor, double[]? third, double thirdFactor,
        double c11, double c12, double c22, double[] x, double[]? y)
    {
        var p = x.Length;
        var size = p * p;
        if (square.Length < size || second?.Length < size || third?.Length < size || y?.Length < p)
        {
            throw new ArgumentException("The squares must be p × p and y of length p."); // the vector loop reads and writes unchecked
        }

        for (var i = 0; i < p; i++)
        {
            var f1 = y is null ? c11 * x[i] : (c11 * x[i]) + (c12 * y[i]);
            var f2 = y is null ? 0 : (c12 * x[i]) + (c22 * y[i]);
            if (f1 == 0 && f2 == 0)
            {
                continue;
            }

            var offset = (i * p) + i;
            var length = p - i;
            var j = 0;
            if (Vector.IsHardwareAccelerated && length >= Vector<double>.Count)
            {
                ref var xs = ref MemoryMarshal.GetArrayDataReference(x);
                ref var ys = ref y is null ? ref xs : ref MemoryMarshal.GetArrayDataReference(y);
                ref var s1 = ref MemoryMarshal.GetArrayDataReference(square);
                ref var s2 = ref second is null ? ref s1 : ref MemoryMarshal.GetArrayDataReference(second);
                ref var s3 = ref third is null ? ref s1 : ref MemoryMarshal.GetArrayDataReference(third);
                Vector<double> vf1 = new(f1), vf2 = new(f2), vg2 = new(secondFactor), vg3 = new(thirdFactor);
                for (; j <= length - Vector<double>.Count; j += Vector<double>.Count)
                {
                    var at = (nuint)(i + j);
                    var q = vf1 * Vector.LoadUnsafe(ref xs, at);
                    if (y is not null)
                    {
                        q += vf2 * Vector.LoadUnsafe(ref ys, at);
                    }

                    var to = (nuint)(offset + j);
                    (Vector.LoadUnsafe(ref s1, to) - q).StoreUnsafe(ref s1, to);
                    if (second is not null)
                    {
                        (Vector.LoadUnsafe(ref s2, to) - (vg2 * q)).StoreUnsafe(ref s2, to);
                    }

                    if (third is not null)
                    {
                        (Vector.LoadUnsafe(ref s3, to) - (vg3 * q)).StoreUnsafe(ref s3, to);
                    }
                }
            }

            for (; j < length; j++)
            {
                var q = f1 * x[i + j];
                if (y is not null)
                {
                    q += f2 * y[i + j];
                }

                square[offset + j] -= q;
                if (second is not null)
                {
                    second[offset + j] -= secondFactor * q;
                }

                if (third is not null)
                {
                    third[offset + j] -= thirdFactor * q;
                }
            }
        }
    }

    /// <summary>Copies the upper triangle of square (p × p) onto the lower one.</summary>
    public static void MirrorUpper(double[] square, int p)
    {
        for (var i = 0; i < p; i++)
        {
            for (var j = i + 1; j < p; j++)
            {
                square[(j * p) + i] = square[(i * p) + j];
            }
        }
    }
}
