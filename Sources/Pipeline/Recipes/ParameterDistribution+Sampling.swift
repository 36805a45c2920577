import Foundation
import Numerics
import RecipeFormat

extension ParameterDistribution {
  /// Draws one value with the sample's generator.
  ///
  /// Truncated normals use rejection; a truncation window more than 8σ from the mean (where
  /// rejection would take forever) falls back to inverse-CDF sampling of the window.
  public func sample(_ generator: RandomGenerator) -> Double {
    switch self {
    case .fixed(let value):
      return value
    case .uniform(let low, let high):
      return generator.uniform(low, high)
    case .logUniform(let low, let high):
      return pow(10, generator.uniform(log10(low), log10(high)))
    case .normal(let mean, let sigma, let minimum, let maximum):
      let lower = minimum ?? -.infinity
      let upper = maximum ?? .infinity
      for _ in 0..<10_000 {
        let value = generator.gaussian(mean: mean, sigma: sigma)
        if value >= lower && value <= upper { return value }
      }
      // Pathological window: inverse CDF of the truncated normal.
      let cdf = { (x: Double) in 0.5 * erfc(-(x - mean) / (sigma * 2.0.squareRoot())) }
      let (a, b) = (cdf(lower), cdf(upper))
      let u = a + (b - a) * generator.uniform()
      var (lo, hi) = (lower.isFinite ? lower : mean - 40 * sigma, upper.isFinite ? upper : mean + 40 * sigma)
      for _ in 0..<200 {
        let mid = 0.5 * (lo + hi)
        if cdf(mid) < u { lo = mid } else { hi = mid }
      }
      return 0.5 * (lo + hi)
    case .choice(let values, let weights):
      guard let weights else { return values[generator.uniformInteger(below: values.count)] }
      let total = weights.reduce(0, +)
      var target = generator.uniform() * total
      for (value, weight) in zip(values, weights) {
        if target < weight { return value }
        target -= weight
      }
      return values[values.count - 1]
    }
  }
}
