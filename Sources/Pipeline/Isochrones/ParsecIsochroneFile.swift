import Foundation
import StellarPopulations

/// Reads PARSEC CMD 3.x `.dat` tables (the file as the CMD web form writes it).
public enum ParsecIsochroneFile {
  /// Parses the file at `path` (errors name the path and line).
  public static func readTable(path: String) throws -> ParsecTable {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw IsochroneFileError(path: path, rule: "cannot read: \(error.localizedDescription)")
    }
    return try ParsecTable.parse(String(decoding: data, as: UTF8.self), source: path)
  }

  /// An isochrone set from the file's magnitude columns `bands` (nil: all), with CCM89
  /// effective-wavelength extinction ratios for Johnson–Cousins bands unless given.
  public static func readSet(path: String, bands: [String]? = nil, extinctionRatios: [String: Double]? = nil) throws
    -> IsochroneSet
  {
    try IsochroneSet(parsecTable: try readTable(path: path), bands: bands, extinctionRatios: extinctionRatios)
  }
}
