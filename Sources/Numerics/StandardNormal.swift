internal import CGSL

/// The standard normal distribution's CDF and quantile (GSL `gsl_cdf_ugaussian_*`).
public enum StandardNormal {
  /// Φ(x) = P(Z ≤ x).
  public static func cdf(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }
  /// 1 − Φ(x), accurate in the upper tail.
  public static func survival(_ x: Double) -> Double { gsl_cdf_ugaussian_Q(x) }
  /// Φ⁻¹(p) for p in (0, 1); ∓∞ at 0 and 1.
  public static func quantile(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }
}
