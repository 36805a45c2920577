/// Errors raised when a render is asked for something it cannot do; each names the offending
/// field, its value and the rule it broke.
public enum RenderError: Error, Equatable, CustomStringConvertible {
  case invalidImageSize(width: Int, height: Int)
  case bandCountMismatch(field: String, expected: Int, found: Int)
  case invalidStar(index: Int, field: String, value: Double, rule: String)
  case invalidParameter(name: String, value: Double, rule: String)

  public var description: String {
    switch self {
    case .invalidImageSize(let width, let height):
      return "image size \(width)×\(height) is invalid: both sides must be ≥ 1"
    case .bandCountMismatch(let field, let expected, let found):
      return "\(field) has \(found) bands, expected \(expected)"
    case .invalidStar(let index, let field, let value, let rule):
      return "star \(index): \(field) = \(value) \(rule)"
    case .invalidParameter(let name, let value, let rule):
      return "render parameter \(name) = \(value): \(rule)"
    }
  }
}
