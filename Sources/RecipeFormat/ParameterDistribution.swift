/// How one cluster parameter is drawn for each sample.
///
/// In a recipe: a plain number is `fixed`; otherwise a one-key mapping:
/// `{uniform: [low, high]}`, `{log_uniform: [low, high]}` (uniform in log10, low > 0),
/// `{normal: {mean: m, sigma: s, min: a, max: b}}` (min/max optional: truncation by rejection),
/// `{choice: [v1, v2, ...]}` or `{choice: {values: [...], weights: [...]}}`.
public enum ParameterDistribution: Sendable, Equatable {
  case fixed(Double)
  case uniform(low: Double, high: Double)
  case logUniform(low: Double, high: Double)
  case normal(mean: Double, sigma: Double, minimum: Double?, maximum: Double?)
  case choice(values: [Double], weights: [Double]?)

  /// The smallest and largest value the distribution can produce (normal without bounds: ±∞).
  public var support: ClosedRange<Double> {
    switch self {
    case .fixed(let value): return value...value
    case .uniform(let low, let high), .logUniform(let low, let high): return low...high
    case .normal(_, _, let minimum, let maximum): return (minimum ?? -.infinity)...(maximum ?? .infinity)
    case .choice(let values, _): return values.min()!...values.max()!
    }
  }

  /// The recipe spelling of each form, for messages.
  public static let formNames = ["uniform", "log_uniform", "normal", "choice", "fixed"]
}
