/// A background library folder, or an input to `backgrounds import/synth`, that cannot be used:
/// the file, the field or FITS keyword, the value and the rule it broke.
public struct BackgroundLibraryError: Error, Sendable, Equatable, CustomStringConvertible {
  public let file: String
  public let field: String
  public let value: String
  public let rule: String

  public init(file: String, field: String, value: String, rule: String) {
    self.file = file
    self.field = field
    self.value = value
    self.rule = rule
  }

  public var description: String { "\(file): \(field) = \(value): \(rule)" }
}
