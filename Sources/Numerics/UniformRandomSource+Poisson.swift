import Foundation

extension UniformRandomSource {
  /// An exact Poisson variate with mean `mean` (≥ 0), driven by this source's uniforms.
  ///
  /// Algorithms (both exact, driven by this generator's `uniform()` draws):
  /// - μ < 10: inversion by sequential search, `k` = the first index whose cumulative pmf
  ///   `Σ_{i≤k} e^{−μ} μ^i / i!` exceeds one uniform (on average μ + 1 steps).
  /// - μ ≥ 10: Hörmann's PTRS, the transformed rejection method with squeeze (W. Hörmann 1993,
  ///   "The transformed rejection method for generating Poisson random variables", Insurance:
  ///   Mathematics and Economics 12, 39–45). A hat `k = ⌊(2a/u_s + b) U + μ + 0.43⌋` with
  ///   `U` uniform on (−½, ½), `u_s = ½ − |U|` dominates the pmf; the paper's constants
  ///   `b = 0.931 + 2.53 √μ`, `a = −0.059 + 0.02483 b`, `α = 1.1239 + 1.1328/(b − 3.4)`,
  ///   `v_r = 0.9277 − 3.6224/(b − 2)` give acceptance ≳ 0.87 and an immediate-accept squeeze
  ///   (`u_s ≥ 0.07`, `V ≤ v_r`) that decides ~86 % of draws with two uniforms and no logarithm.
  ///   Otherwise `k` is accepted iff `log(V α / (a/u_s² + b)) ≤ −μ + k log μ − log k!`.
  ///
  /// Means are not clamped: a mean above 2⁵³ is outside every use here and traps in the
  /// conversion. Returned as Double like `RandomGenerator.poisson(mean:)`; μ ≤ 0 returns 0
  /// without a draw.
  @inlinable @inline(__always) public mutating func exactPoisson(mean: Double) -> Double {
    if mean >= 10 { return transformedRejectionPoisson(mean: mean) }
    if mean > 0 { return inversionPoisson(mean: mean) }
    return 0
  }

  /// Sequential-search inversion for small means (exact up to the rounding of the cumulative sum).
  @inlinable mutating func inversionPoisson(mean: Double) -> Double {
    let u = uniform()
    var k = 0.0
    var probability = exp(-mean)
    var cumulative = probability
    // Stops when the cumulative sum passes u, or when the remaining terms underflow (only for
    // u within ~1e-16 of 1, where the rounding of the sum decides).
    while u >= cumulative && probability > 0 {
      k += 1
      probability *= mean / k
      cumulative += probability
    }
    return k
  }

  /// Hörmann's PTRS for μ ≥ 10.
  @inlinable mutating func transformedRejectionPoisson(mean: Double) -> Double {
    let root = mean.squareRoot()
    let b = 0.931 + 2.53 * root
    let a = -0.059 + 0.02483 * b
    let alpha = 1.1239 + 1.1328 / (b - 3.4)
    let vR = 0.9277 - 3.6224 / (b - 2)
    while true {
      // U on (−½, ½) so that u_s > 0; V on [0, 1).
      let u = uniformPositive() - 0.5
      let v = uniform()
      let us = 0.5 - abs(u)
      let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
      if us >= 0.07 && v <= vR { return k }
      if k < 0 || (us < 0.013 && v > us) { continue }
      let logMean = log(mean)
      if log(v) + log(alpha) - log(a / (us * us) + b) <= -mean + k * logMean - lgamma(k + 1) {
        return k
      }
    }
  }
}
