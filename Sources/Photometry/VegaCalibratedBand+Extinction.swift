import Foundation

extension VegaCalibratedBand {
  /// A_band / A_V for a source spectrum dimmed by `law` with A_V = `visualExtinction`:
  /// A_band = −2.5 log₁₀(∫F 10^(−0.4 A_V k(λ)) S λ dλ / ∫F S λ dλ), k = A_λ/A_V.
  ///
  /// A_V here is the monochromatic extinction at 5,495 Å (x = 1.82 μm⁻¹, where CCM89 is
  /// normalised to 1), as in the A_X/A_V tables of Dalcanton et al. (2012) and the PARSEC/CMD
  /// service. The ratio depends on the source spectrum (a broad band samples k(λ) weighted by
  /// the source's photons) and, weakly, on A_V itself (the bluer side of the band is dimmed
  /// more, so the band's effective wavelength shifts red as A_V grows). The small default A_V
  /// gives the ratio in the A_V → 0 limit to ~10⁻⁴.
  public func extinctionRatio(
    law: CardelliExtinctionLaw, source: Spectrum, visualExtinction: Double = 0.01
  ) throws -> Double {
    guard visualExtinction > 0, visualExtinction.isFinite else {
      throw PhotometryError.invalidParameter(name: "A_V", value: visualExtinction, rule: "must be finite and > 0")
    }
    let weights = try BandIntegrationWeights(
      filter: filter, wavelengthsAngstrom: source.wavelengthsAngstrom, gridName: source.name)
    let dimmed = zip(source.wavelengthsAngstrom, source.fluxDensity).map { wavelength, flux in
      flux * pow(10, -0.4 * visualExtinction * law.relativeExtinction(wavelengthAngstrom: wavelength))
    }
    let bandExtinction = -2.5 * log10(weights.integrate(dimmed) / weights.integrate(source.fluxDensity))
    return bandExtinction / visualExtinction
  }
}
