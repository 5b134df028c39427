using ImpactOS.Core.Statistics;
namespace ImpactOS.Core.Effects;

/// <summary>
/// The numerical core behind <see cref="CoxFitter"/>: the data sorted once per stratum, covariates
/// centred and scaled once, and the sweeps over the risk sets that the survival package's C code
/// makes (agfit4 for the likelihood, agscore for score residuals, zph2 for the PH test).
/// </summary>
/// <remarks>
/// Each sweep walks a stratum from its largest event time down. A row joins the risk sums at the
/// largest event time not after its stop, and leaves them at the first event time not after its
/// start, so one sweep is O(n · p²) with no allocation per row. A row whose interval holds no event
/// time of its stratum is dropped when the engine is built (R's <c>ignore</c> rows).
/// </remarks>
internal sealed class CoxEngine
{
    // R's agfit4 keeps exp() in range by re-centring eta when its running mean drifts this far.
    private const double RecenterLimit = 200;

    // The rows that take part, permuted into "join" order (stratum, then stop descending) so the
    // sweeps read them sequentially; only leaving rows (start order) are reached by index.
    private readonly int[] _original;   // join position → row of the CoxData
    private readonly double[] _stop;
    private readonly bool[] _events;
    private readonly int[] _segments;   // stratum s holds join positions [_segments[s], _segments[s + 1])
    private readonly int[] _exitOrder;  // join positions by stratum, then start descending
    private readonly double[] _exitStart;
    private readonly double[] _eta;
    private readonly CoxData _data;

    public CoxEngine(CoxData data, bool efron)
    {
        _data = data;
        P = data.TermCount;
        Efron = efron;
        (_segments, _original) = UsedRowsByStratumAndStop(data);
        N = _original.Length;
        _stop = new double[N];
        _events = new bool[N];
        var start = new double[N];
        for (var i = 0; i < N; i++)
        {
            var row = _original[i];
            _stop[i] = data.Stop[row];
            _events[i] = data.Events[row];
            start[i] = data.Start[row];
        }

        var stratumOfPosition = new int[N];
        for (var st = 0; st + 1 < _segments.Length; st++)
        {
            Array.Fill(stratumOfPosition, st, _segments[st], _segments[st + 1] - _segments[st]);
        }

        var positions = new int[N];
        for (var i = 0; i < N; i++)
        {
            positions[i] = i;
        }

        _exitOrder = IndexSort.ByGroupThenTimeDescending(positions, stratumOfPosition, StrataCount, start);
        _exitStart = new double[N];
        for (var i = 0; i < N; i++)
        {
            _exitStart[i] = start[_exitOrder[i]];
        }

        _eta = new double[N];
        (X, Scale) = CenterAndScale(data.Covariates, _original, P, _segments);
    }

    /// <summary>Rows that take part: those whose interval holds an event time of their stratum (R's non-ignored rows).</summary>
    public int N { get; }

    public int P { get; }

    public bool Efron { get; }

    /// <summary>Covariates of the rows that take part, in join order, centred (per stratum) and scaled;
    /// 0/±1 columns are left as they are (R's nocenter).</summary>
    public double[] X { get; }

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
    /// Log partial likelihood, score <paramref name="u"/> and information <paramref name="imat"/> at
    /// <paramref name="beta"/> (agfit4's accumulation, Efron or Breslow). With <paramref name="zph"/>,
    /// also the score and information of the time-weighted covariates x·g(t) at g's event times.
    /// </summary>
    public double Accumulate(double[] x, int p, double[] beta, double[] u, double[] imat, ZphSums? zph = null)
    {
        ComputeEta(x, p, beta);
        Array.Clear(u);
        Array.Clear(imat);
        var a = new double[p];
        var a2 = new double[p];
        var cmat = new double[p * p];
        var cmat2 = new double[p * p];
        var loglik = 0.0;

        for (var s = 0; s < StrataCount; s++)
        {
            int lo = _segments[s], hi = _segments[s + 1];
            int person = lo, exit = lo, nrisk = 0;
            double denom = 0, etasum = 0, recenter = 0;
            Array.Clear(a);
            Array.Clear(cmat);
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
                var timeWeight = zph is null ? 0 : zph.TimeWeight[k];

                // Rows whose start is at or after this event time leave the risk set (they all joined
                // at a later event time: every row here holds an event time of its stratum).
                for (; exit < hi; exit++)
                {
                    if (_exitStart[exit] < dtime)
                    {
                        break;
                    }

                    var r = _exitOrder[exit];
                    nrisk--;
                    if (nrisk == 0)
                    {
                        etasum = 0;
                        denom = 0;
                        Array.Clear(a);
                        Array.Clear(cmat);
                        continue;
                    }

                    etasum -= _eta[r];
                    var risk = Math.Exp(_eta[r] - recenter);
                    denom -= risk;
                    var row = r * p;
                    for (var i = 0; i < p; i++)
                    {
                        var xi = x[row + i];
                        if (xi == 0)
                        {
                            continue; // indicators are mostly 0: skipping exact zeros changes no sum
                        }

                        a[i] -= risk * xi;
                        for (var j = 0; j <= i; j++)
                        {
                            cmat[(i * p) + j] -= risk * xi * x[row + j];
                        }
                    }
                }

                // Rows whose stop is at or after this event time join (the deaths in separate sums).
                double denom2 = 0;
                var deaths = 0;
                Array.Clear(a2);
                Array.Clear(cmat2);
                for (; person < hi; person++)
                {
                    var r = person;
                    if (_stop[r] < dtime)
                    {
                        break;
                    }

                    nrisk++;
                    etasum += _eta[r];
                    if (Math.Abs((etasum / nrisk) - recenter) > RecenterLimit)
                    {
                        var shift = (etasum / nrisk) - recenter;
                        recenter = etasum / nrisk;
                        if (Math.Abs(shift) > 709)
                        {
                            throw new ArithmeticException("exp overflow due to covariates");
                        }

                        var factor = Math.Exp(-shift);
                        denom *= factor;
                        denom2 *= factor;
                        loglik -= deaths * shift; // deaths already added were counted against the old centre
                        for (var i = 0; i < p; i++)
                        {
                            a[i] *= factor;
                            a2[i] *= factor;
                        }

                        for (var i = 0; i < p * p; i++)
                        {
                            cmat[i] *= factor;
                            cmat2[i] *= factor;
                        }
                    }

                    var risk = Math.Exp(_eta[r] - recenter);
                    var row = r * p;
                    if (_events[r])
                    {
                        deaths++;
                        denom2 += risk;
                        loglik += _eta[r] - recenter;
                        for (var i = 0; i < p; i++)
                        {
                            var xi = x[row + i];
                            if (xi == 0)
                            {
                                continue;
                            }

                            u[i] += xi;
                            if (zph is not null)
                            {
                                zph.U2[i] += xi * timeWeight;
                            }

                            a2[i] += risk * xi;
                            for (var j = 0; j <= i; j++)
                            {
                                cmat2[(i * p) + j] += risk * xi * x[row + j];
                            }
                        }
                    }
                    else
                    {
                        denom += risk;
                        for (var i = 0; i < p; i++)
                        {
                            var xi = x[row + i];
                            if (xi == 0)
                            {
                                continue;
                            }

                            a[i] += risk * xi;
                            for (var j = 0; j <= i; j++)
                            {
                                cmat[(i * p) + j] += risk * xi * x[row + j];
                            }
                        }
                    }
                }

                if (!Efron || deaths == 1)
                {
                    denom += denom2;
                    loglik -= deaths * Math.Log(denom);
                    AddEventTerms(p, deaths, denom, a, a2, cmat, cmat2, 1.0, u, imat, zph, timeWeight);
                }
                else
                {
                    // Efron: the d tied deaths leave one by one, each with weight 1/d in the sums.
                    var fraction = 1.0 / deaths;
                    for (var k2 = 0; k2 < deaths; k2++)
                    {
                        denom += denom2 / deaths;
                        loglik -= Math.Log(denom);
                        AddEventTerms(p, 1, denom, a, a2, cmat, cmat2, fraction, u, imat, zph, timeWeight);
                    }
                }
            }
        }

        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < i; j++)
            {
                imat[(j * p) + i] = imat[(i * p) + j];
            }
        }

        zph?.Symmetrize(p);
        return loglik;
    }

    // Adds `fraction` of the deaths' sums to the risk sums, then one event's mean and variance terms
    // (times `weight` events) to the score and information, as agfit4 does.
    private static void AddEventTerms(
        int p, int weight, double denom, double[] a, double[] a2, double[] cmat, double[] cmat2, double fraction,
        double[] u, double[] imat, ZphSums? zph, double timeWeight)
    {
        for (var i = 0; i < p; i++)
        {
            a[i] += a2[i] * fraction;
            var mean = a[i] / denom;
            u[i] -= weight * mean;
            if (zph is not null)
            {
                zph.U2[i] -= weight * mean * timeWeight;
            }

            for (var j = 0; j <= i; j++)
            {
                var ij = (i * p) + j;
                cmat[ij] += cmat2[ij] * fraction;
                var term = weight * ((cmat[ij] - (mean * a[j])) / denom);
                imat[ij] += term;
                if (zph is not null)
                {
                    zph.I12[ij] += term * timeWeight;
                    zph.I22[ij] += term * timeWeight * timeWeight;
                }
            }
        }
    }

    /// <summary>
    /// Score residuals ∫ (x − x̄(t)) dMᵢ(t) at <paramref name="beta"/> (scaled coordinates), summed
    /// per cluster: row-major (clusterCount × P), in the scaled coordinates of <see cref="X"/>.
    /// </summary>
    public double[] ClusterScoreResiduals(double[] beta, int[] clusterOf, int clusterCount)
    {
        var p = P;
        var x = X;
        ComputeEta(x, p, beta);
        var resid = new double[clusterCount * p];
        var a = new double[p];
        var a2 = new double[p];
        var xhaz = new double[p];
        var mean = new double[p];
        var mh2 = new double[p];
        var mh3 = new double[p];
        var deathRows = new List<int>();

        for (var s = 0; s < StrataCount; s++)
        {
            int lo = _segments[s], hi = _segments[s + 1];
            if (hi == lo)
            {
                continue;
            }

            // A constant shift of eta within a stratum cancels; the mean keeps exp() in range.
            var shift = 0.0;
            for (var k = lo; k < hi; k++)
            {
                shift += _eta[k];
            }

            shift /= hi - lo;
            int person = lo, exit = lo, nrisk = 0;
            double denom = 0, cumhaz = 0;
            Array.Clear(a);
            Array.Clear(xhaz);
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
                for (; exit < hi; exit++)
                {
                    if (_exitStart[exit] < dtime)
                    {
                        break;
                    }

                    var r = _exitOrder[exit];
                    var risk = Math.Exp(_eta[r] - shift);
                    AddHazardPart(resid, clusterOf[r] * p, x, r * p, p, -risk, cumhaz, xhaz);
                    nrisk--;
                    if (nrisk == 0)
                    {
                        denom = 0;
                        Array.Clear(a);
                        continue;
                    }

                    denom -= risk;
                    for (var i = 0; i < p; i++)
                    {
                        a[i] -= risk * x[(r * p) + i];
                    }
                }

                double eDenom = 0;
                Array.Clear(a2);
                deathRows.Clear();
                for (; person < hi; person++)
                {
                    var r = person;
                    if (_stop[r] < dtime)
                    {
                        break;
                    }

                    nrisk++;
                    var risk = Math.Exp(_eta[r] - shift);
                    AddHazardPart(resid, clusterOf[r] * p, x, r * p, p, risk, cumhaz, xhaz);
                    denom += risk;
                    for (var i = 0; i < p; i++)
                    {
                        a[i] += risk * x[(r * p) + i];
                    }

                    if (_events[r])
                    {
                        deathRows.Add(r);
                        eDenom += risk;
                        for (var i = 0; i < p; i++)
                        {
                            a2[i] += risk * x[(r * p) + i];
                        }
                    }
                }

                var deaths = deathRows.Count;
                if (!Efron || deaths == 1)
                {
                    var hazard = deaths / denom;
                    cumhaz += hazard;
                    for (var i = 0; i < p; i++)
                    {
                        mean[i] = a[i] / denom;
                        xhaz[i] += mean[i] * hazard;
                    }

                    foreach (var r in deathRows)
                    {
                        var c = clusterOf[r] * p;
                        for (var i = 0; i < p; i++)
                        {
                            resid[c + i] += x[(r * p) + i] - mean[i];
                        }
                    }
                }
                else
                {
                    // Efron: the deaths share the d hazard jumps with probabilities (d − k)/d, so each
                    // gets back the part of the later jumps it does not deserve.
                    double mh1 = 0;
                    Array.Clear(mh2);
                    Array.Clear(mh3);
                    for (var dd = 0; dd < deaths; dd++)
                    {
                        var downWeight = (double)dd / deaths;
                        var d2 = denom - (downWeight * eDenom);
                        var hazard = 1 / d2;
                        cumhaz += hazard;
                        mh1 += hazard * downWeight;
                        for (var i = 0; i < p; i++)
                        {
                            var m = (a[i] - (downWeight * a2[i])) / d2;
                            xhaz[i] += m * hazard;
                            mh2[i] += m * hazard * downWeight;
                            mh3[i] += m / deaths;
                        }
                    }

                    foreach (var r in deathRows)
                    {
                        var c = clusterOf[r] * p;
                        var risk = Math.Exp(_eta[r] - shift);
                        for (var i = 0; i < p; i++)
                        {
                            var xi = x[(r * p) + i];
                            resid[c + i] += xi - mh3[i] + (risk * ((xi * mh1) - mh2[i]));
                        }
                    }
                }
            }

            // Rows still at risk when the stratum's sweep ends leave now.
            for (; exit < hi; exit++)
            {
                var r = _exitOrder[exit];
                AddHazardPart(resid, clusterOf[r] * p, x, r * p, p, -Math.Exp(_eta[r] - shift), cumhaz, xhaz);
            }
        }

        return resid;
    }

    // On joining, a row is credited r (x cumhaz − xhaz) and on leaving debited the same at the later
    // totals: the difference is −r ∫ (x − x̄) dΛ over the event times it was at risk for.
    private static void AddHazardPart(double[] resid, int offset, double[] x, int row, int p, double signedRisk, double cumhaz, double[] xhaz)
    {
        for (var i = 0; i < p; i++)
        {
            resid[offset + i] += signedRisk * ((x[row + i] * cumhaz) - xhaz[i]);
        }
    }

    /// <summary>
    /// The Kaplan–Meier transform of cox.zph: for each event row, 1 − S(t−) of one KM curve over
    /// all rows (strata ignored), centred at its mean over the events. Other rows get 0. Indexed
    /// by the rows of the CoxData.
    /// </summary>
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
        var times = distinct.ToArray();
        var change = new int[times.Length + 1];
        for (var i = 0; i < n; i++)
        {
            var first = SortedArrays.UpperBound(times, allStart[i]);
            var last = SortedArrays.UpperBound(times, allStop[i]); // one past the last event time ≤ stop
            if (first < last)
            {
                change[first]++;
                change[last]--;
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

        var mean = sum / eventCount;
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (allEvents[i])
            {
                result[i] = weights[Array.BinarySearch(times, allStop[i])] - mean;
            }
        }

        return result;
    }

    private void ComputeEta(double[] x, int p, double[] beta)
    {
        for (var r = 0; r < N; r++)
        {
            var sum = 0.0;
            var row = r * p;
            for (var j = 0; j < p; j++)
            {
                sum += beta[j] * x[row + j];
            }

            _eta[r] = sum;
        }
    }

    // Groups the rows by stratum, keeps those whose interval (start, stop] holds an event time of
    // their stratum, and orders each stratum by stop descending.
    private static (int[] Segments, int[] Order) UsedRowsByStratumAndStop(CoxData data)
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

        var segments = new int[counts.Count + 1];
        var order = new List<int>(n);
        var eventTimes = new List<double>();
        for (var s = 0; s < counts.Count; s++)
        {
            int lo = bounds[s], length = bounds[s + 1] - bounds[s];
            eventTimes.Clear();
            for (var k = lo + length - 1; k >= lo; k--)
            {
                var row = grouped[k];
                if (data.Events[row] && (eventTimes.Count == 0 || eventTimes[^1] != data.Stop[row]))
                {
                    eventTimes.Add(data.Stop[row]); // ascending
                }
            }

            for (var k = lo; k < lo + length; k++)
            {
                var row = grouped[k];
                var first = FirstAbove(eventTimes, data.Start[row]);
                if (first < eventTimes.Count && eventTimes[first] <= data.Stop[row])
                {
                    order.Add(row);
                }
            }

            segments[s + 1] = order.Count;
        }

        return (segments, [.. order]);
    }

    private static int FirstAbove(List<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static (double[] X, double[] Scale) CenterAndScale(double[] covariates, int[] rows, int p, int[] segments)
    {
        var n = rows.Length;
        var x = new double[n * p];
        for (var i = 0; i < n; i++)
        {
            Array.Copy(covariates, rows[i] * p, x, i * p, p);
        }

        var scale = new double[p];
        for (var j = 0; j < p; j++)
        {
            var zeroOne = true;
            for (var r = 0; r < n && zeroOne; r++)
            {
                var v = x[(r * p) + j];
                zeroOne = v is 0 or 1 or -1;
            }

            scale[j] = 1;
            if (zeroOne)
            {
                continue; // R's nocenter = c(-1, 0, 1): indicators stay as they are
            }

            for (var s = 0; s + 1 < segments.Length; s++)
            {
                if (segments[s + 1] == segments[s])
                {
                    continue;
                }

                var sum = 0.0;
                for (var k = segments[s]; k < segments[s + 1]; k++)
                {
                    sum += x[(k * p) + j];
                }

                var mean = sum / (segments[s + 1] - segments[s]);
                for (var k = segments[s]; k < segments[s + 1]; k++)
                {
                    x[(k * p) + j] -= mean;
                }
            }

            var absSum = 0.0;
            for (var r = 0; r < n; r++)
            {
                absSum += Math.Abs(x[(r * p) + j]);
            }

            scale[j] = absSum > 0 ? n / absSum : 1;
            for (var r = 0; r < n; r++)
            {
                x[(r * p) + j] *= scale[j];
            }
        }

        return (x, scale);
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

    /// <summary>Information between x and x·g (lower triangle filled, mirrored by <see cref="Symmetrize"/>).</summary>
    public double[] I12 { get; }

    public double[] I22 { get; }

    public void Symmetrize(int p)
    {
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < i; j++)
            {
                I12[(j * p) + i] = I12[(i * p) + j];
                I22[(j * p) + i] = I22[(i * p) + j];
            }
        }
    }
}
