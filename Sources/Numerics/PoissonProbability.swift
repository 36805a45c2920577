import Foundation

/// The Poisson probability mass p(k; μ) = e^{−μ} μ^k / k!, to a relative accuracy of ≈ 10⁻¹⁴ at
/// any k and μ (a few ulp for k > 15; for k ≤ 15, δ(k) below comes from lgamma and cancels to
/// an absolute error of ≈ 10⁻¹⁴, about 50 ulp of p; Loader's exact table of δ(0…15) would remove it).
///
/// The textbook form exp(−μ + k ln μ − ln k!) cancels terms of size k ln μ: at μ = 10⁵ it loses
/// ~10⁻¹⁰ in relative accuracy. This uses Loader's saddle-point form instead (C. Loader 2000,
/// "Fast and Accurate Computation of Binomial Probabilities", the algorithm behind R's dpois):
///
///     p(k; μ) = exp(−δ(k) − D(k, μ)) / √(2π k)        (k ≥ 1),   p(0; μ) = e^{−μ},
///
/// with δ(k) = ln k! − ln(√(2πk) (k/e)^k) the Stirling remainder and D(k, μ) = k ln(k/μ) + μ − k
/// the deviance term, both computed without cancellation: δ by its asymptotic series
/// 1/(12k) − 1/(360k³) + 1/(1260k⁵) − … for k > 15 (directly from lgamma below), D by the series
/// in v = (k − μ)/(k + μ) when |k − μ| < 0.1 (k + μ).
public enum PoissonProbability {
  /// p(k; μ) for k ≥ 0 and μ > 0 (0 for k < 0).
  public static func mass(_ k: Int, mean: Double) -> Double {
    if k < 0 { return 0 }
    if k == 0 { return exp(-mean) }
    let x = Double(k)
    return exp(-stirlingRemainder(k) - deviance(x, mean)) / (2 * Double.pi * x).squareRoot()
  }

  /// δ(k) = ln k! − (k + ½) ln k + k − ½ ln 2π (Loader 2000, `stirlerr`), k ≥ 1.
  static func stirlingRemainder(_ k: Int) -> Double {
    let n = Double(k)
    if k <= 15 { return lgamma(n + 1) - (n + 0.5) * log(n) + n - 0.5 * log(2 * Double.pi) }
    let s0 = 1.0 / 12
    let s1 = 1.0 / 360
    let s2 = 1.0 / 1260
    let s3 = 1.0 / 1680
    let s4 = 1.0 / 1188
    let nn = n * n
    if k > 500 { return (s0 - s1 / nn) / n }
    if k > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
    if k > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
  }

  /// D(x, μ) = x ln(x/μ) + μ − x ≥ 0 (Loader 2000, `bd0`).
  static func deviance(_ x: Double, _ mean: Double) -> Double {
    if abs(x - mean) < 0.1 * (x + mean) {
      let v = (x - mean) / (x + mean)
      let vv = v * v
      var sum = (x - mean) * v
      var term = 2 * x * v
      var j = 1.0
      while true {
        term *= vv
        let next = sum + term / (2 * j + 1)
        if next == sum { return next }
        sum = next
        j += 1
      }
    }
    return x * log(x / mean) + mean - x
  }
}
