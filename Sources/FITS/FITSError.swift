/// A failure reading or writing a FITS file.
///
/// Every nonzero cfitsio status becomes one of these, carrying cfitsio's own status text and
/// the messages it left on its error stack, plus the file and the operation that failed. Errors
/// that this module detects itself (a wrong type, a bad shape, a missing column) use the same type
/// with `status == nil`.
public struct FITSError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of failure this is, for callers that branch on it.
  public enum Kind: Sendable, Equatable {
    /// The file could not be opened or created.
    case openFailed
    /// The named or numbered HDU does not exist.
    case missingExtension
    /// The header has no such keyword.
    case missingKeyword
    /// The table has no such column.
    case missingColumn
    /// The current HDU is the wrong kind (an image where a table was wanted, or the reverse).
    case wrongHDUType
    /// A value has a type that cannot be converted to the one asked for.
    case typeMismatch
    /// Array sizes disagree with a declared shape or with each other.
    case shapeMismatch
    /// The file was already closed.
    case closed
    /// Any other cfitsio failure.
    case library
  }

  /// The kind of failure.
  public let kind: Kind
  /// The file concerned, when known.
  public let path: String?
  /// The operation that failed, e.g. `read column 'FLUX'`.
  public let operation: String
  /// cfitsio's status code, or nil when this module detected the problem itself.
  public let status: Int32?
  /// cfitsio's status text and error-stack messages, or this module's explanation.
  public let message: String

  public init(kind: Kind, path: String?, operation: String, status: Int32? = nil, message: String) {
    self.kind = kind
    self.path = path
    self.operation = operation
    self.status = status
    self.message = message
  }

  public var description: String {
    var text = "FITS error"
    if let path { text += " in '\(path)'" }
    text += ": \(operation) failed"
    if let status { text += " (cfitsio status \(status))" }
    return text + ": \(message)"
  }
}
