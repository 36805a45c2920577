import Foundation

/// Light scattered out of the diffraction pattern by mid- and high-spatial-frequency wavefront
/// errors (mirror zonal errors, polishing ripple): the ensemble-average PSF of a pupil whose
/// small-scale optical-path error has RMS σ and a power-law power spectral density.
///
/// For a Gaussian random OPD of RMS σ, the Strehl ratio of the core is S = exp(−(2πσ/λ)²) and
/// the energy 1 − S goes into a halo whose angular distribution is the OPD's PSD W(f) evaluated at
/// spatial frequency f = θ/λ (the small-angle scatter / "PSD ↔ BRDF" relation; Church, Jenkinson
/// & Zavada 1979, Opt. Eng. 18, 125; Krist & Burrows 1995, Appl. Opt. 34, 4951 for HST's mirror
/// errors). Here W(f) ∝ f^−β between `innerCyclesPerDiameter` and `outerCyclesPerDiameter` cycles
/// across the pupil diameter D, zero outside, so the halo spans θ = (inner … outer) · λ/D and
/// carries exactly 1 − S of the energy (the ensemble-average core is S · PSF₀). The halo is
/// treated as much broader than the core (its convolution with PSF₀ is dropped), which holds
/// when `innerCyclesPerDiameter` is a few or more.
public struct DiffractionHalo: Sendable, Equatable {
  public var rmsNanometres: Double
  public var powerLawIndex: Double
  public var innerCyclesPerDiameter: Double
  public var outerCyclesPerDiameter: Double

  public init(
    rmsNanometres: Double, powerLawIndex: Double, innerCyclesPerDiameter: Double, outerCyclesPerDiameter: Double
  ) {
    precondition(rmsNanometres >= 0 && innerCyclesPerDiameter > 0 && outerCyclesPerDiameter > innerCyclesPerDiameter)
    self.rmsNanometres = rmsNanometres
    self.powerLawIndex = powerLawIndex
    self.innerCyclesPerDiameter = innerCyclesPerDiameter
    self.outerCyclesPerDiameter = outerCyclesPerDiameter
  }

  /// No scatter.
  public static let none = DiffractionHalo(
    rmsNanometres: 0, powerLawIndex: 2, innerCyclesPerDiameter: 1, outerCyclesPerDiameter: 2)

  /// Strehl ratio of the diffraction core at `wavelengthNanometres`.
  public func strehl(wavelengthNanometres: Double) -> Double {
    let phase = 2 * Double.pi * rmsNanometres / wavelengthNanometres
    return exp(-phase * phase)
  }

  /// Adds the halo to a monochromatic PSF image (energy per sample) after scaling its core by S:
  /// returns S · image + (1 − S) · halo, the halo sampled at the image's sample centres.
  public func applied(
    to image: DiffractionImage, wavelengthNanometres: Double, diameterMetres: Double
  ) -> DiffractionImage {
    guard rmsNanometres > 0 else { return image }
    let s = strehl(wavelengthNanometres: wavelengthNanometres)
    // Angular radius (arcsec) of one cycle per diameter: λ/D.
    let cycleArcsec = wavelengthNanometres * 1e-9 / diameterMetres / DiffractionTransform.radiansPerArcsec
    // ∫ k^−β 2πk dk over [inner, outer] in cycles-per-diameter units; the halo per unit solid angle
    // is (1 − S) · k^−β / (norm · cycleArcsec²) with k = θ / cycleArcsec.
    let a = innerCyclesPerDiameter
    let b = outerCyclesPerDiameter
    let e = 2 - powerLawIndex
    let radialIntegral = abs(e) < 1e-12 ? log(b / a) : (pow(b, e) - pow(a, e)) / e
    let norm = 2 * Double.pi * radialIntegral
    let sampleArea = image.spacingArcsec * image.spacingArcsec
    var values = image.values
    let c = image.centreIndex
    for j in 0..<image.size {
      let dy = (Double(j) - c) * image.spacingArcsec
      for i in 0..<image.size {
        let dx = (Double(i) - c) * image.spacingArcsec
        let k = (dx * dx + dy * dy).squareRoot() / cycleArcsec
        var halo = 0.0
        if k >= a && k <= b {
          halo = (1 - s) * pow(k, -powerLawIndex) / (norm * cycleArcsec * cycleArcsec) * sampleArea
        }
        values[j * image.size + i] = s * values[j * image.size + i] + halo
      }
    }
    return DiffractionImage(size: image.size, spacingArcsec: image.spacingArcsec, values: values)
  }
}
