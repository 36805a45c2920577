/// A tabulated spectral flux density F_λ (erg s⁻¹ cm⁻² Å⁻¹) on strictly increasing wavelengths (Å).
///
/// Linear between tabulated points and undefined outside them: integrating a band that
/// extends past either end is an error (``PhotometryError/noOverlap(band:spectrum:detail:)``),
/// except where the band's own throughput is zero there.
public struct Spectrum: Sendable, Hashable {
  public let name: String
  public let wavelengthsAngstrom: [Double]
  public let fluxDensity: [Double]

  /// Validates: ≥ 2 points, strictly increasing positive wavelengths, finite fluxes.
  /// Fluxes may be zero (e.g. below the Lyman limit) but not negative.
  public init(name: String, wavelengthsAngstrom: [Double], fluxDensity: [Double]) throws {
    guard wavelengthsAngstrom.count == fluxDensity.count, wavelengthsAngstrom.count >= 2 else {
      throw PhotometryError.invalidCurve(
        name: name, index: 0, value: Double(fluxDensity.count),
        rule: "a spectrum needs ≥ 2 points and equal-length wavelength (\(wavelengthsAngstrom.count)) and flux columns")
    }
    for (index, wavelength) in wavelengthsAngstrom.enumerated() {
      guard wavelength.isFinite, wavelength > 0, index == 0 || wavelength > wavelengthsAngstrom[index - 1] else {
        throw PhotometryError.invalidCurve(
          name: name, index: index, value: wavelength, rule: "wavelengths must be finite, > 0 and strictly increasing")
      }
    }
    for (index, flux) in fluxDensity.enumerated() where !(flux.isFinite && flux >= 0) {
      throw PhotometryError.invalidCurve(name: name, index: index, value: flux, rule: "flux must be finite and ≥ 0")
    }
    self.name = name
    self.wavelengthsAngstrom = wavelengthsAngstrom
    self.fluxDensity = fluxDensity
  }
}
