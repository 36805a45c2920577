/// A PSF file that cannot be turned into a PSF model: the file, the header key or sample, the
/// value found, and the rule it broke.
public struct PSFFileError: Error, Equatable, CustomStringConvertible {
  public let path: String
  public let field: String
  public let value: String
  public let rule: String

  public init(path: String, field: String, value: String, rule: String) {
    self.path = path
    self.field = field
    self.value = value
    self.rule = rule
  }

  public var description: String { "\(path): \(field) = \(value): \(rule)" }
}
