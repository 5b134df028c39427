namespace ImpactOS.Core.Effects;

/// <summary>
/// Counting-process survival data for a Cox model: one row per interval (start, stop] with its event
/// flag, stratum, cluster and covariates (row-major: <c>Covariates[row * TermCount + term]</c>).
/// </summary>
/// <remarks>The arrays are used as given (not copied); do not change them while a fit runs.</remarks>
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

        if (covariates.LongLength != (long)n * p)
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

        for (var i = 0; i < covariates.Length; i++)
        {
            if (!double.IsFinite(covariates[i]))
            {
                throw new ArgumentException($"Covariate value {i} is not finite.", nameof(covariates));
            }
        }

        Start = start;
        Stop = stop;
        Events = events;
        Strata = strata;
        Clusters = clusters;
        Covariates = covariates;
        TermNames = termNames;
    }

    public double[] Start { get; }

    public double[] Stop { get; }

    public bool[] Events { get; }

    /// <summary>Stratum id per row (any non-negative ids; each has its own baseline hazard).</summary>
    public int[] Strata { get; }

    /// <summary>Cluster id per row (e.g. the company), or <c>null</c>: with clusters the fit adds the robust variance.</summary>
    public int[]? Clusters { get; }

    public double[] Covariates { get; }

    public IReadOnlyList<string> TermNames { get; }

    public int RowCount => Start.Length;

    public int TermCount => TermNames.Count;
}
