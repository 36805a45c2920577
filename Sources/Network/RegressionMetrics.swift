import Foundation

/// How well predictions recover the truth for one parameter, with Δ = predicted − true:
///
/// - `bias`: the median of Δ (robust to outliers);
/// - `scatter`: the normalised median absolute deviation, 1.4826·median(|Δ − median Δ|), equal to
///   σ for Gaussian errors (Hoaglin, Mosteller & Tukey 1983);
/// - `halfWidth68`: half the spread between the 16th and 84th percentiles of Δ;
/// - `outlierFraction`: the fraction with |Δ| > `outlierDelta`;
/// - `rms`: √mean(Δ²).
public struct RegressionMetrics: Codable, Sendable, Equatable {
  public var count: Int
  public var bias: Double
  public var scatter: Double
  public var halfWidth68: Double
  public var outlierFraction: Double
  public var outlierDelta: Double
  public var rms: Double

  public init(predicted: [Double], truth: [Double], outlierDelta: Double) {
    precondition(
      predicted.count == truth.count, "RegressionMetrics: \(predicted.count) predictions, \(truth.count) truths")
    let deltas = zip(predicted, truth).map { $0 - $1 }
    count = deltas.count
    self.outlierDelta = outlierDelta
    guard !deltas.isEmpty else {
      bias = .nan
      scatter = .nan
      halfWidth68 = .nan
      outlierFraction = .nan
      rms = .nan
      return
    }
    let sorted = deltas.sorted()
    bias = Self.quantile(sorted, 0.5)
    let median = bias
    scatter = 1.4826 * Self.quantile(deltas.map { abs($0 - median) }.sorted(), 0.5)
    halfWidth68 = 0.5 * (Self.quantile(sorted, 0.8413447460685429) - Self.quantile(sorted, 0.15865525393145707))
    outlierFraction = Double(deltas.filter { !(abs($0) <= outlierDelta) }.count) / Double(deltas.count)
    rms = (deltas.reduce(0) { $0 + $1 * $1 } / Double(deltas.count)).squareRoot()
  }

  /// Linear-interpolated quantile of sorted values (type 7 of Hyndman & Fan 1996, numpy's default).
  public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = q * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = position - Double(lower)
    return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
  }
}
