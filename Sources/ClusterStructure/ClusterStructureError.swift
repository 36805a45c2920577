/// A cluster-structure parameter that cannot describe a cluster.
///
/// Carries the parameter's name as the user wrote it in a recipe (`field`), the offending value,
/// and the rule it broke, so the pipeline can report it against the file and line it came from.
public struct ClusterStructureError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The parameter, e.g. `"gamma"`, `"truncationRadiusParsecs"`, `"concentration"`.
  public let field: String
  /// The offending value.
  public let value: Double
  /// The rule the value broke, in words.
  public let rule: String

  public init(field: String, value: Double, rule: String) {
    self.field = field
    self.value = value
    self.rule = rule
  }

  public var description: String { "\(field) = \(value): \(rule)" }
}
