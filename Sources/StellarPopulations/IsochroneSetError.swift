/// Why an isochrone set could not be built or queried.
public enum IsochroneSetError: Error, Equatable, Sendable, CustomStringConvertible {
  case tooFewRows(isochrone: String, rows: Int)
  case lengthMismatch(isochrone: String, array: String, length: Int, expected: Int)
  case invalidInitialMass(isochrone: String, row: Int, value: Double)
  case bandCountMismatch(isochrone: String, magnitudeArrays: Int, bands: Int)
  case unknownBand(String, available: [String])
  case missingExtinctionRatio(band: String)
  case duplicateIsochrone(logAge: Double, metallicity: Double)
  case empty
  case metallicityOutOfRange(requested: Double, lower: Double, upper: Double)
  case ageOutOfRange(requested: Double, metallicity: Double, lower: Double, upper: Double)

  public var description: String {
    switch self {
    case .tooFewRows(let isochrone, let rows):
      return "\(isochrone): \(rows) rows; an isochrone needs at least 2"
    case .lengthMismatch(let isochrone, let array, let length, let expected):
      return "\(isochrone): array '\(array)' has \(length) entries, expected \(expected)"
    case .invalidInitialMass(let isochrone, let row, let value):
      return "\(isochrone): row \(row): initial mass \(value) is not a positive finite number"
    case .bandCountMismatch(let isochrone, let arrays, let bands):
      return "\(isochrone): \(arrays) magnitude arrays for \(bands) bands"
    case .unknownBand(let band, let available):
      return "band '\(band)' is not in the table (available: \(available.joined(separator: ", ")))"
    case .missingExtinctionRatio(let band):
      return "no extinction ratio A_\(band)/A_V given for band '\(band)'"
    case .duplicateIsochrone(let logAge, let metallicity):
      return "two isochrones with logAge=\(logAge) [M/H]=\(metallicity)"
    case .empty:
      return "an isochrone set needs at least one isochrone"
    case .metallicityOutOfRange(let requested, let lower, let upper):
      return "[M/H]=\(requested) is outside the set's range [\(lower), \(upper)]"
    case .ageOutOfRange(let requested, let metallicity, let lower, let upper):
      return "log age \(requested) is outside the set's range [\(lower), \(upper)] at [M/H]=\(metallicity)"
    }
  }
}
