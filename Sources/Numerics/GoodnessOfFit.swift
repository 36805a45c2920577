internal import CGSL

/// Goodness-of-fit tests used to check samplers against their analytic distributions.
public enum GoodnessOfFit {
  /// The one-sample Kolmogorov–Smirnov test of `samples` against a continuous `cdf`.
  ///
  /// `statistic` is `Dₙ = sup_x |Fₙ(x) − F(x)|`, computed exactly from the sorted samples.
  /// `pValue` is the asymptotic `P(K > (√n + 0.12 + 0.11/√n)·Dₙ)` with Stephens' (1970, J. R.
  /// Stat. Soc. B 32, 115) finite-n correction (as in Numerical Recipes §14.3.3), accurate to a
  /// few per cent of the p-value for n ≳ 20; without the correction (√n·Dₙ) it is the pure
  /// Kolmogorov limit. Samples must be non-empty.
  public static func kolmogorovSmirnov(samples: [Double], cdf: (Double) -> Double) -> (
    statistic: Double, pValue: Double
  ) {
    precondition(!samples.isEmpty, "kolmogorovSmirnov needs at least one sample")
    let sorted = samples.sorted()
    let n = Double(sorted.count)
    var statistic = 0.0
    for (index, sample) in sorted.enumerated() {
      let f = cdf(sample)
      statistic = max(statistic, Double(index + 1) / n - f, f - Double(index) / n)
    }
    let root = n.squareRoot()
    return (statistic, KolmogorovDistribution.survival((root + 0.12 + 0.11 / root) * statistic))
  }

  /// Pearson's χ² test of binned counts: `statistic = Σ (Oᵢ − Eᵢ)²/Eᵢ` over bins with Eᵢ > 0,
  /// `degreesOfFreedom = bins − constraints` (constraints = 1 when the expected counts were
  /// normalised to the observed total; add one per fitted parameter), and
  /// `pValue = P(χ²_dof > statistic)` by `gsl_cdf_chisq_Q`. A bin with Eᵢ = 0 but Oᵢ > 0 makes
  /// the statistic infinite and the p-value 0. The approximation wants Eᵢ ≳ 5 in every bin.
  public static func chiSquare(observed: [Double], expected: [Double], constraints: Int = 1) -> (
    statistic: Double, degreesOfFreedom: Int, pValue: Double
  ) {
    precondition(
      observed.count == expected.count,
      "chiSquare: \(observed.count) observed bins but \(expected.count) expected bins")
    GSLRuntime.configureOnce()
    var statistic = 0.0
    var bins = 0
    for (o, e) in zip(observed, expected) {
      if e > 0 {
        statistic += (o - e) * (o - e) / e
        bins += 1
      } else if o > 0 {
        statistic = .infinity
      }
    }
    let degreesOfFreedom = bins - constraints
    precondition(degreesOfFreedom > 0, "chiSquare: \(bins) usable bins leave no degrees of freedom")
    let pValue = statistic.isFinite ? gsl_cdf_chisq_Q(statistic, Double(degreesOfFreedom)) : 0
    return (statistic, degreesOfFreedom, pValue)
  }
}
