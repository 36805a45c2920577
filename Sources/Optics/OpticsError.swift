/// Errors raised when a PSF model is given values it cannot represent.
public enum OpticsError: Error, Equatable, CustomStringConvertible {
  /// A scalar parameter broke its rule (name, offending value, rule).
  case invalidParameter(name: String, value: Double, rule: String)
  /// A sampled grid's shape does not match its data or its declared centre.
  case invalidGrid(detail: String)

  public var description: String {
    switch self {
    case .invalidParameter(let name, let value, let rule):
      return "invalid PSF parameter \(name) = \(value): \(rule)"
    case .invalidGrid(let detail):
      return "invalid PSF grid: \(detail)"
    }
  }
}
