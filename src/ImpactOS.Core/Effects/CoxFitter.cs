using System.Runtime.CompilerServices;
namespace ImpactOS.Core.Effects;

/// <summary>
/// Cox proportional-hazards regression on counting-process data, computed as R's
/// <c>coxph(Surv(start, stop, event) ~ x + strata(s) + cluster(c))</c> (survival 3.5.3) computes it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Newton–Raphson from β = 0 with agfit4's step-halving: a step that lowers the log-likelihood
/// (or makes it or the information non-finite, or changes its rank) is pulled back towards the last
/// good β; converged when |1 − L(old)/L(new)| ≤ ε after a full step.</item>
/// <item>A coefficient is "infinite" when, at convergence, the next Newton step would still be
/// large: |(uᵀV)ⱼ| &gt; toler.inf (1 + |βⱼ|); singular when its Cholesky pivot is below toler.chol.</item>
/// <item>With clusters: the robust variance DᵀD where D sums the dfbeta residuals (score residuals × V)
/// per cluster; Wald test with it; robust score test from the score residuals at β = 0.</item>
/// <item>The PH test is the score test of cox.zph for adding x·g(t) (g the KM transform), with the
/// model-based information, as R computes it even for a clustered fit.</item>
/// </list>
/// </remarks>
public static class CoxFitter
{
    /// <exception cref="ArgumentException">The data have no event (R: "Can't fit a Cox model with 0 failures").</exception>
    public static CoxFit Fit(CoxData data, CoxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new CoxOptions();
        var events = 0;
        foreach (var e in data.Events)
        {
            if (e)
            {
                events++;
            }
        }

        if (events == 0)
        {
            throw new ArgumentException("Can't fit a Cox model with 0 failures.", nameof(data));
        }

        using var engine = new CoxEngine(data, options.Ties == CoxTies.Efron);
        var p = engine.P;

        // The robust score test needs the score residuals at β = 0: the first Newton sweep is there.
        ClusterResiduals? atZero = null;
        if (data.Clusters is { } clusterIds)
        {
            var (clusterOfRow, clusterCount) = DenseIds(clusterIds);
            atZero = new ClusterResiduals(engine.ToJoinOrder(clusterOfRow), clusterCount);
        }

        // The last sweep's sums may come from Newton's own last sweep (see SweepAhead).
        var ahead = options.SumsAhead && (atZero is not null || options.ProportionalHazardsTest)
            ? new SweepAhead(engine, atZero, options.ProportionalHazardsTest)
            : null;
        var newton = Newton(engine, options, atZero, ahead);
        var rowsUsed = engine.N;

        // Back to the original scale (agfit4's last step).
        var scale = engine.Scale;
        var coef = new double[p];
        var score = new double[p];
        var variance = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            coef[i] = newton.Beta[i] * scale[i];
            score[i] = newton.U[i] / scale[i];
            for (var j = 0; j < p; j++)
            {
                variance[(i * p) + j] = newton.Inverse[(i * p) + j] * scale[i] * scale[j];
            }
        }

        var warnings = new List<string>();
        var status = new CoxTermStatus[p];
        if (newton.Rank < p)
        {
            var singular = new List<int>();
            for (var i = 0; i < p; i++)
            {
                if (variance[(i * p) + i] == 0)
                {
                    status[i] = CoxTermStatus.Singular;
                    singular.Add(i + 1);
                }
            }

            if (singular.Count > 0)
            {
                warnings.Add($"X matrix deemed to be singular; variable {string.Join(" ", singular)}");
            }
        }

        if (options.MaxIterations > 1)
        {
            if (!newton.Converged)
            {
                warnings.Add("Ran out of iterations and did not converge");
                for (var i = 0; i < p; i++)
                {
                    if (status[i] == CoxTermStatus.Estimated)
                    {
                        status[i] = CoxTermStatus.NotConverged;
                    }
                }
            }
            else
            {
                var tolerInf = options.TolerInf ?? Math.Sqrt(options.Epsilon);
                var infinite = new List<int>();
                for (var j = 0; j < p; j++)
                {
                    if (status[j] == CoxTermStatus.Singular)
                    {
                        continue;
                    }

                    var step = 0.0;
                    for (var i = 0; i < p; i++)
                    {
                        step += score[i] * variance[(i * p) + j];
                    }

                    if (!double.IsFinite(score[j]) || Math.Abs(step) > tolerInf * (1 + Math.Abs(coef[j])))
                    {
                        status[j] = CoxTermStatus.Infinite;
                        infinite.Add(j + 1);
                    }
                }

                if (infinite.Count > 0)
                {
                    warnings.Add($"Loglik converged before variable  {string.Join(",", infinite)} ; beta may be infinite. ");
                }
            }
        }

        var estimated = new bool[p];
        var df = 0;
        for (var i = 0; i < p; i++)
        {
            estimated[i] = status[i] != CoxTermStatus.Singular;
            if (estimated[i])
            {
                df++;
            }
        }

        // The last sweep, at β̂: the score residuals for the robust variance and the sums of the PH
        // test, together when they see the same covariates (every term estimated), else apart.
        // When Newton's last sweep (at β̂, every term estimated) took these sums on the way, they are used.
        var ph = options.ProportionalHazardsTest && df > 0 ? new PhRequest(engine, newton.Beta, estimated, ahead, newton.Ahead) : null;
        ClusterResiduals? atBeta = null;
        if (newton.Ahead is { } taken)
        {
            atBeta = taken.Residuals;
        }
        else if (atZero is not null && df > 0)
        {
            var betaForResiduals = new double[p];
            for (var i = 0; i < p; i++)
            {
                betaForResiduals[i] = estimated[i] ? newton.Beta[i] : 0;
            }

            atBeta = new ClusterResiduals(atZero.ClusterOf, atZero.ClusterCount);
            if (ph is not null && ph.AllTerms)
            {
                ph.Sweep(engine, atBeta);
            }
            else
            {
                engine.Accumulate(engine.Rows, betaForResiduals, new double[p], new double[p * p], residuals: atBeta);
            }
        }

        if (ph is not null && !ph.Swept)
        {
            ph.Sweep(engine, null);
        }

        // Robust variance and robust score test, from score residuals summed per cluster.
        double[]? robustVariance = null;
        ChiSquareTest? robustScore = null;
        if (atBeta is not null)
        {
            var clusterCount = atBeta.ClusterCount;

            // The robust variance (from the residuals at β̂) and the robust score test's middle
            // matrix (from those at β = 0) do not depend on each other: side by side.
            double[]? u0 = null, scoreMiddle = null;
            double[] sumsAtBeta = atBeta.Sums!, sumsAtZero = atZero!.Sums!;
            Parallel.Invoke(
                () =>
                {
                    var residuals = ToOriginalScale(sumsAtBeta, clusterCount, scale);
                    robustVariance = CrossProduct(Multiply(residuals, clusterCount, p, variance), clusterCount, p);
                },
                () =>
                {
                    var residualsAtZero = ToOriginalScale(sumsAtZero, clusterCount, scale);
                    u0 = new double[p];
                    for (var g = 0; g < clusterCount; g++)
                    {
                        for (var i = 0; i < p; i++)
                        {
                            u0[i] += residualsAtZero[(g * p) + i];
                        }
                    }

                    scoreMiddle = CrossProduct(residualsAtZero, clusterCount, p);
                });

            var rscore = SymmetricMatrix.QuadraticForm(scoreMiddle!, p, u0!, options.TolerChol);
            robustScore = Test(rscore, df);
        }

        var usedVariance = robustVariance ?? variance;
        var terms = new CoxTerm[p];
        for (var j = 0; j < p; j++)
        {
            var name = data.TermNames[j];
            if (!estimated[j])
            {
                terms[j] = new CoxTerm(name, double.NaN, double.NaN, double.NaN, null, double.NaN, double.NaN, double.NaN, double.NaN, status[j]);
                continue;
            }

            var se = Math.Sqrt(variance[(j * p) + j]);
            double? robustSe = robustVariance is null ? null : Math.Sqrt(robustVariance[(j * p) + j]);
            var seUsed = Math.Sqrt(usedVariance[(j * p) + j]);
            var z = coef[j] / seUsed;
            terms[j] = new CoxTerm(
                name,
                coef[j],
                Math.Exp(coef[j]),
                se,
                robustSe,
                z,
                Distributions.NormalTwoSided(z),
                Math.Exp(coef[j] - (Distributions.NormalQuantile975 * seUsed)),
                Math.Exp(coef[j] + (Distributions.NormalQuantile975 * seUsed)),
                status[j]);
        }

        var wald = Test(SymmetricMatrix.QuadraticForm(Subset(usedVariance, p, estimated), df, Subset(coef, estimated), options.TolerChol), df);
        var lr = Test(2 * (newton.LogLikFinal - newton.LogLikNull), df);

        return new CoxFit
        {
            Terms = terms,
            LogLikNull = newton.LogLikNull,
            LogLikFinal = newton.LogLikFinal,
            Iterations = newton.Iterations,
            Converged = newton.Converged,
            RowsUsed = rowsUsed,
            Events = events,
            LikelihoodRatio = lr,
            Wald = wald,
            Score = Test(newton.ScoreTest, df),
            RobustScore = robustScore,
            Variance = variance,
            RobustVariance = robustVariance,
            ProportionalHazards = ph?.Test(data.TermNames),
            Warnings = warnings,
            SumsFromNewton = newton.Ahead is not null,
        };
    }

    private sealed record NewtonResult(
        double[] Beta, double[] U, double[] Inverse, double LogLikNull, double LogLikFinal, double ScoreTest, int Rank, int Iterations, bool Converged, SweepSums? Ahead);

    /// <summary>What the last sweep at β̂ sums besides the likelihood: the score residuals per
    /// cluster and cox.zph's sums, with the information they were taken with.</summary>
    private sealed record SweepSums(ClusterResiduals? Residuals, ZphSums? Zph, double[] Imat);

    /// <summary>
    /// The fit ends with a sweep at β̂ for the score residuals and the PH test's sums. Newton's own
    /// last sweep is at β̂ too: it is the one whose likelihood shows convergence. When the next sweep
    /// looks like that one (see <see cref="LooksLast"/>; no halving, full rank), it takes the sums as
    /// well; if it does converge they are the last sweep's, computed from the same β in the same
    /// order, and the last sweep is not made. If it does not, they are dropped.
    /// </summary>
    private sealed class SweepAhead(CoxEngine engine, ClusterResiduals? atZero, bool phTest)
    {
        /// <summary>
        /// Near β̂, Newton's relative log-likelihood changes fall quadratically, cₖ₊₁ ≈ C cₖ²: from
        /// the last two, the next is about cₖ³ / cₖ₋₁² (with only one, C is taken as 1). Asking it to
        /// be below ε / 4 leaves room for that guess to be off (on the fixtures and the benchmark it
        /// erred the safe way); a coefficient running to infinity converges only linearly
        /// (cₖ₊₁ ≈ 0.37 cₖ) and is not guessed last until its very end. A wrong guess costs the sums
        /// of one sweep, a right one saves a sweep.
        /// </summary>
        public static bool LooksLast(double lastChange, double changeBefore, double epsilon) =>
            double.IsFinite(changeBefore)
                ? lastChange * lastChange * lastChange <= epsilon / 4 * changeBefore * changeBefore
                : lastChange * lastChange <= epsilon / 4;

        private double[]? _timeWeights;

        /// <summary>The Kaplan–Meier time weights of cox.zph in join order (computed once).</summary>
        public double[] TimeWeights => _timeWeights ??= engine.KaplanMeierTimeWeights();

        public SweepSums Start() => new(
            atZero is null ? null : new ClusterResiduals(atZero.ClusterOf, atZero.ClusterCount),
            phTest ? new ZphSums(TimeWeights, engine.P) : null,
            new double[engine.P * engine.P]);
    }

    // agfit4's iteration, in the engine's scaled coordinates.
    private static NewtonResult Newton(CoxEngine engine, CoxOptions options, ClusterResiduals? residualsAtZero, SweepAhead? ahead)
    {
        var p = engine.P;
        var x = engine.Rows;
        var beta = new double[p];
        var oldBeta = new double[p];
        var u = new double[p];
        var imat = new double[p * p];
        var step = new double[p];
        double logLikNull = 0, best = 0, newlk = 0, scoreTest = 0;
        int rank = 0, halving = 0, iter;
        var converged = true;
        var maxIter = options.MaxIterations;
        double lastChange = double.PositiveInfinity, changeBefore = double.PositiveInfinity;
        SweepSums? taken = null;
        for (iter = 0; iter <= maxIter; iter++)
        {
            var attempt = ahead is not null && halving == 0 && rank == p && SweepAhead.LooksLast(lastChange, changeBefore, options.Epsilon)
                ? ahead.Start()
                : null;
            newlk = engine.Accumulate(x, beta, u, imat, attempt?.Zph, iter == 0 ? residualsAtZero : attempt?.Residuals);
            if (attempt is not null)
            {
                imat.CopyTo(attempt.Imat, 0); // before the Cholesky below factors it in place
            }

            if (iter == 0)
            {
                logLikNull = best = newlk;
                u.CopyTo(step, 0);
                rank = SymmetricMatrix.Cholesky(imat, p, options.TolerChol);
                SymmetricMatrix.Solve(imat, p, step);
                scoreTest = 0;
                for (var i = 0; i < p; i++)
                {
                    scoreTest += u[i] * step[i];
                }

                if (maxIter == 0 || !double.IsFinite(newlk))
                {
                    break;
                }

                for (var i = 0; i < p; i++)
                {
                    oldBeta[i] = beta[i];
                    beta[i] += step[i];
                }

                continue;
            }

            var fail = 0;
            for (var i = 0; i < p; i++)
            {
                if (!double.IsFinite(imat[(i * p) + i]))
                {
                    fail++;
                }
            }

            var rank2 = SymmetricMatrix.Cholesky(imat, p, options.TolerChol);
            fail += (double.IsFinite(newlk) ? 0 : 1) + Math.Abs(rank - rank2);
            if (fail == 0 && halving == 0 && Math.Abs(1 - (best / newlk)) <= options.Epsilon)
            {
                taken = attempt;
                break;
            }

            if (iter == maxIter)
            {
                converged = false;
                if (maxIter > 1 && (newlk - best) / Math.Abs(best) < -options.Epsilon)
                {
                    // The last attempt was worse than the best: report the best β and its information.
                    oldBeta.CopyTo(beta, 0);
                    newlk = engine.Accumulate(x, beta, u, imat);
                    SymmetricMatrix.Cholesky(imat, p, options.TolerChol);
                }

                break;
            }

            if (fail > 0 || newlk < best)
            {
                lastChange = changeBefore = double.PositiveInfinity;
                halving++;
                for (var i = 0; i < p; i++)
                {
                    beta[i] = ((oldBeta[i] * halving) + beta[i]) / (halving + 1.0);
                }
            }
            else
            {
                halving = 0;
                changeBefore = lastChange;
                lastChange = Math.Abs(1 - (best / newlk));
                best = newlk;
                u.CopyTo(step, 0);
                SymmetricMatrix.Solve(imat, p, step);
                for (var i = 0; i < p; i++)
                {
                    oldBeta[i] = beta[i];
                    beta[i] += step[i];
                }
            }
        }

        if (iter > maxIter)
        {
            iter = maxIter;
        }

        var inverse = SymmetricMatrix.Inverse(imat, p);
        return new NewtonResult(beta, u, inverse, logLikNull, newlk, scoreTest, rank, iter, converged, taken);
    }

    private static ChiSquareTest Test(double chisq, int df) =>
        new(chisq, df, df > 0 ? Distributions.ChiSquareUpperTail(chisq, df) : double.NaN);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static (int[] Dense, int Count) DenseIds(int[] ids)
    {
        // Ids that are already small numbers (the program-effects data numbers its companies
        // 0, 1, …) are mapped through an array: the same numbering, without a dictionary look-up a row.
        var max = -1;
        foreach (var id in ids)
        {
            max = Math.Max(max, id);
        }

        if (max < 2 * (long)ids.Length)
        {
            var byId = new int[max + 1];
            Array.Fill(byId, -1);
            var dense = new int[ids.Length];
            var count = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                ref var d = ref byId[ids[i]];
                if (d < 0)
                {
                    d = count++;
                }

                dense[i] = d;
            }

            return (dense, count);
        }

        return DenseIdsByDictionary(ids);
    }

    private static (int[] Dense, int Count) DenseIdsByDictionary(int[] ids)
    {
        var map = new Dictionary<int, int>();
        var dense = new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!map.TryGetValue(ids[i], out var d))
            {
                d = map.Count;
                map.Add(ids[i], d);
            }

            dense[i] = d;
        }

        return (dense, map.Count);
    }

    // Residuals of the scaled covariate x·c are c times those of x.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static double[] ToOriginalScale(double[] residuals, int rows, double[] scale)
    {
        var p = scale.Length;
        for (var g = 0; g < rows; g++)
        {
            for (var i = 0; i < p; i++)
            {
                residuals[(g * p) + i] /= scale[i];
            }
        }

        return residuals;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static double[] Multiply(double[] left, int rows, int p, double[] square)
    {
        // Row g of the product is Σₖ left[g, k] · square[k, ·]: whole rows at a time, with SIMD.
        var result = new double[rows * p];
        for (var g = 0; g < rows; g++)
        {
            var target = result.AsSpan(g * p, p);
            for (var k = 0; k < p; k++)
            {
                var factor = left[(g * p) + k];
                if (factor != 0)
                {
                    DenseKernels.AddScaled(target, factor, square.AsSpan(k * p, p));
                }
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per fit, each a loop over every row: optimised from the first call
    private static double[] CrossProduct(double[] m, int rows, int p)
    {
        // mᵀm is symmetric: the upper triangle is summed (each row's terms in the same order as a
        // full product would add them) and mirrored.
        var result = new double[p * p];
        for (var g = 0; g < rows; g++)
        {
            var row = m.AsSpan(g * p, p);
            for (var i = 0; i < p; i++)
            {
                if (row[i] != 0)
                {
                    DenseKernels.AddScaled(result.AsSpan((i * p) + i, p - i), row[i], row[i..]);
                }
            }
        }

        DenseKernels.MirrorUpper(result, p);
        return result;
    }

    private static double[] Subset(double[] square, int p, bool[] keep)
    {
        var q = keep.Count(k => k);
        var result = new double[q * q];
        var ri = 0;
        for (var i = 0; i < p; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            var rj = 0;
            for (var j = 0; j < p; j++)
            {
                if (keep[j])
                {
                    result[(ri * q) + rj++] = square[(i * p) + j];
                }
            }

            ri++;
        }

        return result;
    }

    private static double[] Subset(double[] vector, bool[] keep)
    {
        var result = new List<double>();
        for (var i = 0; i < vector.Length; i++)
        {
            if (keep[i])
            {
                result.Add(vector[i]);
            }
        }

        return [.. result];
    }

    // cox.zph(fit, transform = "km"): score test for x·g(t) at (β̂, 0), per term and global, with
    // the model-based information. Its sums come from one sweep at β̂ over the estimated terms.
    private sealed class PhRequest
    {
        private readonly List<int> _keep;
        private readonly double[] _beta;
        private readonly SparseRows _x;
        private readonly ZphSums _zph;
        private double[]? _imat;

        /// <param name="taken">The sums Newton's last sweep took at β̂ with every term: no sweep needed.</param>
        public PhRequest(CoxEngine engine, double[] beta, bool[] estimated, SweepAhead? ahead, SweepSums? taken)
        {
            _keep = [.. Enumerable.Range(0, engine.P).Where(j => estimated[j])];
            AllTerms = _keep.Count == engine.P;
            _beta = [.. _keep.Select(j => beta[j])];
            _x = AllTerms ? engine.Rows : engine.Rows.KeepColumns(_keep);
            _zph = taken?.Zph ?? new ZphSums(ahead?.TimeWeights ?? engine.KaplanMeierTimeWeights(), _keep.Count);
            _imat = taken?.Imat;
        }

        /// <summary>Every term estimated: the sweep sees the model's own covariates and β̂.</summary>
        public bool AllTerms { get; }

        public bool Swept => _imat is not null;

        public void Sweep(CoxEngine engine, ClusterResiduals? residuals)
        {
            var q = _keep.Count;
            _imat = new double[q * q];
            engine.Accumulate(_x, _beta, new double[q], _imat, _zph, residuals);
        }

        public PhTest Test(IReadOnlyList<string> names)
        {
            var q = _keep.Count;
            var imat = _imat!;
            var zph = _zph;
            var size = 2 * q;
            var full = new double[size * size];
            for (var i = 0; i < q; i++)
            {
                for (var j = 0; j < q; j++)
                {
                    full[(i * size) + j] = imat[(i * q) + j];
                    full[(i * size) + q + j] = zph.I12[(i * q) + j];
                    full[((q + i) * size) + j] = zph.I12[(j * q) + i];
                    full[((q + i) * size) + q + j] = zph.I22[(i * q) + j];
                }
            }

            var terms = new PhTerm[q];
            var sub = q + 1;
            for (var t = 0; t < q; t++)
            {
                int[] index = [.. Enumerable.Range(0, q), q + t];
                var m = new double[sub * sub];
                for (var i = 0; i < sub; i++)
                {
                    for (var j = 0; j < sub; j++)
                    {
                        m[(i * sub) + j] = full[(index[i] * size) + index[j]];
                    }
                }

                var v = new double[sub];
                v[q] = zph.U2[t];
                var chisq = SymmetricMatrix.SolveDotGeneral(m, sub, v);
                terms[t] = new PhTerm(names[_keep[t]], chisq, 1, Distributions.ChiSquareUpperTail(chisq, 1));
            }

            var all = new double[size];
            for (var t = 0; t < q; t++)
            {
                all[q + t] = zph.U2[t];
            }

            var global = SymmetricMatrix.SolveDotGeneral(full, size, all);
            return new PhTest(terms, new PhTerm("GLOBAL", global, q, Distributions.ChiSquareUpperTail(global, q)));
        }
    }
}
