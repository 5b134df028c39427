namespace ImpactOS.Core.Effects;

/// <summary>
/// Small dense symmetric matrices (row-major, n × n) as the survival package handles them: a
/// Cholesky (LDLᵀ) decomposition that treats pivots below a tolerance as zero (singular columns),
/// solves and a generalized inverse with those columns set to zero.
/// </summary>
internal static class SymmetricMatrix
{
    /// <summary>
    /// Decomposes <paramref name="m"/> in place into LDLᵀ (L below the diagonal, D on it).
    /// A pivot below <paramref name="toler"/> × the largest diagonal element is set to zero together
    /// with its column of L. Returns the rank, negated when the matrix is clearly not non-negative definite.
    /// </summary>
    public static int Cholesky(double[] m, int n, double toler)
    {
        var eps = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (m[(i * n) + i] > eps)
            {
                eps = m[(i * n) + i];
            }
        }

        eps = eps == 0 ? toler : eps * toler;
        var rank = 0;
        var nonNegative = 1;
        for (var i = 0; i < n; i++)
        {
            var pivot = m[(i * n) + i];
            if (!double.IsFinite(pivot) || pivot < eps)
            {
                m[(i * n) + i] = 0;
                for (var j = i + 1; j < n; j++)
                {
                    m[(j * n) + i] = 0;
                }

                if (pivot < -8 * eps)
                {
                    nonNegative = -1;
                }

                continue;
            }

            rank++;
            for (var j = i + 1; j < n; j++)
            {
                var temp = m[(j * n) + i] / pivot;
                m[(j * n) + i] = temp;
                m[(j * n) + j] -= temp * temp * pivot;
                for (var k = j + 1; k < n; k++)
                {
                    m[(k * n) + j] -= temp * m[(k * n) + i];
                }
            }
        }

        return rank * nonNegative;
    }

    /// <summary>Solves (LDLᵀ) x = y in place after <see cref="Cholesky"/>; singular components become 0.</summary>
    public static void Solve(double[] m, int n, Span<double> y)
    {
        for (var i = 0; i < n; i++)
        {
            var temp = y[i];
            for (var j = 0; j < i; j++)
            {
                temp -= y[j] * m[(i * n) + j];
            }

            y[i] = temp;
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var pivot = m[(i * n) + i];
            if (pivot == 0)
            {
                y[i] = 0;
                continue;
            }

            var temp = y[i] / pivot;
            for (var j = i + 1; j < n; j++)
            {
                temp -= y[j] * m[(j * n) + i];
            }

            y[i] = temp;
        }
    }

    /// <summary>
    /// The (generalized) inverse from a decomposition made by <see cref="Cholesky"/>, as a new full
    /// symmetric matrix; rows and columns of singular pivots are zero.
    /// </summary>
    public static double[] Inverse(double[] m, int n)
    {
        // Inverse of the unit lower triangle L, column by column.
        var lInv = new double[n * n];
        for (var c = 0; c < n; c++)
        {
            lInv[(c * n) + c] = 1;
            for (var r = c + 1; r < n; r++)
            {
                var sum = 0.0;
                for (var k = c; k < r; k++)
                {
                    sum += m[(r * n) + k] * lInv[(k * n) + c];
                }

                lInv[(r * n) + c] = -sum;
            }
        }

        // A⁻¹ = L⁻ᵀ D⁻¹ L⁻¹.
        var inverse = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = 0.0;
                for (var k = i; k < n; k++)
                {
                    var pivot = m[(k * n) + k];
                    if (pivot != 0)
                    {
                        sum += lInv[(k * n) + i] * lInv[(k * n) + j] / pivot;
                    }
                }

                inverse[(i * n) + j] = sum;
                inverse[(j * n) + i] = sum;
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (m[(i * n) + i] == 0)
            {
                for (var j = 0; j < n; j++)
                {
                    inverse[(i * n) + j] = 0;
                    inverse[(j * n) + i] = 0;
                }
            }
        }

        return inverse;
    }

    /// <summary>
    /// bᵀ A⁻¹ b with the survival package's <c>coxph.wtest</c> rule (singular directions dropped).
    /// </summary>
    public static double QuadraticForm(double[] a, int n, ReadOnlySpan<double> b, double toler)
    {
        var work = (double[])a.Clone();
        Cholesky(work, n, toler);
        var solved = b.ToArray();
        Solve(work, n, solved);
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += b[i] * solved[i];
        }

        return sum;
    }

    /// <summary>Solves A x = b by Gaussian elimination with partial pivoting (R's <c>solve</c>), returning bᵀ x.</summary>
    public static double SolveDotGeneral(double[] a, int n, ReadOnlySpan<double> b)
    {
        var m = (double[])a.Clone();
        var x = b.ToArray();
        for (var col = 0; col < n; col++)
        {
            var best = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[(r * n) + col]) > Math.Abs(m[(best * n) + col]))
                {
                    best = r;
                }
            }

            if (m[(best * n) + col] == 0)
            {
                return double.NaN; // singular: R's solve() stops here
            }

            if (best != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[(col * n) + k], m[(best * n) + k]) = (m[(best * n) + k], m[(col * n) + k]);
                }

                (x[col], x[best]) = (x[best], x[col]);
            }

            for (var r = col + 1; r < n; r++)
            {
                var factor = m[(r * n) + col] / m[(col * n) + col];
                if (factor == 0)
                {
                    continue;
                }

                for (var k = col; k < n; k++)
                {
                    m[(r * n) + k] -= factor * m[(col * n) + k];
                }

                x[r] -= factor * x[col];
            }
        }

        for (var r = n - 1; r >= 0; r--)
        {
            var sum = x[r];
            for (var k = r + 1; k < n; k++)
            {
                sum -= m[(r * n) + k] * x[k];
            }

            x[r] = sum / m[(r * n) + r];
        }

        var dot = 0.0;
        for (var i = 0; i < n; i++)
        {
            dot += b[i] * x[i];
        }

        return dot;
    }
}
