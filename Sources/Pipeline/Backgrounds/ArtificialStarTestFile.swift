import Backgrounds
import FITS
import Foundation
import Numerics

/// Reads a PHAT artificial-star-test table (`fake_stars_<brick>_<field>_{uv,opt,ir}.fits`, as
/// shipped with the BEAST: one FITS binary table per camera, columns `MAG1IN`, `MAG2IN`,
/// `MAG1OUT`, `MAG2OUT` (99.999 = lost), `SNR1`/`SNR2`, `SHARP1`/`SHARP2`, `CROWD1`/`CROWD2`; band
/// 1 and 2 are the camera's two filters, F475W and F814W for `opt`).
public enum ArtificialStarTestFile {
  /// - Parameters:
  ///   - bands: the names of the table's band 1, band 2, … in order (`["F475W", "F814W"]`).
  public static func read(path: String, bands: [String], criteria: ArtificialStarTests.Criteria = .init()) throws
    -> ArtificialStarTests
  {
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw FieldError(
        file: path, field: "file", value: "missing", rule: "artificial-star tests must be a readable FITS table")
    }
    let fields = ["MAG%dIN", "MAG%dOUT", "SNR%d", "SHARP%d", "CROWD%d"]
    let names = bands.indices.flatMap { band in fields.map { String(format: $0, band + 1) } }
    let columns: [String: [Double]]
    do {
      columns = try FITSFile.readColumns(atPath: path, names: names)
    } catch {
      throw FieldError(
        file: path, field: "columns", value: names.joined(separator: ","),
        rule: "an artificial-star table needs these columns (\(error))")
    }
    func table(_ field: String) -> [[Double]] {
      bands.indices.map { columns[String(format: field, $0 + 1)]! }
    }
    do {
      return try ArtificialStarTests(
        bands: bands, input: table("MAG%dIN"), output: table("MAG%dOUT"), signalToNoise: table("SNR%d"),
        sharpness: table("SHARP%d"), crowding: table("CROWD%d"), criteria: criteria)
    } catch {
      throw error.inFile(path)
    }
  }
}
