import Backgrounds

/// The bundled synthetic library's parameters and the calibration bins (shared by the CLI, the
/// README and the calibration test so that they cannot drift apart).
public enum SynthDefaults {
  /// The fitted star-formation history of PHAT brick 15 field 27 (`starmill backgrounds
  /// calibrate --fit`, Backgrounds/phat-synthetic/README.md; optical artificial-star tests, the
  /// magnitude window and the F110W forced-photometry cut): formed mass per bin, M☉ arcsec⁻².
  public static let starFormation: [StarFormationHistory.Bin] = [
    .init(logAgeMin: 6.6, logAgeMax: 8.0, metallicity: 0.0, formedMass: 1.502),
    .init(logAgeMin: 8.5, logAgeMax: 9.0, metallicity: 0.0, formedMass: 15.55),
    .init(logAgeMin: 9.0, logAgeMax: 9.5, metallicity: 0.0, formedMass: 45.72),
    .init(logAgeMin: 9.5, logAgeMax: 10.1, metallicity: -0.5, formedMass: 139.4),
    .init(logAgeMin: 9.5, logAgeMax: 10.1, metallicity: 0.0, formedMass: 172.4),
  ]
  /// Fitted A_V (foreground + mean internal) and the fixed differential half-normal σ.
  public static let extinctionV = 0.3
  public static let differentialAVSigma = 0.3
  /// The SFH basis fitted by `calibrate --fit`: five age bins × two metallicities.
  public static let basis: [StarFormationHistory.Bin] = [(6.6, 8.0), (8.0, 8.5), (8.5, 9.0), (9.0, 9.5), (9.5, 10.1)]
    .flatMap {
      age in
      [-0.5, 0.0].map { StarFormationHistory.Bin(logAgeMin: age.0, logAgeMax: age.1, metallicity: $0, formedMass: 1) }
    }
  /// Bands in which the calibration catalogue is also selected by forced photometry at the
  /// optical positions (`ForcedPhotometrySelection`, S/N ≥ 4 with the catalogue's own measured
  /// error law): `b15_data_test.fits` keeps only F110W good stars (README, "Infrared selection").
  public static let forcedPhotometryBands = ["F110W"]
  /// A_V values tried by the fit.
  public static let extinctionGrid: [Double] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8]
  /// The fitted field's formed-mass density (M☉ arcsec⁻²), the `b15-field` class.
  public static var fittedDensity: Double { starFormation.reduce(0) { $0 + $1.formedMass } }
  /// Density classes, formed M☉ arcsec⁻²: the fitted b15 field, a quarter of it, four times it.
  public static var classes: String {
    let d = fittedDensity
    return "outer-disk=\(rounded(d / 4)),b15-field=\(rounded(d)),inner-disk=\(rounded(4 * d))"
  }
  static func rounded(_ value: Double) -> String { String(Int(value.rounded())) }
  public static let calibrationAreaArcsec2 = 1000.0
  /// Lower edges of the bins reported and checked (down to the catalogue's S/N = 5 limit:
  /// F475W 27.52, F814W 26.75).
  public static let checkBins: [String: [Double]] = [
    "F475W": [24.5, 25.0, 25.5, 26.0, 26.5, 27.0], "F814W": [24.0, 24.5, 25.0, 25.5, 26.0, 26.5],
  ]
}
