/// A file-level failure of the isochrone adapters (the domain errors carry their own details).
public struct IsochroneFileError: Error, Equatable, Sendable, CustomStringConvertible {
  public let path: String
  public let rule: String
  public var description: String { "\(path): \(rule)" }
}
