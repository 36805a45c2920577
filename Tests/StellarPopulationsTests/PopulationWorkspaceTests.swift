import Foundation
import Numerics
import Testing

@testable import StellarPopulations

/// `StellarPopulation.sample(…into: PopulationWorkspace)` must give exactly the luminous stars
/// (finite magnitude in the first observed band), their magnitudes and the totals of the
/// value-returning `sample(…)` and leave the generator where it leaves it, whatever
/// the workspace held before: larger or smaller populations, another isochrone (its kept guide
/// and magnitude tables must not be reused), other bands, differential extinction on or off.
@Suite struct PopulationWorkspaceTests {
  /// Two synthetic isochrones (log age 8.5 and 8.7, PARSEC's awkward features from
  /// `PopulationSynthesisTests`; the older one fainter, with as many rows, so that tables kept
  /// from one and wrongly reused for the other would not fail on their size) in one set.
  static func twoAgeSet() throws -> IsochroneSet {
    let young = try PopulationSynthesisTests.awkwardIsochrone()
    let rows = young.initialMass.count
    let masses = (0..<rows).map { 0.1 * pow(25, Double($0) / Double(rows - 1)) }
    let old = try Isochrone(
      logAgeYears: 8.7, metallicity: 0, initialMass: masses, currentMass: masses.map { Float(0.98 * $0) },
      logLuminosity: masses.map { Float(3.4 * log10($0)) }, logTeff: [Float](repeating: 3.7, count: masses.count),
      logGravity: [Float](repeating: 4.4, count: masses.count), phase: masses.indices.map { $0 < rows - 5 ? 1 : 3 },
      magnitudes: (0..<3).map { band in masses.map { Float(8.4 - 8.5 * log10($0) + 0.25 * Double(band)) } })
    return try IsochroneSet(
      bands: ["A", "B", "C"], isochrones: [young, old], extinctionRatios: ["A": 1.5, "B": 1.0, "C": 0.6],
      provenance: "synthetic")
  }

  struct Case {
    var logAge: Double
    var targetMass: Double
    var bands: [String]?
    var observing: ObservingConditions
    var rule: MassSamplingRule = .stopNearest
  }

  @Test func workspaceSamplesEqualTheFullPopulations() throws {
    let set = try Self.twoAgeSet()
    let imf = try BrokenPowerLawIMF.kroupa2001()
    let plain = ObservingConditions(distanceModulus: 24.47, extinctionV: 0.3)
    let patchy = ObservingConditions(extinctionV: 0.2, differentialExtinction: .uniform(width: 0.5))
    // In this order on one workspace: large, then smaller (storage kept, counts shrink), the same
    // isochrone again (kept tables), another node, an interpolated age (a fresh isochrone each
    // time), fewer and reordered bands, differential extinction, then plain again.
    let cases = [
      Case(logAge: 8.5, targetMass: 3_000, bands: nil, observing: plain),
      Case(logAge: 8.5, targetMass: 400, bands: nil, observing: plain, rule: .stopBefore),
      Case(logAge: 8.5, targetMass: 1_500, bands: ["A", "B", "C"], observing: plain, rule: .stopAfter),
      Case(logAge: 8.7, targetMass: 1_500, bands: nil, observing: plain),
      Case(logAge: 8.6, targetMass: 2_000, bands: ["C", "A"], observing: patchy),
      Case(logAge: 8.6, targetMass: 2_000, bands: ["B"], observing: patchy),
      Case(logAge: 8.5, targetMass: 2_500, bands: nil, observing: plain),
      Case(logAge: 8.5, targetMass: 0, bands: ["A"], observing: plain),
    ]
    let workspace = PopulationWorkspace()
    var sawDead = false
    var sawDark = false
    var sawShrink = false
    var previousCount = 0
    for (stream, c) in cases.enumerated() {
      let reference = RandomGenerator(seed: 11, stream: UInt64(stream))
      let population = try StellarPopulation.sample(
        from: set, logAgeYears: c.logAge, metallicity: 0, imf: imf, targetMass: c.targetMass, rule: c.rule,
        observing: c.observing, bands: c.bands, generator: reference)
      let generator = RandomGenerator(seed: 11, stream: UInt64(stream))
      try StellarPopulation.sample(
        from: set, logAgeYears: c.logAge, metallicity: 0, imf: imf, targetMass: c.targetMass, rule: c.rule,
        observing: c.observing, bands: c.bands, generator: generator, into: workspace)
      // Float and Double equality of finite values (no NaN occurs): the same bits.
      let luminous = population.magnitudes[0].indices.filter { population.magnitudes[0][$0].isFinite }
      #expect(workspace.luminousStars == luminous.map { Int32($0) }, "case \(stream)")
      #expect(
        workspace.luminousMagnitudes == population.magnitudes.map { column in luminous.map { column[$0] } },
        "case \(stream)")
      #expect(workspace.luminousMagnitudes.allSatisfy { $0.allSatisfy(\.isFinite) }, "case \(stream)")
      #expect(workspace.drawnCount == population.drawnCount, "case \(stream)")
      #expect(workspace.aliveCount == population.aliveCount, "case \(stream)")
      #expect(workspace.massDrawn.bitPattern == population.massDrawn.bitPattern, "case \(stream)")
      #expect(workspace.massAlive.bitPattern == population.massAlive.bitPattern, "case \(stream)")
      #expect(generator.uniform() == reference.uniform(), "case \(stream): the streams part")
      sawDead = sawDead || population.aliveCount < population.drawnCount
      sawDark = sawDark || population.magnitudes[0].contains { !$0.isFinite }
      sawShrink = sawShrink || population.drawnCount < previousCount
      previousCount = population.drawnCount
    }
    // The cases must exercise what they claim: remnants, stars without light, a population
    // smaller than the workspace's last.
    #expect(sawDead && sawDark && sawShrink)
  }

  /// `sharesStorage`, which decides whether kept tables are reused, compares buffers, not
  /// values: equal contents in another buffer, or a prefix copy, do not count.
  @Test func sharesStorageComparesBuffersNotValues() throws {
    let isochrone = try PopulationSynthesisTests.awkwardIsochrone()
    let copy = isochrone.massSearchKeys.map { $0 }
    #expect(isochrone.massSearchKeys.sharesStorage(with: isochrone.massSearchKeys))
    #expect(!isochrone.massSearchKeys.sharesStorage(with: copy))
    #expect(![Double]().sharesStorage(with: []))
    let prefix = Array(isochrone.massSearchKeys.prefix(3))
    #expect(!prefix.sharesStorage(with: isochrone.massSearchKeys))
  }
}
