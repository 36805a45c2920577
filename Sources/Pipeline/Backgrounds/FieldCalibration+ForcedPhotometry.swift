import Backgrounds
import FITS
import Foundation
import Numerics

extension FieldCalibration {
  /// The catalogue's measured flux-error law in `band` (`FluxErrorLaw.fit` on every star with a
  /// measurement): columns `<band>_rate`, `<band>_raterr`, `<band>_vega` of a PHAT DOLPHOT
  /// catalogue.
  ///
  /// Units: DOLPHOT's `rate` in the PHAT/BEAST catalogues is the count rate in units of a 0-mag
  /// (Vega) source, `vega = −2.5 log10(rate)` (checked here: every measured star within
  /// `unitTolerance` mag — the columns are rounded to 3 significant digits / 1 mmag — else the
  /// file is rejected). Converted to e⁻/s with the band's Vega zero point (magnitude of
  /// 1 e⁻/s): F = rate · 10^(0.4 ZP). Stars without a measurement (vega ≥ 99, rate ≤ 0) are left
  /// out.
  public static func measuredErrorLaw(
    catalogue path: String, band: String, vegaZeroPoint: Double, unitTolerance: Double = 0.02
  ) throws -> FluxErrorLaw.Fit {
    let prefix = band.lowercased()
    let columns: [String: [Double]]
    do {
      columns = try FITSFile.readColumns(atPath: path, names: ["\(prefix)_rate", "\(prefix)_raterr", "\(prefix)_vega"])
    } catch {
      throw FieldError(
        file: path, field: "columns", value: "\(prefix)_rate,\(prefix)_raterr,\(prefix)_vega",
        rule: "the catalogue needs these columns for the \(band) error law (\(error))")
    }
    let rate = columns["\(prefix)_rate"]!
    let error = columns["\(prefix)_raterr"]!
    let vega = columns["\(prefix)_vega"]!
    let scale = pow(10, 0.4 * vegaZeroPoint)
    var rates: [Double] = []
    var errors: [Double] = []
    for star in rate.indices where vega[star] < ArtificialStarTests.lostMagnitude && rate[star] > 0 {
      let offset = vega[star] + 2.5 * log10(rate[star])
      guard abs(offset) <= unitTolerance else {
        throw FieldError(
          file: path, field: "\(prefix)_rate[\(star)]", value: "\(rate[star]) (vega \(vega[star]))",
          rule: "expected in units of a 0-mag source, vega = −2.5 log10(rate) within \(unitTolerance) mag")
      }
      rates.append(rate[star] * scale)
      errors.append(error[star] * scale)
    }
    do {
      return try FluxErrorLaw.fit(rates: rates, errors: errors)
    } catch {
      throw error.inFile(path)
    }
  }
}
