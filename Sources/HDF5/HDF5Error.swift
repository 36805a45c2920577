/// A failure reading or writing an HDF5 file.
///
/// Every negative `herr_t`/`hid_t` from the library becomes one of these, carrying the messages
/// HDF5 left on its error stack (innermost cause last), the file and the object path. Problems
/// this module detects itself (a wrong element type, a bad shape) use the same type.
public struct HDF5Error: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of failure this is, for callers that branch on it.
  public enum Kind: Sendable, Equatable {
    /// The file could not be opened or created.
    case openFailed
    /// No group, dataset or attribute exists at the path.
    case missingObject
    /// The object exists but has the wrong kind or element type.
    case typeMismatch
    /// Array sizes disagree with a shape, or a selection lies outside a dataset.
    case shapeMismatch
    /// The file or object was already closed.
    case closed
    /// Any other failure reported by the library.
    case library
  }

  /// The kind of failure.
  public let kind: Kind
  /// The file concerned.
  public let filePath: String
  /// The object inside the file (`/images`, `/labels/log_age`), when relevant.
  public let objectPath: String?
  /// The operation that failed, e.g. `write hyperslab`.
  public let operation: String
  /// HDF5's error-stack messages, or this module's explanation.
  public let message: String

  public init(kind: Kind, filePath: String, objectPath: String?, operation: String, message: String) {
    self.kind = kind
    self.filePath = filePath
    self.objectPath = objectPath
    self.operation = operation
    self.message = message
  }

  public var description: String {
    var text = "HDF5 error in '\(filePath)'"
    if let objectPath { text += " at '\(objectPath)'" }
    return text + ": \(operation) failed: \(message)"
  }
}
