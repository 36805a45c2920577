import Backgrounds
import Foundation
import Numerics
import StellarPopulations

/// The stellar content of a synthetic M31 disk field: a composite population with a stated
/// star-formation history and metallicity, seen through dust at M31's distance.
///
/// - SFH: `starFormation`, piecewise-constant star-formation-rate bins, each at one [M/H]
///   (`StarFormationHistory`: one single-age population per isochrone age node, mass ∝ the node's
///   linear-time span inside its bin). The default is the SFH fitted to PHAT brick 15
///   (`SynthDefaults.starFormation`, `FieldCalibration.fitStarFormation`).
/// - IMF: Kroupa (2001) on [`imfLowerMass`, `imfUpperMass`]; "formed mass" is the initial mass
///   in that range (the density classes are formed-mass surface densities, M☉ arcsec⁻²).
/// - Metallicity: per SFH bin (interpolated in the isochrone set).
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
  public var starFormation: [StarFormationHistory.Bin]
  public var extinctionV: Double
  public var differentialAVSigma: Double
  public var distanceModulus: Double
  public var imfLowerMass: Double
  public var imfUpperMass: Double
  public var resolvedMassCut: Double

  public init(
    starFormation: [StarFormationHistory.Bin] = SynthDefaults.starFormation,
    extinctionV: Double = SynthDefaults.extinctionV, differentialAVSigma: Double = SynthDefaults.differentialAVSigma,
    distanceModulus: Double = ObservingConditions.m31DistanceModulus,
    imfLowerMass: Double = 0.1, imfUpperMass: Double = 100, resolvedMassCut: Double = 0.7
  ) {
    self.starFormation = starFormation
    self.extinctionV = extinctionV
    self.differentialAVSigma = differentialAVSigma
    self.distanceModulus = distanceModulus
    self.imfLowerMass = imfLowerMass
    self.imfUpperMass = imfUpperMass
    self.resolvedMassCut = resolvedMassCut
  }

  public var summary: String {
    "SFH \(Self.describe(starFormation)); "
      + String(
        format:
          "Kroupa IMF %.2f–%.0f M☉, A_V = %.2f + half-normal σ %.2f, μ = %.2f, stars < %.2f M☉ as smooth light",
        imfLowerMass, imfUpperMass, extinctionV, differentialAVSigma, distanceModulus, resolvedMassCut)
  }

  /// `log t a–b [M/H] z: f %` per bin (f = share of the formed mass).
  public static func describe(_ bins: [StarFormationHistory.Bin]) -> String {
    let total = bins.reduce(0) { $0 + $1.formedMass }
    return bins.map {
      String(
        format: "log t %.2f–%.2f [M/H] %+.1f: %.1f %%", $0.logAgeMin, $0.logAgeMax, $0.metallicity,
        100 * $0.formedMass / total)
    }.joined(separator: ", ")
  }

  /// The star-formation history on the set's age nodes.
  public func history(set: IsochroneSet) throws -> StarFormationHistory {
    try StarFormationHistory(bins: starFormation, ageNodes: Array(Set(set.isochrones.map(\.logAgeYears))))
  }

  /// Resolved stars (m ≥ cut) of a field of formed mass `formedMass` M☉: observed Vega magnitudes
  /// `[band][star]` in the set's band order (+∞ for dark stars), all ages concatenated in SFH order.
  /// Draws: per SFH component in age order, `StellarPopulation.sample` (masses, then extinction).
  public func sampleResolvedStars(set: IsochroneSet, formedMass: Double, generator: RandomGenerator) throws
    -> [[Float]]
  {
    let sfh = try history(set: set)
    let full = try BrokenPowerLawIMF.kroupa2001(lowerMass: imfLowerMass, upperMass: imfUpperMass)
    let upper = try BrokenPowerLawIMF.kroupa2001(lowerMass: resolvedMassCut, upperMass: imfUpperMass)
    let fractionAbove = full.massFraction(from: resolvedMassCut, to: imfUpperMass)
    let observing = ObservingConditions(
      distanceModulus: distanceModulus, extinctionV: extinctionV,
      differentialExtinction: differentialAVSigma > 0 ? .halfNormal(sigma: differentialAVSigma) : .none)
    var magnitudes = [[Float]](repeating: [], count: set.bands.count)
    for component in sfh.components {
      let population = try StellarPopulation.sample(
        from: set, logAgeYears: component.logAgeYears, metallicity: component.metallicity, imf: upper,
        targetMass: formedMass * component.massFraction * fractionAbove, rule: .stopNearest, observing: observing,
        generator: generator)
      for band in magnitudes.indices { magnitudes[band] += population.magnitudes[band] }
    }
    return magnitudes
  }

  /// The expected light of the unresolved stars (m < cut) of formed mass `formedMass`, per band in
  /// units of a 0-mag source (observed: distance and the mean extinction A_V + σ√(2/π)).
  public func unresolvedFlux(set: IsochroneSet, formedMass: Double) throws -> [Double] {
    let sfh = try history(set: set)
    let full = try BrokenPowerLawIMF.kroupa2001(lowerMass: imfLowerMass, upperMass: imfUpperMass)
    let lower = try BrokenPowerLawIMF.kroupa2001(lowerMass: imfLowerMass, upperMass: resolvedMassCut)
    let starsPerMass = full.numberFraction(from: imfLowerMass, to: resolvedMassCut) / full.meanMass
    let meanAV = extinctionV + differentialAVSigma * (2 / Double.pi).squareRoot()
    let dimming = set.extinctionRatiosInBandOrder.map { pow(10, -0.4 * (distanceModulus + meanAV * $0)) }
    var totals = [Double](repeating: 0, count: set.bands.count)
    for component in sfh.components {
      let isochrone = try set.isochrone(logAgeYears: component.logAgeYears, metallicity: component.metallicity)
      let perStar = isochrone.expectedFluxPerStar(imf: lower)
      let stars = formedMass * component.massFraction * starsPerMass
      for band in totals.indices { totals[band] += stars * perStar[band] * dimming[band] }
    }
    return totals
  }
}
