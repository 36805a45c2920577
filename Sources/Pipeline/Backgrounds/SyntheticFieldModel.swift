import Backgrounds
import Foundation
import Numerics
import StellarPopulations

/// The stellar content of a synthetic M31 disk field: a composite population with a stated
/// star-formation history and metallicity, seen through dust at M31's distance.
///
/// - SFH: constant star-formation rate from `logAgeMin` to `logAgeMax` (`StarFormationHistory`,
///   one single-age population per isochrone age node, mass ∝ the node's linear-time span).
/// - IMF: Kroupa (2001) on [`imfLowerMass`, `imfUpperMass`]; "formed mass" is the initial mass
///   in that range (the density classes are formed-mass surface densities, M☉ arcsec⁻²).
/// - Metallicity: one [M/H] for all ages (interpolated in the isochrone set).
/// - Dust: A_V = `extinctionV` for every star plus a half-normal differential term of σ
///   `differentialAVSigma` (ObservingConditions), bands scaled by the set's A_band/A_V.
/// - Stars below `resolvedMassCut` M☉ are not drawn one by one: every such star is fainter than
///   M ≈ +5 in every PHAT band at any age of the grid (they are main-sequence dwarfs below every
///   turn-off), i.e. > 2.5 mag below the S/N = 5 limits at M31; their expected light (IMF-weighted
///   integral, `Isochrone.expectedFluxPerStar`) is spread uniformly as the smooth light of
///   unresolved stars. Sampling the stars above the cut from the IMF truncated there, with the
///   formed mass × the IMF's mass fraction above the cut as target, draws exactly the same
///   population of stars above the cut.
public struct SyntheticFieldModel: Sendable {
  public var logAgeMin: Double
  public var logAgeMax: Double
  public var metallicity: Double
  public var extinctionV: Double
  public var differentialAVSigma: Double
  public var distanceModulus: Double
  public var imfLowerMass: Double
  public var imfUpperMass: Double
  public var resolvedMassCut: Double

  public init(
    logAgeMin: Double = 6.6, logAgeMax: Double = 10.1, metallicity: Double = 0.0, extinctionV: Double = 1.0,
    differentialAVSigma: Double = 0.3, distanceModulus: Double = ObservingConditions.m31DistanceModulus,
    imfLowerMass: Double = 0.1, imfUpperMass: Double = 100, resolvedMassCut: Double = 0.7
  ) {
    self.logAgeMin = logAgeMin
    self.logAgeMax = logAgeMax
    self.metallicity = metallicity
    self.extinctionV = extinctionV
    self.differentialAVSigma = differentialAVSigma
    self.distanceModulus = distanceModulus
    self.imfLowerMass = imfLowerMass
    self.imfUpperMass = imfUpperMass
    self.resolvedMassCut = resolvedMassCut
  }

  public var summary: String {
    String(
      format:
        "constant SFR log t %.2f–%.2f, [M/H] = %.2f, Kroupa IMF %.2f–%.0f M☉, A_V = %.2f + half-normal σ %.2f, μ = %.2f, stars < %.2f M☉ as smooth light",
      logAgeMin, logAgeMax, metallicity, imfLowerMass, imfUpperMass, extinctionV, differentialAVSigma,
      distanceModulus, resolvedMassCut)
  }

  /// Resolved stars (m ≥ cut) of a field of formed mass `formedMass` M☉: observed Vega magnitudes
  /// `[band][star]` in the set's band order (+∞ for dark stars), all ages concatenated in SFH order.
  /// Draws: per SFH component in age order, `StellarPopulation.sample` (masses, then extinction).
  public func sampleResolvedStars(set: IsochroneSet, formedMass: Double, generator: RandomGenerator) throws
    -> [[Float]]
  {
    let sfh = try StarFormationHistory(
      constantFrom: logAgeMin, to: logAgeMax, ageNodes: Array(Set(set.isochrones.map(\.logAgeYears))))
    let full = try BrokenPowerLawIMF.kroupa2001(lowerMass: imfLowerMass, upperMass: imfUpperMass)
    let upper = try BrokenPowerLawIMF.kroupa2001(lowerMass: resolvedMassCut, upperMass: imfUpperMass)
    let fractionAbove = full.massFraction(from: resolvedMassCut, to: imfUpperMass)
    let observing = ObservingConditions(
      distanceModulus: distanceModulus, extinctionV: extinctionV,
      differentialExtinction: differentialAVSigma > 0 ? .halfNormal(sigma: differentialAVSigma) : .none)
    var magnitudes = [[Float]](repeating: [], count: set.bands.count)
    for component in sfh.components {
      let population = try StellarPopulation.sample(
        from: set, logAgeYears: component.logAgeYears, metallicity: metallicity, imf: upper,
        targetMass: formedMass * component.massFraction * fractionAbove, rule: .stopNearest, observing: observing,
        generator: generator)
      for band in magnitudes.indices { magnitudes[band] += population.magnitudes[band] }
    }
    return magnitudes
  }

  /// The expected light of the unresolved stars (m < cut) of formed mass `formedMass`, per band in
  /// units of a 0-mag source (observed: distance and the mean extinction A_V + σ√(2/π)).
  public func unresolvedFlux(set: IsochroneSet, formedMass: Double) throws -> [Double] {
    let sfh = try StarFormationHistory(
      constantFrom: logAgeMin, to: logAgeMax, ageNodes: Array(Set(set.isochrones.map(\.logAgeYears))))
    let full = try BrokenPowerLawIMF.kroupa2001(lowerMass: imfLowerMass, upperMass: imfUpperMass)
    let lower = try BrokenPowerLawIMF.kroupa2001(lowerMass: imfLowerMass, upperMass: resolvedMassCut)
    let starsPerMass = full.numberFraction(from: imfLowerMass, to: resolvedMassCut) / full.meanMass
    let meanAV = extinctionV + differentialAVSigma * (2 / Double.pi).squareRoot()
    let dimming = set.extinctionRatiosInBandOrder.map { pow(10, -0.4 * (distanceModulus + meanAV * $0)) }
    var totals = [Double](repeating: 0, count: set.bands.count)
    for component in sfh.components {
      let isochrone = try set.isochrone(logAgeYears: component.logAgeYears, metallicity: metallicity)
      let perStar = isochrone.expectedFluxPerStar(imf: lower)
      let stars = formedMass * component.massFraction * starsPerMass
      for band in totals.indices { totals[band] += stars * perStar[band] * dimming[band] }
    }
    return totals
  }
}
