import Foundation

/// Non-negative amplitudes `a ≥ 0` that maximise the Poisson likelihood of binned counts `n_i`
/// whose expectation is a linear combination of templates, `μ_i = Σ_j A_ij a_j` — the fit of a
/// star-formation history to a colour–magnitude diagram (Dolphin 2002, MNRAS 332, 91: the
/// Poisson "maximum likelihood ratio" statistic; templates are the Hess diagrams of single
/// star-formation-history bins).
///
/// Algorithm: the expectation–maximisation iteration for Poisson mixtures (Shepp & Vardi 1982;
/// Richardson 1972, Lucy 1974): `a_j ← a_j · Σ_i A_ij n_i/μ_i / Σ_i A_ij`. Every step keeps
/// `a ≥ 0`, never lowers the likelihood and, for templates with non-negative entries, converges
/// to the maximum; at the optimum the Karush–Kuhn–Tucker conditions hold:
/// `∂ln L/∂a_j = Σ_i A_ij (n_i/μ_i − 1)` is 0 where `a_j > 0` and ≤ 0 where `a_j = 0`.
/// Stops when no amplitude changes by more than `relativeTolerance` of the largest.
public enum NonNegativePoissonFit {
  public struct Result: Sendable {
    /// The fitted amplitudes, one per template.
    public var amplitudes: [Double]
    /// The fitted expectation per bin.
    public var expected: [Double]
    /// Cash (1979) statistic `C = 2 Σ (μ − n + n ln(n/μ))`, the Poisson deviance (−2 ln of the
    /// likelihood ratio to a perfect model; ≈ χ² with bins − templates degrees of freedom).
    public var cash: Double
    public var iterations: Int
    /// `∂ln L/∂a_j` at the solution (the KKT check above).
    public var gradient: [Double]
  }

  /// - Parameters:
  ///   - templates: `templates[j][i]`, the expected count in bin i per unit amplitude j (≥ 0).
  ///   - counts: observed counts per bin (≥ 0).
  public static func fit(
    templates: [[Double]], counts: [Double], maximumIterations: Int = 200_000, relativeTolerance: Double = 1e-10
  ) throws(NumericsError) -> Result {
    let bins = counts.count
    guard !templates.isEmpty, templates.allSatisfy({ $0.count == bins }), bins > 0 else {
      throw NumericsError(
        operation: "NonNegativePoissonFit.fit", reason: "every template needs \(bins) bins (one per count)")
    }
    guard counts.allSatisfy({ $0 >= 0 && $0.isFinite }),
      templates.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0.isFinite } })
    else {
      throw NumericsError(operation: "NonNegativePoissonFit.fit", reason: "counts and templates must be finite and ≥ 0")
    }
    let columnSums = templates.map { $0.reduce(0, +) }
    // Bins no template reaches carry no information about the amplitudes (their μ is 0 for every
    // a); a count there makes the likelihood 0 whatever a is, so they are left out of the fit.
    let used = (0..<bins).filter { bin in templates.contains { $0[bin] > 0 } }
    let total = used.reduce(0.0) { $0 + counts[$1] }
    let active = columnSums.map { $0 > 0 }
    var amplitudes = columnSums.map { $0 > 0 ? total / ($0 * Double(templates.count)) : 0 }
    var expected = [Double](repeating: 0, count: bins)
    func updateExpected() {
      for bin in 0..<bins { expected[bin] = 0 }
      for (j, template) in templates.enumerated() where amplitudes[j] > 0 {
        for bin in used { expected[bin] += template[bin] * amplitudes[j] }
      }
    }
    updateExpected()
    var iteration = 0
    while iteration < maximumIterations {
      iteration += 1
      var change = 0.0
      var next = amplitudes
      for (j, template) in templates.enumerated() where active[j] && amplitudes[j] > 0 {
        var sum = 0.0
        for bin in used where template[bin] > 0 && expected[bin] > 0 {
          sum += template[bin] * counts[bin] / expected[bin]
        }
        next[j] = amplitudes[j] * sum / columnSums[j]
        change = max(change, abs(next[j] - amplitudes[j]))
      }
      amplitudes = next
      updateExpected()
      if change <= relativeTolerance * (amplitudes.max() ?? 0) { break }
    }
    var cash = 0.0
    for bin in used {
      let mu = expected[bin]
      let n = counts[bin]
      cash += 2 * (mu - n + (n > 0 ? n * log(n / mu) : 0))
    }
    let gradient = templates.map { template in
      used.reduce(0.0) { $0 + template[$1] * (expected[$1] > 0 ? counts[$1] / expected[$1] - 1 : -1) }
    }
    return Result(amplitudes: amplitudes, expected: expected, cash: cash, iterations: iteration, gradient: gradient)
  }
}
