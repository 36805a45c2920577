/// An input value that broke a rule, located by its file (when one is known) and field path:
/// the one shape of Starmill's "this input is wrong" errors, printed the same way everywhere as
///
///     FILE: FIELD = VALUE: RULE
///
/// (`FIELD = VALUE: RULE` without a file, `FILE: FIELD: RULE` when no single value is at fault).
///
/// Domain modules (values in, values out) throw it without a file, with a field path rooted at
/// the value they were given (`starFormationHistory.bins[2].formedMass`,
/// `patch[F814W:field.fits].pixels[17]`); the pipeline adapters that read files add the file with
/// `inFile(_:)` and, where the domain value sits inside a larger file, the enclosing path with
/// `within(_:)`. Errors that point at a line and column of a parsed text (`RecipeError`,
/// `InstrumentFileError`, `ParsecTableError`) keep their own types: they carry a position this
/// shape does not.
///
/// Lives in Numerics because that is the lowest layer every domain module already imports; it
/// knows nothing of numerics.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file the value came from (or a source such as `(command line)`); nil when unknown.
  public var file: String?
  /// The field path, outermost first: `bands[F814W].exposureTimeSeconds`, `OVERSAMP`.
  public var field: String
  /// The offending value as written or as found; empty when no single value is at fault.
  public var value: String
  /// The rule the value broke, in words.
  public var rule: String

  public init(file: String? = nil, field: String, value: String, rule: String) {
    self.file = file
    self.field = field
    self.value = value
    self.rule = rule
  }

  /// The same error attributed to `file` (replacing any file it had).
  public func inFile(_ file: String) -> FieldError {
    var copy = self
    copy.file = file
    return copy
  }

  /// The same error with its field path nested under `parent` (`parent.field`, or
  /// `parent[…]` when the field path starts with a subscript).
  public func within(_ parent: String) -> FieldError {
    var copy = self
    if parent.isEmpty {
      return copy
    } else if field.isEmpty {
      copy.field = parent
    } else {
      copy.field = parent + (field.hasPrefix("[") ? "" : ".") + field
    }
    return copy
  }

  public var description: String {
    let location = file.map { "\($0): " } ?? ""
    let subject = value.isEmpty ? field : "\(field) = \(value)"
    return "\(location)\(subject): \(rule)"
  }
}
