/// Absolute Vega magnitudes of stars in a set of bands, from bolometric corrections computed
/// once on a model-atmosphere grid: M_band = M_bol − BC_band(log T_eff, log g, [M/H]), with
/// M_bol = M_bol,⊙ − 2.5 log(L/L⊙) (``BolometricScale``).
///
/// Building it integrates every grid model through every band (a few thousand dot products per
/// band); evaluating it is a trilinear interpolation per star and band.
public struct SyntheticPhotometry: Sendable {
  public let bands: [VegaCalibratedBand]
  public let bolometricCorrections: [BolometricCorrectionTable]
  public let scale: BolometricScale

  public var bandNames: [String] { bands.map(\.name) }

  public init(bands: [VegaCalibratedBand], grid: AtmosphereGrid, scale: BolometricScale = .parsec) throws {
    self.bands = bands
    self.scale = scale
    bolometricCorrections = try bands.map { try BolometricCorrectionTable(grid: grid, band: $0, scale: scale) }
  }

  /// BC of band `bandIndex` for one star.
  public func bolometricCorrection(bandIndex: Int, star: StellarParameters) -> Double {
    bolometricCorrections[bandIndex].bolometricCorrection(
      logTemperature: star.logEffectiveTemperature, logSurfaceGravity: star.logSurfaceGravity,
      metallicity: star.metallicity)
  }

  /// Absolute magnitudes `[band][star]` (band order as in ``bands``).
  public func absoluteMagnitudes(of stars: [StellarParameters]) -> [[Double]] {
    bolometricCorrections.map { table in
      stars.map { star in
        scale.absoluteBolometricMagnitude(logLuminositySolar: star.logLuminositySolar)
          - table.bolometricCorrection(
            logTemperature: star.logEffectiveTemperature, logSurfaceGravity: star.logSurfaceGravity,
            metallicity: star.metallicity)
      }
    }
  }

  /// A_band / A_V per band for `source` (see ``VegaCalibratedBand/extinctionRatio(law:source:visualExtinction:)``).
  public func extinctionRatios(law: CardelliExtinctionLaw, source: Spectrum) throws -> [Double] {
    try bands.map { try $0.extinctionRatio(law: law, source: source) }
  }
}
