/// One problem found in a recipe, with everything a user needs to fix it: where it is (file,
/// line, column), which field (a dotted path such as `cluster.log_age.uniform`), the value
/// found, and the rule it broke.
public struct RecipeError: Error, Sendable, Equatable, CustomStringConvertible {
  public var location: SourceLocation
  public var fieldPath: String
  public var value: String?
  public var rule: String

  public init(location: SourceLocation, fieldPath: String, value: String?, rule: String) {
    self.location = location
    self.fieldPath = fieldPath
    self.value = value
    self.rule = rule
  }

  public var description: String {
    let field = fieldPath.isEmpty ? "(document)" : fieldPath
    if let value { return "\(location): \(field): \(value): \(rule)" }
    return "\(location): \(field): \(rule)"
  }
}

/// Every problem found while reading or validating one recipe. Validation collects them all
/// before anything is written, so a user fixes a recipe in one pass.
public struct RecipeValidationFailure: Error, Sendable, CustomStringConvertible {
  public var errors: [RecipeError]

  public init(_ errors: [RecipeError]) { self.errors = errors }

  public var description: String {
    let header = errors.count == 1 ? "recipe error:" : "\(errors.count) recipe errors:"
    return ([header] + errors.map { "  " + $0.description }).joined(separator: "\n")
  }
}
