/// A background library or patch that breaks a rule, with what a user needs to fix it.
public struct BackgroundsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What was being checked (e.g. "patch 3", "library 'phat-synthetic'").
  public let subject: String
  /// The field or quantity at fault.
  public let field: String
  public let value: String
  public let rule: String

  public init(subject: String, field: String, value: String, rule: String) {
    self.subject = subject
    self.field = field
    self.value = value
    self.rule = rule
  }

  public var description: String { "\(subject): \(field) = \(value): \(rule)" }
}
