import Foundation
import Numerics

extension Isochrone {
  /// 6-point Gauss–Legendre on [−1, 1] (exact for polynomials of degree 11).
  private static let gaussRule = GaussLegendreRule(order: 6)

  /// The expected flux per star, ∫ ξ(m) 10^(−0.4 M_band(m)) dm over the living tabulated range,
  /// for every band, with the same model the population sampler uses (magnitude linear in initial
  /// mass between rows; remnants and stars below the grid dark). Flux unit: a 0-mag star.
  ///
  /// Integrated per row pair with 6-point Gauss–Legendre in m (the integrand is smooth between
  /// rows), so the result is the population's mean to ~10⁻⁸ relative.
  public func expectedFluxPerStar(imf: some InitialMassFunction) -> [Double] {
    var totals = [Double](repeating: 0, count: magnitudes.count)
    for i in 0..<(count - 1) {
      let m0 = max(initialMass[i], massSearchKeys[i], imf.lowerMass)
      let m1 = min(initialMass[i + 1], imf.upperMass)
      guard m1 > m0, initialMass[i + 1] > massSearchKeys[i] else { continue }
      let rowLow = initialMass[i]
      let rowWidth = initialMass[i + 1] - initialMass[i]
      let half = 0.5 * (m1 - m0)
      let centre = 0.5 * (m1 + m0)
      for (node, weight) in zip(Self.gaussRule.nodes, Self.gaussRule.weights) {
        let m = centre + half * node
        let density = imf.probabilityDensity(m) * weight * half
        let t = (m - rowLow) / rowWidth
        for band in totals.indices {
          let a = Double(magnitudes[band][i])
          let b = Double(magnitudes[band][i + 1])
          totals[band] += density * pow(10, -0.4 * (a + t * (b - a)))
        }
      }
    }
    return totals
  }

  /// The expected absolute integrated magnitude of every band for a population of initial mass
  /// `totalMass` (M☉): −2.5 log₁₀(totalMass/⟨m⟩ · expectedFluxPerStar).
  public func expectedIntegratedMagnitudes(imf: some InitialMassFunction, totalMass: Double) -> [Double] {
    let stars = totalMass / imf.meanMass
    return expectedFluxPerStar(imf: imf).map { -2.5 * log10(stars * $0) }
  }
}
