import Foundation

/// One segment of a power law p(x) ∝ x^(-alpha) on [lower, upper], with exact CDF, quantile
/// and moments. Shared by the IMFs (broken power laws are sums of these) and the RNG.
public struct PowerLawSegment: Sendable, Equatable {
  public let alpha: Double
  public let lower: Double
  public let upper: Double
  /// lower^(1−α) and upper^(1−α), computed once: the quantile then needs one `pow` per draw.
  public let lowerPower: Double
  public let upperPower: Double

  public init(alpha: Double, lower: Double, upper: Double) {
    precondition(lower > 0 && upper > lower, "power law needs 0 < lower < upper, got [\(lower), \(upper)]")
    self.alpha = alpha
    self.lower = lower
    self.upper = upper
    let p = 1 - alpha
    lowerPower = pow(lower, p)
    upperPower = pow(upper, p)
  }

  /// ∫_lower^upper x^(k - alpha) dx: the k-th unnormalised moment (k = 0: number, k = 1: mass).
  public func integral(moment k: Double = 0) -> Double {
    let p = k - alpha + 1
    if abs(p) < 1e-12 { return log(upper / lower) }
    return (pow(upper, p) - pow(lower, p)) / p
  }

  /// ∫_lower^x t^(-alpha) dt for x in [lower, upper].
  public func partialIntegral(to x: Double) -> Double {
    let p = 1 - alpha
    if abs(p) < 1e-12 { return log(x / lower) }
    return (pow(x, p) - pow(lower, p)) / p
  }

  /// The cumulative distribution at x (0 below `lower`, 1 above `upper`).
  public func cdf(_ x: Double) -> Double {
    if x <= lower { return 0 }
    if x >= upper { return 1 }
    return partialIntegral(to: x) / integral()
  }

  /// Exact inverse of `cdf` for u in [0, 1]: (lower^(1−α) + u (upper^(1−α) − lower^(1−α)))^(1/(1−α)),
  /// the power by `power(_:_:)` (within 1.5 ulp, the same bits as the array `raise(_:toPowers:)`
  /// that block sampling uses); lower (upper/lower)^u for α = 1.
  public func quantile(_ u: Double) -> Double {
    let p = 1 - alpha
    if abs(p) < 1e-12 { return lower * pow(upper / lower, u) }
    return power(lowerPower + u * (upperPower - lowerPower), 1 / p)
  }
}
