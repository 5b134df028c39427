namespace ImpactOS.Core.Effects;

/// <summary>
/// Counting-process survival data for a Cox model: one row per interval (start, stop] with its event
/// flag, stratum, cluster and covariates (given row-major: <c>covariates[row * TermCount + term]</c>).
/// </summary>
/// <remarks>The arrays are used as given (not copied); do not change them while a fit runs. The covariates
/// are kept by their non-zero values.</remarks>
public sealed class CoxData
{
    /// <exception cref="ArgumentException">Lengths disagree, a time is not finite, an interval is
    /// empty (start ≥ stop, which R's <c>Surv</c> refuses), a stratum or cluster is negative, a
    /// covariate is not finite, or there is no term.</exception>
    public CoxData(
        double[] start,
        double[] stop,
        bool[] events,
        int[] strata,
        int[]? clusters,
        double[] covariates,
        IReadOnlyList<string> termNames)
        : this(start, stop, events, strata, clusters, Sparse(covariates, start?.Length ?? 0, termNames?.Count ?? 0), termNames!)
    {
    }

    /// <summary>The same with the covariates given by their non-zero values (how the program-effects
    /// data are built: a row is inside at most a few of the programs).</summary>
    internal CoxData(
        double[] start,
        double[] stop,
        bool[] events,
        int[] strata,
        int[]? clusters,
        SparseRows covariates,
        IReadOnlyList<string> termNames)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(stop);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(termNames);
        var n = start.Length;
        var p = termNames.Count;
        if (p == 0)
        {
            throw new ArgumentException("A Cox model needs at least one term.", nameof(termNames));
        }

        if (stop.Length != n || events.Length != n || strata.Length != n || (clusters is not null && clusters.Length != n))
        {
            throw new ArgumentException("Every row needs a start, stop, event, stratum (and cluster, when given).", nameof(stop));
        }

        if (covariates.RowCount != n || covariates.ColumnCount != p)
        {
            throw new ArgumentException($"Expected {n} × {p} covariate values.", nameof(covariates));
        }

        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(start[i]) || !double.IsFinite(stop[i]) || !(start[i] < stop[i]))
            {
                throw new ArgumentException($"Row {i}: the interval ({start[i]}, {stop[i]}] is not a finite, non-empty interval.", nameof(start));
            }

            if (strata[i] < 0 || (clusters is not null && clusters[i] < 0))
            {
                throw new ArgumentException($"Row {i}: strata and clusters are non-negative ids.", nameof(strata));
            }
        }

        foreach (var value in covariates.Values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("A covariate value is not finite.", nameof(covariates));
            }
        }

        Start = start;
        Stop = stop;
        Events = events;
        Strata = strata;
        Clusters = clusters;
        X = covariates;
        TermNames = termNames;
    }

    public double[] Start { get; }

    public double[] Stop { get; }

    public bool[] Events { get; }

    /// <summary>Stratum id per row (any non-negative ids; each has its own baseline hazard).</summary>
    public int[] Strata { get; }

    /// <summary>Cluster id per row (e.g. the company), or <c>null</c>: with clusters the fit adds the robust variance.</summary>
    public int[]? Clusters { get; }

    /// <summary>The covariates by row, non-zero values only.</summary>
    internal SparseRows X { get; }

    /// <summary>The value of <paramref name="term"/> in <paramref name="row"/>.</summary>
    public double Covariate(int row, int term)
    {
        for (var e = X.RowStart[row]; e < X.RowStart[row + 1]; e++)
        {
            if (X.Columns[e] == term)
            {
                return X.Values[e];
            }
        }

        return 0;
    }

    public IReadOnlyList<string> TermNames { get; }

    public int RowCount => Start.Length;

    public int TermCount => TermNames.Count;

    private static SparseRows Sparse(double[] covariates, int n, int p)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        if (covariates.LongLength != (long)n * p)
        {
            throw new ArgumentException($"Expected {n} × {p} covariate values.", nameof(covariates));
        }

        var rowStart = new int[n + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (var r = 0; r < n; r++)
        {
            for (var j = 0; j < p; j++)
            {
                var v = covariates[(r * p) + j];
                if (v != 0)
                {
                    columns.Add(j);
                    values.Add(v);
                }
            }

            rowStart[r + 1] = columns.Count;
        }

        return new SparseRows(rowStart, [.. columns], [.. values], p);
    }
}
