import Foundation

/// The limiting distribution of √n·Dₙ, the Kolmogorov–Smirnov statistic (Kolmogorov 1933):
/// `P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²)`.
public enum KolmogorovDistribution {
  /// `P(K > λ)`. For λ < 1.18 the alternating series converges slowly, so the equivalent
  /// Jacobi-theta form `P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} exp(−(2k−1)²π²/(8λ²))` is used instead
  /// (Marsaglia, Tsang & Wang 2003, J. Stat. Softw. 8(18)); both are summed to double precision.
  public static func survival(_ lambda: Double) -> Double {
    if lambda.isNaN { return .nan }
    if lambda <= 0 { return 1 }
    if lambda < 1.18 {
      let factor = -Double.pi * Double.pi / (8 * lambda * lambda)
      var sum = 0.0
      for k in 1...20 {
        let odd = Double(2 * k - 1)
        let term = exp(factor * odd * odd)
        sum += term
        if term < 1e-17 * sum { break }
      }
      return max(0, 1 - (2 * Double.pi).squareRoot() / lambda * sum)
    }
    var sum = 0.0
    for k in 1...100 {
      let kd = Double(k)
      let term = exp(-2 * kd * kd * lambda * lambda)
      sum += k % 2 == 1 ? term : -term
      if term < 1e-17 * sum { break }
    }
    return min(1, max(0, 2 * sum))
  }

  /// `P(K ≤ λ)`.
  public static func cdf(_ lambda: Double) -> Double { 1 - survival(lambda) }
}
