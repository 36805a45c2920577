import Foundation

/// The Planck function as a surface flux density, F_λ = π B_λ(T) in erg s⁻¹ cm⁻² Å⁻¹.
///
/// π B_λ integrates to σT⁴ over all wavelengths (Stefan–Boltzmann), which is the normalisation
/// a model atmosphere's surface flux obeys, so a blackbody and a model atmosphere can be swapped
/// in a bolometric correction. Constants: CODATA 2018 (exact h, c, k since the 2019 SI).
public enum Blackbody {
  /// Planck constant (erg s).
  public static let planckConstant = 6.626_070_15e-27
  /// Speed of light (cm s⁻¹).
  public static let speedOfLight = 2.997_924_58e10
  /// Boltzmann constant (erg K⁻¹).
  public static let boltzmannConstant = 1.380_649e-16
  /// Stefan–Boltzmann constant σ = 2π⁵k⁴/(15h³c²) (erg s⁻¹ cm⁻² K⁻⁴).
  public static let stefanBoltzmannConstant: Double = {
    let k = boltzmannConstant
    let h = planckConstant
    let c = speedOfLight
    return 2 * pow(Double.pi, 5) * pow(k, 4) / (15 * pow(h, 3) * c * c)
  }()

  /// π B_λ(T) at `wavelengthAngstrom`, in erg s⁻¹ cm⁻² Å⁻¹.
  public static func surfaceFluxDensity(wavelengthAngstrom: Double, temperatureKelvin: Double) -> Double {
    let lambda = wavelengthAngstrom * 1e-8  // cm
    let exponent = planckConstant * speedOfLight / (lambda * boltzmannConstant * temperatureKelvin)
    // 2πhc²/λ⁵ per cm of wavelength; ×1e-8 for per Å.
    let perCentimetre = 2 * Double.pi * planckConstant * speedOfLight * speedOfLight / pow(lambda, 5) / expm1(exponent)
    return perCentimetre * 1e-8
  }

  /// π B_λ(T) sampled on `wavelengthsAngstrom` as a ``Spectrum``.
  public static func spectrum(temperatureKelvin: Double, wavelengthsAngstrom: [Double]) throws -> Spectrum {
    try Spectrum(
      name: "blackbody \(temperatureKelvin) K", wavelengthsAngstrom: wavelengthsAngstrom,
      fluxDensity: wavelengthsAngstrom.map {
        surfaceFluxDensity(wavelengthAngstrom: $0, temperatureKelvin: temperatureKelvin)
      })
  }
}
