namespace ImpactOS.Core.Effects;

/// <summary>
/// A request, passed to <see cref="CoxEngine.Accumulate"/>, for the score residuals
/// ∫ (x − x̄(t)) dMᵢ(t) summed per cluster; the sweep fills <see cref="Sums"/>.
/// </summary>
internal sealed class ClusterResiduals(int[] clusterOf, int clusterCount)
{
    /// <summary>The dense cluster of each row, in the engine's join order.</summary>
    public int[] ClusterOf { get; } = clusterOf;

    public int ClusterCount { get; } = clusterCount;

    /// <summary>Row-major (cluster × P), in the engine's scaled coordinates.</summary>
    public double[]? Sums { get; set; }
}

/// <summary>
/// The score-residual terms of one chunk's sweep, as agscore computes them, fed by the sweep at its
/// joins, leaves and event times.
/// </summary>
/// <remarks>
/// A row is credited r (x Λ − xΛ̄) when it joins the risk set and debited the same at the later
/// totals when it leaves: the difference is −r ∫ (x − x̄) dΛ over the event times it was at risk for,
/// with Λ the cumulative hazard and xΛ̄ the running Σ x̄ dΛ. A death adds x − x̄ at its event time;
/// with Efron ties it shares the d jumps with weights (d − k)/d and gives back the rest.
/// <para>The dense part of a credit, −r xΛ̄, is the same vector for every row that joins or leaves
/// between two event times, so it is not added row by row: each cluster keeps its Σ r until xΛ̄
/// next changes, then takes one update (a company's consecutive intervals leave and join at the
/// same event time, so that is about half the dense updates).</para>
/// </remarks>
internal sealed class ResidualWalk(double[] sums, int[] clusterOf, int p, int clusterCount)
{
    private readonly double[] _pending = new double[clusterCount];
    private readonly List<int> _touched = [];
    private readonly double[] _xhaz = new double[p];
    private readonly double[] _mh2 = new double[p];
    private readonly double[] _mh3 = new double[p];
    private double _cumhaz;
    private double _mh1;

    public void StartStratum()
    {
        Flush();
        _cumhaz = 0;
        Array.Clear(_xhaz);
    }

    public void Join(SparseRows x, int row, double risk) => AddHazardPart(x, row, risk);

    public void Leave(SparseRows x, int row, double risk) => AddHazardPart(x, row, -risk);

    /// <summary>An event time whose deaths take the hazard jump in full (one death, or Breslow ties).</summary>
    public void Event(SparseRows x, List<int> deathRows, double hazard, double[] mean)
    {
        Flush();
        _cumhaz += hazard;
        DenseKernels.AddScaled(_xhaz, hazard, mean);
        foreach (var r in deathRows)
        {
            var target = Cluster(r);
            x.AddScaled(r, 1, target);
            DenseKernels.AddScaled(target, -1, mean);
        }
    }

    public void StartTiedDeaths()
    {
        Flush();
        _mh1 = 0;
        Array.Clear(_mh2);
        Array.Clear(_mh3);
    }

    /// <summary>One of the d Efron jumps: its hazard, the share the deaths give back, 1/d and the
    /// jump's mean.</summary>
    public void TiedJump(double hazard, double givenBack, double fraction, double[] mean)
    {
        _cumhaz += hazard;
        _mh1 += hazard * givenBack;
        for (var i = 0; i < mean.Length; i++)
        {
            _xhaz[i] += mean[i] * hazard;
            _mh2[i] += mean[i] * hazard * givenBack;
            _mh3[i] += mean[i] * fraction;
        }
    }

    /// <summary>After the d jumps: each death gets xᵢ − mh3ᵢ + r (xᵢ mh1 − mh2ᵢ).</summary>
    public void TiedDeaths(SparseRows x, List<int> deathRows, double[] risk)
    {
        foreach (var r in deathRows)
        {
            var target = Cluster(r);
            x.AddScaled(r, 1 + (risk[r] * _mh1), target);
            DenseKernels.AddScaled(target, -1, _mh3);
            DenseKernels.AddScaled(target, -risk[r], _mh2);
        }
    }

    /// <summary>Asks for the cluster id of a row that comes later.</summary>
    public void PrefetchClusterOf(int row) => Prefetch.Line(ref clusterOf[row]);

    /// <summary>Asks for the residual sums of a row's cluster, which it will add to soon.</summary>
    public void PrefetchCluster(int row)
    {
        var start = clusterOf[row] * p;
        for (var i = 0; i < p; i += 8)
        {
            Prefetch.Line(ref sums[start + i]);
        }

        Prefetch.Line(ref sums[start + p - 1]);
    }

    private Span<double> Cluster(int row) => sums.AsSpan(clusterOf[row] * p, p);

    /// <summary>The pending dense credits, before xΛ̄ changes (and once at the end of the walk).</summary>
    public void Flush()
    {
        foreach (var cluster in _touched)
        {
            // Often exactly 0: one interval of a step leaves as the next one joins, and at β = 0
            // (the robust score test's residuals) every risk score is the same.
            if (_pending[cluster] != 0)
            {
                DenseKernels.AddScaled(sums.AsSpan(cluster * p, p), -_pending[cluster], _xhaz);
                _pending[cluster] = 0;
            }
        }

        _touched.Clear();
    }

    private void AddHazardPart(SparseRows x, int row, double signedRisk)
    {
        var cluster = clusterOf[row];
        x.AddScaled(row, signedRisk * _cumhaz, sums.AsSpan(cluster * p, p));
        if (_pending[cluster] == 0)
        {
            _touched.Add(cluster);
        }

        // A sum that comes back to exactly 0 and moves again is listed twice: Flush finds the
        // second entry at 0 and skips it.
        _pending[cluster] += signedRisk;
    }
}
