import Photometry

/// Errors reading photometric reference data (filter curves, spectra, atmosphere grids):
/// each carries the file, and where it applies the line or column, the value and the rule broken.
public enum PhotometryDataError: Error, Sendable, CustomStringConvertible {
  case unreadable(file: String, reason: String)
  case malformedLine(file: String, line: Int, text: String, rule: String)
  case invalidContent(file: String, underlying: PhotometryError)
  case missingColumn(file: String, column: String, available: [String])
  case inconsistentGrid(file: String, rule: String)
  case unknownBand(name: String, known: [String])

  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      return "\(file): cannot read: \(reason)"
    case .malformedLine(let file, let line, let text, let rule):
      return "\(file):\(line): '\(text)': \(rule)"
    case .invalidContent(let file, let underlying):
      return "\(file): \(underlying)"
    case .missingColumn(let file, let column, let available):
      return "\(file): no column '\(column)' (columns: \(available.joined(separator: ", ")))"
    case .inconsistentGrid(let file, let rule):
      return "\(file): \(rule)"
    case .unknownBand(let name, let known):
      return "unknown band '\(name)'; known bands: \(known.joined(separator: ", "))"
    }
  }
}
