/// A problem in an instrument description file, with everything needed to fix it: the file,
/// the line and column (when known), the field path (`bands[2].exposure_time_seconds`), the
/// value as written and the rule it broke.
public struct InstrumentFileError: Error, Sendable, Equatable, CustomStringConvertible {
  public let file: String
  public let line: Int?
  public let column: Int?
  public let field: String
  public let value: String
  public let rule: String

  public init(file: String, line: Int?, column: Int?, field: String, value: String, rule: String) {
    self.file = file
    self.line = line
    self.column = column
    self.field = field
    self.value = value
    self.rule = rule
  }

  public var description: String {
    var location = file
    if let line { location += ":\(line)" }
    if let column { location += ":\(column)" }
    let subject = field.isEmpty ? "" : (value.isEmpty ? "\(field): " : "\(field) = \(value): ")
    return "\(location): \(subject)\(rule)"
  }
}
