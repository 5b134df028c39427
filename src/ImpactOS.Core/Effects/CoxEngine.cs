using System.Buffers;
using System.Runtime.CompilerServices;
namespace ImpactOS.Core.Effects;

/// <summary>
/// The numerical core behind <see cref="CoxFitter"/>: the data sorted once per stratum, covariates
/// centred, scaled and kept sparse once, and the sweeps over the risk sets that the survival
/// package's C code makes (agfit4 for the likelihood, agscore for score residuals, zph2 for the PH test).
/// </summary>
/// <remarks>
/// <para>Each sweep walks a stratum from its largest event time down. A row joins the risk sums at the
/// largest event time not after its stop, and leaves them at the first event time not after its
/// start. A row whose interval holds no event time of its stratum is dropped when the engine is built
/// (R's <c>ignore</c> rows).</para>
/// <para>The information matrix is Σₑ wₑ (Σᵣ rᵣ xᵣxᵣᵀ / Dₑ − x̄ₑx̄ₑᵀ) over the events e and the rows r at
/// risk. agfit4 keeps the running sum Σᵣ rᵣ xᵣxᵣᵀ, a dense p × p update per row. Here the first part is
/// summed the other way round: each row adds rᵣ xᵣxᵣᵀ once, when it leaves, times the Σ wₑ/Dₑ of the
/// events it was at risk for (a running total read when it joins and when it leaves). That costs the
/// row's few non-zero values squared; only x̄ₑx̄ₑᵀ stays dense, once per event. Same sums, other order.</para>
/// <para>The risk scores are exp(η − c) with c the stratum's mean η, as agscore does, where agfit4
/// re-centres as it goes: the centre cancels from every result, and a step that overflows exp() is
/// non-finite, which the Newton iteration answers by step-halving.</para>
/// </remarks>
internal sealed class CoxEngine : IDisposable
{
    // The rows that take part, permuted into "join" order (stratum, then stop descending) so the
    // sweeps read them sequentially; only leaving rows (start order) are reached by index.
    private readonly int[] _original;   // join position → row of the CoxData
    private readonly double[] _stop;
    private readonly bool[] _events;
    private readonly int[] _segments;   // stratum s holds join positions [_segments[s], _segments[s + 1])
    private readonly int[] _exitOrder;  // join positions by stratum, then start descending
    private readonly double[] _exitStart;
    private readonly double[] _eta;
    private readonly double[] _risk;
    private readonly int[] _chunks;     // chunk c holds strata [_chunks[c], _chunks[c + 1])
    private readonly CoxData _data;

    // Per row: the running totals Σ wₑ/Dₑ (and its products with g and g² for cox.zph) when it joined.
    private readonly double[] _joined0;
    private double[]? _joined1;
    private double[]? _joined2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    public CoxEngine(CoxData data, bool efron)
    {
        _data = data;
        P = data.TermCount;
        Efron = efron;
        (_segments, _original) = UsedRowsByStratumAndStop(data);
        N = _original.Length;
        // The per-row arrays come from the shared pool and go back when the fit is done (Dispose): a
        // fit in the app then leaves ~100 MB less of large-object garbage, each of which would have
        // brought a full collection of the app's heap nearer. Rented arrays can be longer than N and
        // hold old values: the sweeps read only [0, N), each entry after it is written.
        _stop = ArrayPool<double>.Shared.Rent(N);
        _events = ArrayPool<bool>.Shared.Rent(N);
        _exitOrder = ArrayPool<int>.Shared.Rent(N);
        _exitStart = ArrayPool<double>.Shared.Rent(N);
        var start = ArrayPool<double>.Shared.Rent(N); // the starts in join order, for the exit order only

        // Each stratum's run of join positions on its own, side by side: its rows' times gathered,
        // then its exit order (join order already holds each stratum in one run: the exit order
        // sorts each run by start).
        // A lambda is a method of its own: optimised from its first call too (one call per stratum).
        Parallel.For(0, StrataCount, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (st) =>
        {
            int from = _segments[st], to = _segments[st + 1];
            for (var i = from; i < to; i++)
            {
                var row = _original[i];
                _stop[i] = data.Stop[row];
                _events[i] = data.Events[row];
                start[i] = data.Start[row];
                _exitOrder[i] = i;
            }

            RadixSort.ByTimeDescending(start, _exitOrder, from, to - from);
            for (var i = from; i < to; i++)
            {
                _exitStart[i] = start[_exitOrder[i]];
            }
        });
        ArrayPool<double>.Shared.Return(start);

        _eta = ArrayPool<double>.Shared.Rent(N);
        _risk = ArrayPool<double>.Shared.Rent(N);
        _joined0 = ArrayPool<double>.Shared.Rent(N);
        (Rows, Scale) = CenterAndScale(data.X, _original, P, _segments);
        _chunks = ChunksOfStrata(_segments, ChunkCount);
    }

    /// <summary>The per-row arrays back to the pool: no sweep may run after this.</summary>
    public void Dispose()
    {
        ArrayPool<double>.Shared.Return(_stop);
        ArrayPool<bool>.Shared.Return(_events);
        ArrayPool<int>.Shared.Return(_exitOrder);
        ArrayPool<double>.Shared.Return(_exitStart);
        ArrayPool<double>.Shared.Return(_eta);
        ArrayPool<double>.Shared.Return(_risk);
        ArrayPool<double>.Shared.Return(_joined0);
        if (_joined1 is not null)
        {
            ArrayPool<double>.Shared.Return(_joined1);
            ArrayPool<double>.Shared.Return(_joined2!);
        }
    }

    // The strata are swept in this many chunks, side by side, and their sums added in chunk order.
    // A fixed number, not the machine's core count, so every machine adds in the same order and gets
    // the same last digits.
    private const int ChunkCount = 4;

    // Contiguous runs of strata with about the same number of rows each.
    private static int[] ChunksOfStrata(int[] segments, int chunkCount)
    {
        var strata = segments.Length - 1;
        var total = segments[^1];
        var bounds = new List<int> { 0 };
        for (var s = 1; s < strata && bounds.Count < chunkCount; s++)
        {
            if (segments[s] >= (long)total * bounds.Count / chunkCount)
            {
                bounds.Add(s);
            }
        }

        bounds.Add(strata);
        return [.. bounds];
    }

    /// <summary>Rows that take part: those whose interval holds an event time of their stratum (R's non-ignored rows).</summary>
    public int N { get; }

    public int P { get; }

    public bool Efron { get; }

    /// <summary>Covariates of the rows that take part, in join order, centred (per stratum) and scaled;
    /// 0/±1 columns are left as they are (R's nocenter).</summary>
    public SparseRows Rows { get; }

    /// <summary>Scaled value = (original − mean) × Scale[j].</summary>
    public double[] Scale { get; }

    public int StrataCount => _segments.Length - 1;

    /// <summary>A per-row array of the CoxData permuted into join order.</summary>
    public T[] ToJoinOrder<T>(T[] byRow)
    {
        var result = new T[N];
        for (var i = 0; i < N; i++)
        {
            result[i] = byRow[_original[i]];
        }

        return result;
    }

    /// <summary>
    /// Log partial likelihood, score <paramref name="u"/> and information <paramref name="imat"/> (both
    /// halves) at <paramref name="beta"/>, Efron or Breslow, as agfit4 computes them. With
    /// <paramref name="zph"/>, also the score and information of the time-weighted covariates x·g(t)
    /// at g's event times.
    /// </summary>
    /// <remarks>With <paramref name="residuals"/>, the same sweep also sums the score residuals per
    /// cluster (agscore's walk): the residual terms need the same risk sets, means and hazard jumps,
    /// so the fit asks for them in sweeps it makes anyway instead of walking the rows again.</remarks>
    public double Accumulate(SparseRows x, double[] beta, double[] u, double[] imat, ZphSums? zph = null, ClusterResiduals? residuals = null)
    {
        var p = x.ColumnCount;
        if (zph is not null)
        {
            _joined1 ??= ArrayPool<double>.Shared.Rent(N);
            _joined2 ??= ArrayPool<double>.Shared.Rent(N);
        }

        var parts = new StrataSums[_chunks.Length - 1];
        Parallel.For(0, parts.Length, c => parts[c] = AccumulateStrata(x, beta, _chunks[c], _chunks[c + 1], zph?.TimeWeight, residuals));

        // Summed in chunk order, so the result does not depend on which thread finished first.
        Array.Clear(u);
        Array.Clear(imat);
        var loglik = 0.0;
        foreach (var part in parts)
        {
            loglik += part.LogLik;
            DenseKernels.AddScaled(u, 1, part.U);
            DenseKernels.AddScaled(imat, 1, part.Imat);
            if (zph is not null)
            {
                DenseKernels.AddScaled(zph.U2, 1, part.Zph!.U2);
                DenseKernels.AddScaled(zph.I12, 1, part.Zph.I12);
                DenseKernels.AddScaled(zph.I22, 1, part.Zph.I22);
            }
        }

        DenseKernels.MirrorUpper(imat, p);
        if (zph is not null)
        {
            DenseKernels.MirrorUpper(zph.I12, p);
            DenseKernels.MirrorUpper(zph.I22, p);
        }

        if (residuals is not null)
        {
            var sums = parts[0].Residuals!;
            for (var c = 1; c < parts.Length; c++)
            {
                DenseKernels.AddScaled(sums, 1, parts[c].Residuals.AsSpan(0, sums.Length));
                parts[c].ReturnResiduals();
            }

            residuals.Sums = sums;
        }

        return loglik;
    }

    private sealed class StrataSums(int p, double[]? timeWeight, ClusterResiduals? residuals, bool pooledResiduals)
    {
        public double LogLik { get; set; }

        public double[] U { get; } = new double[p];

        public double[] Imat { get; } = new double[p * p];

        public ZphSums? Zph { get; } = timeWeight is null ? null : new ZphSums(timeWeight, p);

        /// <summary>This chunk's score residuals per cluster (cluster × p), when asked for. The first
        /// chunk's array becomes the sweep's result; the others' are added to it and go back to the
        /// shared pool (rented arrays can be longer: only the first cluster × p values are used).</summary>
        public double[]? Residuals { get; } = residuals is null ? null : pooledResiduals ? RentCleared(residuals.ClusterCount * p) : new double[residuals.ClusterCount * p];

        public void ReturnResiduals()
        {
            if (pooledResiduals && Residuals is not null)
            {
                ArrayPool<double>.Shared.Return(Residuals);
            }
        }

        private static double[] RentCleared(int length)
        {
            var array = ArrayPool<double>.Shared.Rent(length);
            Array.Clear(array, 0, length);
            return array;
        }
    }

    // The sums of strata [firstStratum, endStratum): they touch only their own rows' entries of the
    // per-row arrays, so chunks of strata run side by side.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private StrataSums AccumulateStrata(SparseRows x, double[] beta, int firstStratum, int endStratum, double[]? timeWeight, ClusterResiduals? residuals)
    {
        var p = x.ColumnCount;
        var sums = new StrataSums(p, timeWeight, residuals, pooledResiduals: firstStratum > 0);
        var u = sums.U;
        var imat = sums.Imat;
        var zph = sums.Zph;
        var a = new double[p];
        var a2 = new double[p];
        var a0 = new double[p];
        var mean = new double[p];
        var deathRows = new List<int>();
        var loglik = 0.0;
        var score = residuals is null ? null : new ResidualWalk(sums.Residuals!, residuals.ClusterOf, p, residuals.ClusterCount);

        for (var s = firstStratum; s < endStratum; s++)
        {
            int lo = _segments[s], hi = _segments[s + 1];
            if (hi == lo)
            {
                continue;
            }

            var shift = RiskScores(x, beta, lo, hi);
            int person = lo, exit = lo, nrisk = 0;
            double denom = 0;
            double total0 = 0, total1 = 0, total2 = 0; // Σ wₑ/Dₑ, × g, × g² over the events so far
            Array.Clear(a);
            score?.StartStratum();
            while (true)
            {
                var k = person;
                while (k < hi && !_events[k])
                {
                    k++;
                }

                if (k == hi)
                {
                    break;
                }

                var dtime = _stop[k];
                var g = zph is null ? 0 : zph.TimeWeight[k];

                // Rows whose start is at or after this event time leave the risk set (they all joined
                // at a later event time: every row here holds an event time of its stratum).
                for (; exit < hi; exit++)
                {
                    if (_exitStart[exit] < dtime)
                    {
                        break;
                    }

                    PrefetchLeaving(x, exit, hi, zph, score);
                    var r = _exitOrder[exit];
                    Leave(x, r, total0, total1, total2, imat, zph);
                    score?.Leave(x, r, _risk[r]);
                    nrisk--;
                    if (nrisk == 0)
                    {
                        denom = 0; // agfit4 zeroes the sums here, so rounding does not build up
                        Array.Clear(a);
                        continue;
                    }

                    denom -= _risk[r];
                    x.AddScaled(r, -_risk[r], a);
                }

                // Rows whose stop is at or after this event time join (the deaths in separate sums).
                double denom2 = 0;
                Array.Clear(a2);
                deathRows.Clear();
                for (; person < hi; person++)
                {
                    var r = person;
                    if (score is not null && r + PrefetchAhead < hi)
                    {
                        score.PrefetchCluster(r + PrefetchAhead);
                    }

                    if (_stop[r] < dtime)
                    {
                        break;
                    }

                    nrisk++;
                    score?.Join(x, r, _risk[r]);
                    if (_events[r])
                    {
                        deathRows.Add(r);
                        denom2 += _risk[r];
                        loglik += _eta[r] - shift;
                        x.AddScaled(r, 1, u);
                        if (zph is not null)
                        {
                            x.AddScaled(r, g, zph.U2);
                        }

                        x.AddScaled(r, _risk[r], a2);
                    }
                    else
                    {
                        denom += _risk[r];
                        x.AddScaled(r, _risk[r], a);
                        Joined(r, total0, total1, total2, zph);
                    }
                }

                var deaths = deathRows.Count;
                if (!Efron || deaths == 1)
                {
                    // The deaths are at risk for this event time in full.
                    foreach (var r in deathRows)
                    {
                        Joined(r, total0, total1, total2, zph);
                    }

                    denom += denom2;
                    loglik -= deaths * Math.Log(denom);
                    DenseKernels.AddScaled(a, 1, a2);
                    EventTerms(deaths, denom, a, mean, u, imat, zph, g);
                    var weight = deaths / denom;
                    total0 += weight;
                    total1 += weight * g;
                    total2 += weight * g * g;
                    score?.Event(x, deathRows, weight, mean);
                }
                else
                {
                    // Efron: the d tied deaths leave one by one; at the k-th (from 0) they count (k + 1)/d.
                    // The k-th jump's mean is (a₀ + tₖ a₂)/Dₖ with tₖ = (k + 1)/d: its terms are summed
                    // as scalars over the jumps and added once (TiedEventTerms), not d times.
                    var fraction = 1.0 / deaths;
                    var deathsShare = 0.0;
                    var tied = new TiedSums();
                    a.CopyTo(a0, 0);
                    score?.StartTiedDeaths();
                    for (var k2 = 0; k2 < deaths; k2++)
                    {
                        denom += denom2 * fraction;
                        loglik -= Math.Log(denom);
                        DenseKernels.AddScaled(a, fraction, a2);
                        var weight = 1 / denom;
                        var share = (k2 + 1) * fraction;
                        tied.Add(weight, share);
                        total0 += weight;
                        total1 += weight * g;
                        total2 += weight * g * g;
                        deathsShare += share * weight;

                        // This jump's deaths still count (k2 + 1)/d: the other (d − 1 − k2)/d is
                        // what each death gives back.
                        if (score is not null)
                        {
                            MeanOf(a, denom, mean);
                            score.TiedJump(weight, (deaths - 1 - k2) * fraction, fraction, mean);
                        }
                    }

                    TiedEventTerms(tied, a0, a2, u, imat, zph, g);
                    foreach (var r in deathRows)
                    {
                        Joined(r, total0 - deathsShare, total1 - (deathsShare * g), total2 - (deathsShare * g * g), zph);
                    }

                    score?.TiedDeaths(x, deathRows, _risk);
                }
            }

            // Rows still at risk when the stratum's sweep ends leave now.
            for (; exit < hi; exit++)
            {
                var r = _exitOrder[exit];
                Leave(x, r, total0, total1, total2, imat, zph);
                score?.Leave(x, r, _risk[r]);
            }
        }

        score?.Flush();
        sums.LogLik = loglik;
        return sums;
    }

    private const int PrefetchAhead = 16;

    // The leaving rows are reached by index, all over the stratum: the ones 2·ahead get their
    // per-row values asked for, the ones ahead (whose RowStart is by then in cache) their entries.
    private void PrefetchLeaving(SparseRows x, int exit, int hi, ZphSums? zph, ResidualWalk? score)
    {
        var far = exit + (2 * PrefetchAhead);
        if (far < hi)
        {
            var r = _exitOrder[far];
            Prefetch.Line(ref _risk[r]);
            Prefetch.Line(ref _joined0[r]);
            Prefetch.Line(ref x.RowStart[r]);
            if (zph is not null)
            {
                Prefetch.Line(ref _joined1![r]);
                Prefetch.Line(ref _joined2![r]);
            }

            score?.PrefetchClusterOf(r);
        }

        var near = exit + PrefetchAhead;
        if (near < hi)
        {
            var r = _exitOrder[near];
            var e = x.RowStart[r];
            if (e < x.Columns.Length)
            {
                Prefetch.Line(ref x.Columns[e]);
                Prefetch.Line(ref x.Values[e]);
            }

            score?.PrefetchCluster(r);
        }
    }

    // η and the risk scores exp(η − c) of a stratum's rows, c their mean η; returns c.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private double RiskScores(SparseRows x, double[] beta, int lo, int hi)
    {
        var shift = 0.0;
        for (var r = lo; r < hi; r++)
        {
            _eta[r] = x.Dot(r, beta);
            shift += _eta[r];
        }

        shift /= hi - lo;
        for (var r = lo; r < hi; r++)
        {
            _risk[r] = Math.Exp(_eta[r] - shift);
        }

        return shift;
    }

    private void Joined(int r, double total0, double total1, double total2, ZphSums? zph)
    {
        _joined0[r] = total0;
        if (zph is not null)
        {
            _joined1![r] = total1;
            _joined2![r] = total2;
        }
    }

    // A row leaving adds r xxᵀ times the Σ w/D of the events it was at risk for.
    private void Leave(SparseRows x, int r, double total0, double total1, double total2, double[] imat, ZphSums? zph)
    {
        var risk = _risk[r];
        x.AddOuter(r, risk * (total0 - _joined0[r]), imat);
        if (zph is not null)
        {
            x.AddOuter(r, risk * (total1 - _joined1![r]), zph.I12);
            x.AddOuter(r, risk * (total2 - _joined2![r]), zph.I22);
        }
    }

    // One event's (times `weight` events) mean term of the score and the information's − x̄x̄ᵀ part
    // (its upper triangle: Accumulate mirrors the sums once; the rows' sparse terms add both halves).
    private static void EventTerms(int weight, double denom, double[] a, double[] mean, double[] u, double[] imat, ZphSums? zph, double g)
    {
        MeanOf(a, denom, mean);
        DenseKernels.AddScaled(u, -weight, mean);
        if (zph is not null)
        {
            DenseKernels.AddScaled(zph.U2, -weight * g, mean);
        }

        DenseKernels.SubtractFormUpper(imat, zph?.I12, g, zph?.I22, g * g, weight, 0, 0, mean, null);
    }

    // The risk set's mean covariates: its weighted sums over its total risk.
    private static void MeanOf(double[] a, double denom, double[] mean)
    {
        for (var i = 0; i < a.Length; i++)
        {
            mean[i] = a[i] / denom;
        }
    }

    /// <summary>Over the d jumps of Efron's tied deaths, with weights wₖ = 1/Dₖ and shares tₖ = (k + 1)/d:
    /// Σ wₖ, Σ tₖwₖ, Σ wₖ², Σ tₖwₖ², Σ tₖ²wₖ².</summary>
    private struct TiedSums
    {
        public double W, TW, WW, TWW, TTWW;

        public void Add(double weight, double share)
        {
            var ww = weight * weight;
            W += weight;
            TW += share * weight;
            WW += ww;
            TWW += share * ww;
            TTWW += share * share * ww;
        }
    }

    // The d jumps' mean terms at once: Σₖ x̄ₖ = (Σ wₖ) a₀ + (Σ tₖwₖ) a₂ and
    // Σₖ x̄ₖx̄ₖᵀ = Σ wₖ² a₀a₀ᵀ + Σ tₖwₖ² (a₀a₂ᵀ + a₂a₀ᵀ) + Σ tₖ²wₖ² a₂a₂ᵀ — two vectors per row of the
    // matrices instead of d (a time with ten tied events costs a fifth of what it did).
    private static void TiedEventTerms(in TiedSums tied, double[] a0, double[] a2, double[] u, double[] imat, ZphSums? zph, double g)
    {
        DenseKernels.AddScaled(u, -tied.W, a0);
        DenseKernels.AddScaled(u, -tied.TW, a2);
        if (zph is not null)
        {
            DenseKernels.AddScaled(zph.U2, -tied.W * g, a0);
            DenseKernels.AddScaled(zph.U2, -tied.TW * g, a2);
        }

        DenseKernels.SubtractFormUpper(imat, zph?.I12, g, zph?.I22, g * g, tied.WW, tied.TWW, tied.TTWW, a0, a2);
    }

    /// <summary>
    /// The Kaplan–Meier transform of cox.zph: for each event row, 1 − S(t−) of one KM curve over
    /// all rows (strata ignored), centred at its mean over the events. Other rows get 0. Indexed
    /// by join position (the rows that take part, as the sweeps see them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    public double[] KaplanMeierTimeWeights()
    {
        // All rows of the data, strata ignored: a row left out of its own stratum's risk sets can
        // still be at risk at another stratum's event time.
        var allStart = _data.Start;
        var allStop = _data.Stop;
        var allEvents = _data.Events;
        var n = allStart.Length;
        var eventCount = 0;
        for (var i = 0; i < n; i++)
        {
            if (allEvents[i])
            {
                eventCount++;
            }
        }

        var eventTimes = new double[eventCount];
        var e = 0;
        for (var i = 0; i < n; i++)
        {
            if (allEvents[i])
            {
                eventTimes[e++] = allStop[i];
            }
        }

        Array.Sort(eventTimes);
        var distinct = new List<double>();
        var deaths = new List<int>();
        for (var i = 0; i < eventCount;)
        {
            var j = i;
            while (j < eventCount && eventTimes[j] == eventTimes[i])
            {
                j++;
            }

            distinct.Add(eventTimes[i]);
            deaths.Add(j - i);
            i = j;
        }

        // Number at risk at each event time t (start < t ≤ stop), by a difference array over the
        // event times each row spans: no sort of all rows needed.
        // Counted in fixed slices side by side (integer counts: the same in any order).
        var times = distinct.ToArray();
        var lookup = new SortedLookup(times);
        var slices = new int[ChunkCount][];
        // A lambda is a method of its own: optimised from its first call too (one call per chunk).
        Parallel.For(0, ChunkCount, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c) =>
        {
            var local = slices[c] = new int[times.Length + 1];
            for (int i = (int)((long)n * c / ChunkCount), end = (int)((long)n * (c + 1) / ChunkCount); i < end; i++)
            {
                var first = lookup.UpperBound(allStart[i]);
                var last = lookup.UpperBound(allStop[i]); // one past the last event time ≤ stop
                if (first < last)
                {
                    local[first]++;
                    local[last]--;
                }
            }
        });
        var change = slices[0];
        for (var c = 1; c < ChunkCount; c++)
        {
            for (var t = 0; t < change.Length; t++)
            {
                change[t] += slices[c][t];
            }
        }

        var weights = new double[times.Length];
        var survival = 1.0;
        var sum = 0.0;
        var atRisk = 0;
        for (var t = 0; t < times.Length; t++)
        {
            atRisk += change[t];
            weights[t] = 1 - survival;
            sum += deaths[t] * weights[t];
            survival *= 1 - ((double)deaths[t] / atRisk);
        }

        // The mean is over every event row; the weights are needed only where the sweeps read them.
        var mean = sum / eventCount;
        var result = new double[N];
        for (var k = 0; k < N; k++)
        {
            if (_events[k])
            {
                result[k] = weights[lookup.UpperBound(_stop[k]) - 1] - mean; // the event time itself
            }
        }

        return result;
    }

    // Groups the rows by stratum, keeps those whose interval (start, stop] holds an event time of
    // their stratum, and orders each stratum by stop descending.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static (int[] Segments, int[] Order) UsedRowsByStratumAndStop(CoxData data)
    {
        var (grouped, bounds) = InSweepOrder(data) ?? GroupByStratumAndStop(data);
        var strataCount = bounds.Length - 1;

        // The strata side by side: each keeps its used rows at the front of its own run of `kept`.
        var kept = ArrayPool<int>.Shared.Rent(grouped.Length);
        var counts = new int[strataCount];
        // A lambda is a method of its own: optimised from its first call too (one call per stratum).
        Parallel.For(0, strataCount, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s) =>
        {
            int lo = bounds[s], hi = bounds[s + 1];
            var eventTimes = new List<double>();
            for (var k = hi - 1; k >= lo; k--)
            {
                var row = grouped[k];
                if (data.Events[row] && (eventTimes.Count == 0 || eventTimes[^1] != data.Stop[row]))
                {
                    eventTimes.Add(data.Stop[row]); // ascending
                }
            }

            var times = eventTimes.ToArray();
            var lookup = new SortedLookup(times);
            var count = 0;
            for (var k = lo; k < hi; k++)
            {
                var row = grouped[k];
                var first = lookup.UpperBound(data.Start[row]);
                if (first < times.Length && times[first] <= data.Stop[row])
                {
                    kept[lo + count++] = row;
                }
            }

            counts[s] = count;
        });

        var segments = new int[bounds.Length];
        for (var s = 0; s < strataCount; s++)
        {
            segments[s + 1] = segments[s] + counts[s];
        }

        var order = new int[segments[strataCount]];
        for (var s = 0; s < strataCount; s++)
        {
            Array.Copy(kept, bounds[s], order, segments[s], counts[s]);
        }

        ArrayPool<int>.Shared.Return(kept);
        return (segments, order);
    }

    // When the data is already laid out by stratum (in runs) and stop descending, as
    // CountingProcess.ToCoxData lays it out, the rows are their own order: no sort, and the engine
    // then reads every array front to back.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static (int[] Grouped, int[] Bounds)? InSweepOrder(CoxData data)
    {
        var strata = data.Strata;
        var stop = data.Stop;
        var bounds = new List<int> { 0 };
        var seen = new HashSet<int>();
        for (var i = 0; i < strata.Length; i++)
        {
            if (i > 0 && strata[i] == strata[i - 1])
            {
                if (stop[i] > stop[i - 1])
                {
                    return null;
                }

                continue;
            }

            if (!seen.Add(strata[i]))
            {
                return null; // a stratum in two runs
            }

            if (i > 0)
            {
                bounds.Add(i);
            }
        }

        if (strata.Length > 0)
        {
            bounds.Add(strata.Length);
        }

        var grouped = new int[strata.Length];
        for (var i = 0; i < grouped.Length; i++)
        {
            grouped[i] = i;
        }

        return (grouped, [.. bounds]);
    }

    // Any other layout: grouped by stratum (in order of first appearance), each by stop descending.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static (int[] Grouped, int[] Bounds) GroupByStratumAndStop(CoxData data)
    {
        var strata = data.Strata;
        var n = strata.Length;
        var dense = new Dictionary<int, int>();
        var denseOf = new int[n];
        var counts = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (!dense.TryGetValue(strata[i], out var d))
            {
                d = dense.Count;
                dense.Add(strata[i], d);
                counts.Add(0);
            }

            denseOf[i] = d;
            counts[d]++;
        }

        var all = new int[n];
        for (var i = 0; i < n; i++)
        {
            all[i] = i;
        }

        var grouped = IndexSort.ByGroupThenTimeDescending(all, denseOf, counts.Count, data.Stop);
        var bounds = new int[counts.Count + 1];
        for (var s = 0; s < counts.Count; s++)
        {
            bounds[s + 1] = bounds[s] + counts[s];
        }

        return (grouped, bounds);
    }

    // The used rows in join order: 0/±1 columns as they are (R's nocenter = c(-1, 0, 1)), every
    // other column centred on its stratum's mean and scaled by n / Σ|x − mean|, as agfit4 does.
    // Each stratum is read and written on its own, side by side; only the few per-column totals
    // are combined, in stratum order (so the result does not depend on which thread ran first).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static (SparseRows Rows, double[] Scale) CenterAndScale(SparseRows data, int[] rows, int p, int[] segments)
    {
        var n = rows.Length;
        var strataCount = segments.Length - 1;

        // Per stratum and column: a value other than ±1 seen, the entries, their sum.
        var notUnit = new bool[strataCount * p];
        var entryCount = new int[strataCount * p];
        var sums = new double[strataCount * p];
        // A lambda is a method of its own: optimised from its first call too (one call per stratum).
        Parallel.For(0, strataCount, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s) =>
        {
            var at = s * p;
            for (var k = segments[s]; k < segments[s + 1]; k++)
            {
                for (var e = data.RowStart[rows[k]]; e < data.RowStart[rows[k] + 1]; e++)
                {
                    var j = at + data.Columns[e];
                    notUnit[j] |= data.Values[e] is not (1 or -1);
                    entryCount[j]++;
                    sums[j] += data.Values[e];
                }
            }
        });

        var centred = new bool[p];
        for (var s = 0; s < strataCount; s++)
        {
            for (var j = 0; j < p; j++)
            {
                centred[j] |= notUnit[(s * p) + j];
            }
        }

        var centredColumns = Enumerable.Range(0, p).Where(j => centred[j]).ToArray();
        var means = new double[strataCount * p];

        // Stratum s writes its entries from capacity[s]: every kept entry, and a value per row in
        // each centred column (0 only where a row sits exactly at its stratum's mean), an upper bound.
        var capacity = new int[strataCount + 1];
        for (var s = 0; s < strataCount; s++)
        {
            var rowsOfStratum = segments[s + 1] - segments[s];
            var kept = 0;
            for (var j = 0; j < p; j++)
            {
                if (centred[j])
                {
                    means[(s * p) + j] = sums[(s * p) + j] / Math.Max(rowsOfStratum, 1);
                }
                else
                {
                    kept += entryCount[(s * p) + j];
                }
            }

            capacity[s + 1] = capacity[s] + kept + (rowsOfStratum * centredColumns.Length);
        }

        var rowStart = new int[n + 1];
        var columns = new int[capacity[strataCount]];
        var values = new double[capacity[strataCount]];
        var absSums = new double[strataCount * p];
        var used = new int[strataCount];
        // A lambda is a method of its own: optimised from its first call too (one call per stratum).
        Parallel.For(0, strataCount, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s) =>
        {
            var next = capacity[s];
            for (var k = segments[s]; k < segments[s + 1]; k++)
            {
                int from = data.RowStart[rows[k]], to = data.RowStart[rows[k] + 1];
                for (var e = from; e < to; e++)
                {
                    if (!centred[data.Columns[e]])
                    {
                        columns[next] = data.Columns[e];
                        values[next++] = data.Values[e];
                    }
                }

                foreach (var j in centredColumns)
                {
                    var v = -means[(s * p) + j];
                    for (var e = from; e < to; e++)
                    {
                        if (data.Columns[e] == j)
                        {
                            v += data.Values[e];
                        }
                    }

                    absSums[(s * p) + j] += Math.Abs(v);
                    if (v != 0)
                    {
                        columns[next] = j;
                        values[next++] = v;
                    }
                }

                rowStart[k + 1] = next;
            }

            used[s] = next - capacity[s];
        });

        // The strata's runs of entries moved down next to each other (left, in order: a run never
        // lands on one not yet moved) and their rows' starts with them.
        var packed = 0;
        for (var s = 0; s < strataCount; s++)
        {
            var shift = capacity[s] - packed;
            if (shift > 0)
            {
                Array.Copy(columns, capacity[s], columns, packed, used[s]);
                Array.Copy(values, capacity[s], values, packed, used[s]);
                for (var k = segments[s]; k < segments[s + 1]; k++)
                {
                    rowStart[k + 1] -= shift;
                }
            }

            packed += used[s];
        }

        var scale = new double[p];
        Array.Fill(scale, 1.0);
        foreach (var j in centredColumns)
        {
            var absSum = 0.0;
            for (var s = 0; s < strataCount; s++)
            {
                absSum += absSums[(s * p) + j];
            }

            if (absSum > 0)
            {
                scale[j] = n / absSum;
            }
        }

        for (var e = 0; e < packed; e++)
        {
            values[e] *= scale[columns[e]];
        }

        return (new SparseRows(rowStart, columns, values, p), scale);
    }
}

/// <summary>The extra sums of the proportional-hazards test: time weight per row, score and information of x·g(t).</summary>
internal sealed class ZphSums
{
    public ZphSums(double[] timeWeight, int p)
    {
        TimeWeight = timeWeight;
        U2 = new double[p];
        I12 = new double[p * p];
        I22 = new double[p * p];
    }

    public double[] TimeWeight { get; }

    public double[] U2 { get; }

    /// <summary>Information between x and x·g (both halves).</summary>
    public double[] I12 { get; }

    /// <summary>Information of x·g (both halves).</summary>
    public double[] I22 { get; }
}
