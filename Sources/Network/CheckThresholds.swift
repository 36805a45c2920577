/// Pass limits for checking a shard against a model, per parameter: a shard passes when
/// |bias| ≤ `maximumAbsoluteBias`, scatter ≤ `maximumScatter` and the fraction of |Δ| >
/// `outlierDelta` is ≤ `maximumOutlierFraction`.
public struct CheckThresholds: Codable, Sendable, Equatable {
  public var maximumAbsoluteBias: Double
  public var maximumScatter: Double
  public var maximumOutlierFraction: Double
  public var outlierDelta: Double

  public init(maximumAbsoluteBias: Double, maximumScatter: Double, maximumOutlierFraction: Double, outlierDelta: Double)
  {
    self.maximumAbsoluteBias = maximumAbsoluteBias
    self.maximumScatter = maximumScatter
    self.maximumOutlierFraction = maximumOutlierFraction
    self.outlierDelta = outlierDelta
  }

  /// Defaults derived from a model's validation metrics (written into the model card): a good
  /// shard from the training distribution should look like the validation set, so allow
  /// |bias| up to |bias_val| + ½·scatter_val, scatter up to 1.5× scatter_val, and outliers
  /// (|Δ| > 3·scatter_val) up to max(2× the validation fraction, 5 %). For n ≳ 100 samples the
  /// statistical noise of these estimates (≈ scatter/√n for bias, ≈ scatter/√(2n)·1.3 for NMAD)
  /// is well inside the margins.
  public static func derived(from validation: RegressionMetrics) -> CheckThresholds {
    let scatter = max(validation.scatter, 1e-6)
    let delta = 3 * scatter
    return CheckThresholds(
      maximumAbsoluteBias: abs(validation.bias) + 0.5 * scatter, maximumScatter: 1.5 * scatter,
      maximumOutlierFraction: max(2 * validation.outlierFraction, 0.05), outlierDelta: delta)
  }

  /// The problems of `metrics` against these limits (empty when it passes).
  public func violations(of metrics: RegressionMetrics) -> [String] {
    var problems: [String] = []
    if !(abs(metrics.bias) <= maximumAbsoluteBias) {
      problems.append("|bias| \(format(abs(metrics.bias))) > \(format(maximumAbsoluteBias))")
    }
    if !(metrics.scatter <= maximumScatter) {
      problems.append("scatter \(format(metrics.scatter)) > \(format(maximumScatter))")
    }
    if !(metrics.outlierFraction <= maximumOutlierFraction) {
      problems.append(
        "outliers (|Δ| > \(format(outlierDelta))) \(format(metrics.outlierFraction)) > \(format(maximumOutlierFraction))"
      )
    }
    return problems
  }

  private func format(_ value: Double) -> String {
    let text = "\(Double((value * 10_000).rounded()) / 10_000)"
    return text
  }
}
