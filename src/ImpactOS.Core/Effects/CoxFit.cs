namespace ImpactOS.Core.Effects;

/// <summary>How tied event times are handled (R's <c>ties</c>).</summary>
public enum CoxTies
{
    Efron,
    Breslow,
}

/// <summary>Settings of a fit; the defaults are R's <c>coxph.control()</c>.</summary>
public sealed record CoxOptions
{
    public CoxTies Ties { get; init; } = CoxTies.Efron;

    /// <summary>Convergence: relative change of the log-likelihood (R's <c>eps</c>).</summary>
    public double Epsilon { get; init; } = 1e-9;

    public int MaxIterations { get; init; } = 20;

    /// <summary>Pivot tolerance of the Cholesky decomposition (R's <c>toler.chol</c> = ε^0.75).</summary>
    public double TolerChol { get; init; } = Math.Pow(2.220446049250313e-16, 0.75);

    /// <summary>Infinite-coefficient check (R's <c>toler.inf</c>); default √<see cref="Epsilon"/>.</summary>
    public double? TolerInf { get; init; }

    /// <summary>Also run the proportional-hazards test (<c>cox.zph(fit, transform = "km")</c>).</summary>
    public bool ProportionalHazardsTest { get; init; } = true;

    /// <summary>Let Newton's sweep that looks last also take the last sweep's sums (the default);
    /// off, the last sweep is always made on its own. The same numbers either way (tested).</summary>
    internal bool SumsAhead { get; init; } = true;
}

/// <summary>Why a coefficient has no number.</summary>
public enum CoxTermStatus
{
    Estimated,

    /// <summary>R: "Loglik converged before variable k; beta may be infinite."</summary>
    Infinite,

    /// <summary>R: "X matrix deemed to be singular" (the coefficient is NA).</summary>
    Singular,

    /// <summary>R: "Ran out of iterations and did not converge".</summary>
    NotConverged,
}

/// <summary>
/// One term of the fit. The raw numbers are what R computes; <see cref="Estimable"/> says whether a
/// report may show them (R prints them even for an infinite coefficient, with a warning).
/// </summary>
/// <param name="Se">The model-based standard error (R's <c>se(coef)</c>).</param>
/// <param name="RobustSe">The cluster-robust (sandwich) standard error, or <c>null</c> without clusters.</param>
/// <param name="Z">coef / (robust se when clustered, else se).</param>
/// <param name="CiLow">Lower 95 % limit of the hazard ratio, from the same se as <see cref="Z"/>.</param>
public sealed record CoxTerm(
    string Name,
    double Coef,
    double HazardRatio,
    double Se,
    double? RobustSe,
    double Z,
    double P,
    double CiLow,
    double CiHigh,
    CoxTermStatus Status)
{
    public bool Estimable => Status == CoxTermStatus.Estimated;
}

/// <summary>A chi-square test: statistic, degrees of freedom and upper-tail p-value.</summary>
public sealed record ChiSquareTest(double ChiSquare, int Df, double P);

/// <summary>The proportional-hazards test of one term (or the global one).</summary>
public sealed record PhTerm(string Term, double ChiSquare, int Df, double P);

/// <summary><c>cox.zph(fit, transform = "km")</c>: per term and global.</summary>
public sealed record PhTest(IReadOnlyList<PhTerm> Terms, PhTerm Global);

/// <summary>The result of <see cref="CoxFitter.Fit"/>, mirroring R's <c>coxph</c> and <c>summary.coxph</c>.</summary>
public sealed record CoxFit
{
    public required IReadOnlyList<CoxTerm> Terms { get; init; }

    public required double LogLikNull { get; init; }

    public required double LogLikFinal { get; init; }

    public required int Iterations { get; init; }

    public required bool Converged { get; init; }

    /// <summary>Rows that took part (an interval containing an event time of its stratum).</summary>
    public required int RowsUsed { get; init; }

    public required int Events { get; init; }

    /// <summary>2 (final − null log-likelihood), df = number of estimated coefficients.</summary>
    public required ChiSquareTest LikelihoodRatio { get; init; }

    /// <summary>R's <c>fit$wald.test</c>: with the robust variance when clustered.</summary>
    public required ChiSquareTest Wald { get; init; }

    /// <summary>The model-based score (log-rank) test at β = 0 (R's <c>fit$score</c>).</summary>
    public required ChiSquareTest Score { get; init; }

    /// <summary>R's <c>fit$rscore</c>, the robust score test, or <c>null</c> without clusters.</summary>
    public required ChiSquareTest? RobustScore { get; init; }

    /// <summary>Model-based variance (row-major p × p; R's <c>naive.var</c> when clustered).</summary>
    public required double[] Variance { get; init; }

    /// <summary>The robust variance, or <c>null</c> without clusters.</summary>
    public required double[]? RobustVariance { get; init; }

    /// <summary>The proportional-hazards test, or <c>null</c> when not requested.</summary>
    public required PhTest? ProportionalHazards { get; init; }

    /// <summary>The warnings R would give, in its words.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The residuals and PH sums at β̂ came from Newton's last sweep (no sweep of their own).</summary>
    internal bool SumsFromNewton { get; init; }
}
