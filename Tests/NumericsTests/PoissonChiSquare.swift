import Foundation
import Numerics

/// χ² goodness of fit of integer draws to the exact Poisson(μ) pmf (`PoissonProbability.mass`,
/// checked against the textbook form in `PoissonGuideTableTests`): single-value bins where the
/// expected count is ≥ 20, the two tails merged into one bin each when their expected count is
/// ≥ 5. Returns the χ² p-value, or nil when fewer than two bins qualify.
enum PoissonChiSquare {
  static func pValue(draws: [Double], mean: Double) -> (pValue: Double, summary: String)? {
    let n = Double(draws.count)
    var histogram: [Int: Int] = [:]
    for value in draws { histogram[Int(value), default: 0] += 1 }
    let center = Int(mean)
    var low = center
    while low > 0 && n * PoissonProbability.mass(low - 1, mean: mean) >= 20 { low -= 1 }
    var high = center
    while n * PoissonProbability.mass(high + 1, mean: mean) >= 20 { high += 1 }
    var observed: [Double] = []
    var expected: [Double] = []
    var below = 0.0
    for k in 0..<low { below += PoissonProbability.mass(k, mean: mean) }
    var central = 0.0
    for k in low...high {
      let p = PoissonProbability.mass(k, mean: mean)
      central += p
      observed.append(Double(histogram[k] ?? 0))
      expected.append(n * p)
    }
    let above = max(0, 1 - below - central)
    let observedBelow = Double(histogram.filter { $0.key < low }.reduce(0) { $0 + $1.value })
    let observedAbove = Double(histogram.filter { $0.key > high }.reduce(0) { $0 + $1.value })
    if n * below >= 5 {
      observed.append(observedBelow)
      expected.append(n * below)
    }
    if n * above >= 5 {
      observed.append(observedAbove)
      expected.append(n * above)
    }
    guard observed.count >= 2 else { return nil }
    let test = GoodnessOfFit.chiSquare(observed: observed, expected: expected)
    return (test.pValue, "χ² = \(test.statistic) on \(test.degreesOfFreedom) dof, μ = \(mean)")
  }
}

/// A uniform source that replays given uniforms (and counts how many were taken).
struct ScriptedUniforms: UniformRandomSource {
  var values: [Double]
  var taken = 0

  init(_ values: [Double]) { self.values = values }

  mutating func uniform() -> Double {
    defer { taken += 1 }
    return values[taken]
  }

  mutating func uniformPositive() -> Double { uniform() }
}
