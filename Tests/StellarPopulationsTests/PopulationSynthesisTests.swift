import Foundation
import Numerics
import StarmillTestSupport
import Testing

@testable import StellarPopulations

/// `StellarPopulation.init` places stars through `IsochroneMassIndex` (a guide table) and can
/// observe a subset of bands: both must give exactly what the reference per-star lookup
/// (`Isochrone.star(initialMass:)`, `absoluteMagnitude`, full binary search) gives.
@Suite struct PopulationSynthesisTests {
  /// A synthetic isochrone with PARSEC's awkward features: rows crowded near the turn-off, a
  /// thermal-pulse pair (a repeated mass), a step back in mass by 10⁻⁷ M☉, three bands.
  static func awkwardIsochrone() throws -> Isochrone {
    var masses = (0..<60).map { 0.1 * pow(30, Double($0) / 59) }  // 0.1 … 3 M☉
    masses += [3.000_01, 3.000_02, 3.000_02, 3.000_03, 3.000_029_9, 3.000_04, 3.000_05]
    let count = masses.count
    let magnitudes = (0..<3).map { band in
      masses.indices.map { Float(8 - 9 * log10(masses[$0]) + 0.3 * Double(band) + 0.01 * Double($0 % 5)) }
    }
    return try Isochrone(
      logAgeYears: 8.5, metallicity: 0, initialMass: masses, currentMass: masses.map { Float(0.99 * $0) },
      logLuminosity: masses.map { Float(3.5 * log10($0)) }, logTeff: [Float](repeating: 3.7, count: count),
      logGravity: [Float](repeating: 4.4, count: count),
      phase: masses.indices.map { $0 < 60 ? 1 : 3 + ($0 % 2) }, magnitudes: magnitudes)
  }

  /// Masses that hit every edge case: each row's key and its floating-point neighbours, the ends
  /// of the table, and random draws over the whole range.
  static func probeMasses(_ isochrone: Isochrone) -> [Double] {
    var masses: [Double] = []
    for key in isochrone.massSearchKeys { masses += [key.nextDown, key, key.nextUp] }
    let generator = RandomGenerator(seed: 3)
    let low = isochrone.minimumTabulatedInitialMass
    let high = isochrone.maximumLivingInitialMass
    for _ in 0..<2_000 { masses.append(0.9 * low + generator.uniform() * (1.1 * high - 0.9 * low)) }
    return masses + [0.01, 150, high, low]
  }

  static func checkGuideTableAgreesWithBinarySearch(_ isochrone: Isochrone) {
    let index = IsochroneMassIndex(isochrone)
    let keys = isochrone.massSearchKeys
    var mismatches = 0
    for m in probeMasses(isochrone) where m >= keys[0] && m < keys[keys.count - 1] {
      if index.row(bracketing: m) != isochrone.bracket(initialMass: m)?.index { mismatches += 1 }
    }
    #expect(mismatches == 0)
    // Most bins must answer directly (else the agreement above would only test the search).
    let directBins = index.direct.prefix(index.binCount).filter { $0.row >= 0 }.count
    #expect(directBins * 2 > index.binCount, "\(directBins) of \(index.binCount) bins answer without a search")
    // …and the bins holding one key (answered by the comparison with it) must be among them.
    let splitBins = index.direct.prefix(index.binCount).filter { $0.row >= 0 && $0.split.isFinite }.count
    #expect(splitBins > 0, "no bin answers through its one key")
  }

  @Test func guideTableFindsTheRowsOfTheBinarySearch() throws {
    Self.checkGuideTableAgreesWithBinarySearch(try Self.awkwardIsochrone())
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func guideTableFindsTheRowsOfTheBinarySearchOnPARSEC() throws {
    let set = ParsecFixture.set
    for (age, metallicity) in [(6.6, 0.0), (8.5, 0.0), (9.05, -1.0), (10.1, -2.0)] {
      Self.checkGuideTableAgreesWithBinarySearch(try set.isochrone(logAgeYears: age, metallicity: metallicity))
    }
  }

  /// Every star of a population with differential extinction equals the reference lookup bit for
  /// bit: current mass, phase, life, A_V (replaying the documented draw order: masses, then one
  /// half-normal deviate per star) and the magnitudes m = M + DM + A_V,star · A_band/A_V.
  @Test func starsMatchTheReferenceLookupBitForBit() throws {
    let isochrone = try Self.awkwardIsochrone()
    let ratios = [1.5, 1.0, 0.6]
    let masses = Self.probeMasses(isochrone)
    let sampled = SampledMasses(masses: masses, totalMass: masses.reduce(0, +))
    let observing = ObservingConditions(
      distanceModulus: 24.47, extinctionV: 0.3, differentialExtinction: .halfNormal(sigma: 0.2))
    let population = StellarPopulation(
      isochrone: isochrone, bands: ["A", "B", "C"], extinctionRatios: ratios, masses: sampled, observing: observing,
      generator: RandomGenerator(seed: 9))
    let replay = RandomGenerator(seed: 9)
    var mismatches: [String] = []
    for (star, m) in masses.enumerated() {
      let extra = abs(replay.gaussian(mean: 0, sigma: 0.2))
      let reference = isochrone.star(initialMass: m)
      if population.extinctionV[star] != Float(0.3 + extra) { mismatches.append("A_V of star \(star)") }
      if population.currentMass[star] != Float(reference.currentMass) { mismatches.append("mass of star \(star)") }
      if population.phase[star] != reference.phase { mismatches.append("phase of star \(star)") }
      if population.isAlive[star] != reference.isAlive { mismatches.append("life of star \(star)") }
      for band in 0..<3 {
        let absolute = isochrone.absoluteMagnitude(band: band, initialMass: m)
        let expected =
          reference.status == .luminous
          ? Float(absolute + (24.47 + 0.3 * ratios[band]) + extra * ratios[band]) : Float.infinity
        if population.magnitudes[band][star] != expected { mismatches.append("band \(band) of star \(star)") }
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    #expect(population.luminousCount > 1_000 && population.aliveCount < masses.count)
    // massAlive, summed during synthesis: the same bits as a pass over the finished arrays (the
    // probes include stars below the table, which live, and above the top, which do not).
    var livingMass = 0.0
    for star in masses.indices where population.isAlive[star] { livingMass += Double(population.currentMass[star]) }
    #expect(population.massAlive.bitPattern == livingMass.bitPattern)
    #expect(population.massAlive > 0 && population.massAlive < population.massDrawn)
  }

  /// Observing a subset of bands, in any order, gives exactly those columns of the full-band
  /// population, and every other array unchanged (the draws do not depend on the bands).
  @Test func bandSubsetEqualsTheFullPopulationsColumns() throws {
    let isochrone = try Self.awkwardIsochrone()
    let set = try IsochroneSet(
      bands: ["A", "B", "C"], isochrones: [isochrone], extinctionRatios: ["A": 1.5, "B": 1.0, "C": 0.6],
      provenance: "synthetic")
    let imf = try BrokenPowerLawIMF.kroupa2001()
    let observing = ObservingConditions(extinctionV: 0.2, differentialExtinction: .uniform(width: 0.5))
    func sample(_ bands: [String]?) throws -> StellarPopulation {
      try StellarPopulation.sample(
        from: set, logAgeYears: 8.5, metallicity: 0, imf: imf, targetMass: 2_000, observing: observing, bands: bands,
        generator: RandomGenerator(seed: 4, stream: 2))
    }
    let full = try sample(nil)
    #expect(full.bands == ["A", "B", "C"])
    #expect(try sample(["A", "B", "C"]) == full)
    let subset = try sample(["C", "A"])
    #expect(subset.bands == ["C", "A"])
    #expect(subset.magnitudes == [full.magnitudes[2], full.magnitudes[0]])
    #expect(subset.initialMass == full.initialMass && subset.currentMass == full.currentMass)
    #expect(subset.phase == full.phase && subset.isAlive == full.isAlive && subset.extinctionV == full.extinctionV)
    #expect(subset.massDrawn == full.massDrawn)
    #expect(subset.integratedMagnitude(band: 0) == full.integratedMagnitude(band: 2))
    #expect(throws: IsochroneSetError.unknownBand("V", available: ["A", "B", "C"])) { try sample(["A", "V"]) }
  }
}
