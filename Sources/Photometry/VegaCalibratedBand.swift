import Foundation

/// A band calibrated on Vega: m = −2.5 log₁₀(∫F S λ dλ / ∫F_Vega S λ dλ) + m_Vega.
///
/// Photon-counting synthetic photometry (Bessell & Murphy 2012, eq. A11; the STScI
/// VEGAMAG definition) with the CALSPEC Vega spectrum (Bohlin 2014, `alpha_lyr_stis_011`).
/// `vegaMagnitude` is the magnitude assigned to Vega itself, a convention that differs between
/// systems, so it is explicit:
/// - ``stsciVegaMagnitude`` = 0 in every band: the HST VEGAMAG system of the PHAT catalogues and
///   of the zero points in the data README.
/// - ``parsecVegaMagnitude`` = 0.03 in every band: the convention of PARSEC's YBC bolometric
///   corrections (Girardi et al. 2002; Chen et al. 2019), measured here against PARSEC's own
///   `UBVRIJHK` columns (a 0.030 mag median offset in V, J, H, K with 0.003 mag scatter;
///   see docs/photometry-accuracy.md).
public struct VegaCalibratedBand: Sendable, Hashable {
  public let filter: FilterThroughput
  /// The magnitude of Vega in this band.
  public let vegaMagnitude: Double
  /// ∫ F_Vega S λ dλ (erg s⁻¹ cm⁻² × Å, i.e. photon-weighted flux up to 1/hc).
  public let vegaPhotonIntegral: Double

  public static let stsciVegaMagnitude = 0.0
  public static let parsecVegaMagnitude = 0.03

  public var name: String { filter.name }

  public init(filter: FilterThroughput, vega: Spectrum, vegaMagnitude: Double) throws {
    let integral = try filter.photonIntegral(of: vega)
    guard integral > 0, integral.isFinite else {
      throw PhotometryError.noOverlap(band: filter.name, spectrum: vega.name, detail: "Vega integral is \(integral)")
    }
    self.filter = filter
    self.vegaMagnitude = vegaMagnitude
    self.vegaPhotonIntegral = integral
  }

  /// The Vega magnitude of a source with photon-weighted band integral `photonIntegral`.
  public func magnitude(photonIntegral: Double) -> Double {
    -2.5 * log10(photonIntegral / vegaPhotonIntegral) + vegaMagnitude
  }

  /// The (apparent) Vega magnitude of `spectrum`, observed flux density in erg s⁻¹ cm⁻² Å⁻¹.
  public func magnitude(of spectrum: Spectrum) throws -> Double {
    magnitude(photonIntegral: try filter.photonIntegral(of: spectrum))
  }

  /// BC = M_bol − M_band for a star whose *surface* flux has photon-weighted band integral
  /// `surfacePhotonIntegral` (Girardi et al. 2002, eq. 3): the stellar radius cancels.
  public func bolometricCorrection(
    surfacePhotonIntegral: Double, effectiveTemperatureKelvin: Double, scale: BolometricScale
  ) -> Double {
    scale.bolometricCorrectionConstant(effectiveTemperatureKelvin: effectiveTemperatureKelvin)
      + 2.5 * log10(surfacePhotonIntegral / vegaPhotonIntegral) - vegaMagnitude
  }
}
