import Foundation
import StarmillTestSupport
import StellarPopulations
import Testing

@Suite struct IsochroneInterpolationTests {
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func gridNodesAreReproducedExactly() throws {
    let set = ParsecFixture.set
    for grid in set.isochrones where Int((grid.logAgeYears * 100).rounded()) % 35 == 0 {
      #expect(try set.isochrone(logAgeYears: grid.logAgeYears, metallicity: grid.metallicity) == grid)
    }
    // CMD prints 8.10001 for log age 8.1; a request for 8.1 is that node.
    let node = set.isochrones.first { $0.metallicity == -1 && abs($0.logAgeYears - 8.1) < 1e-3 }!
    #expect(node.logAgeYears == 8.10001)
    #expect(try set.isochrone(logAgeYears: 8.1, metallicity: -1) == node)
    #expect(throws: IsochroneSetError.self) { try set.isochrone(logAgeYears: 10.2, metallicity: 0) }
    #expect(throws: IsochroneSetError.self) { try set.isochrone(logAgeYears: 9, metallicity: 0.1) }
  }

  /// Between nodes the interpolation follows phases: the main-sequence turn-off mass and the
  /// largest living mass move monotonically between the bracketing isochrones, and just off a node
  /// the integrated light equals the node's within 0.002 mag (continuity).
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func interpolationIsContinuousAndBracketed() throws {
    let set = ParsecFixture.set
    let imf = try BrokenPowerLawIMF.kroupa2001()
    for (age, metallicity) in [(8.0, 0.0), (9.0, -1.0), (7.0, -0.5)] {
      let node = try set.isochrone(logAgeYears: age, metallicity: metallicity)
      let near = try set.isochrone(logAgeYears: age + 2e-4, metallicity: metallicity)
      let next = try set.isochrone(logAgeYears: age + 0.05, metallicity: metallicity)
      let middle = try set.isochrone(logAgeYears: age + 0.025, metallicity: metallicity)
      let a = node.expectedIntegratedMagnitudes(imf: imf, totalMass: 1)
      let b = near.expectedIntegratedMagnitudes(imf: imf, totalMass: 1)
      for band in a.indices { #expect(abs(a[band] - b[band]) < 0.002, "\(age) band \(band)") }
      let top = [node, middle, next].map(\.maximumLivingInitialMass)
      #expect(top[0] >= top[1] && top[1] >= top[2], "\(top)")
    }
    // [M/H] between nodes: luminosity-weighted properties lie between the neighbours' in V.
    let low = try set.isochrone(logAgeYears: 9.3, metallicity: -1).expectedIntegratedMagnitudes(imf: imf, totalMass: 1)
    let mid = try set.isochrone(logAgeYears: 9.3, metallicity: -0.75).expectedIntegratedMagnitudes(
      imf: imf, totalMass: 1)
    let high = try set.isochrone(logAgeYears: 9.3, metallicity: -0.5).expectedIntegratedMagnitudes(
      imf: imf, totalMass: 1)
    #expect(mid[2] > min(low[2], high[2]) && mid[2] < max(low[2], high[2]))
  }

  /// Log-age windows where the PARSEC grid itself changes faster than 0.05 mag per 0.01 dex,
  /// found by this test and checked against the grid nodes (independent Python integration):
  /// - below 7.8: massive and intermediate-mass supergiants and blue loops; node-to-node
  ///   changes reach 1.3 mag in K and 0.5 mag in V per 0.05 dex ([M/H] = 0, log age 6.65 → 6.70),
  ///   so no interpolation can keep 0.01-dex steps under 0.05 mag there;
  /// - 9.05–9.30: the RGB phase transition (onset of the helium flash; Sweigart, Greggio & Renzini
  ///   1990, ApJ 364, 527): the core-He-burning phases 5–6 vanish between two nodes and the red
  ///   clump forms; steps reach 0.6 mag in K and 0.2 mag in V next to the 9.25 node at [M/H] = −1.25.
  static let knownFastPhases: [ClosedRange<Double>] = [6.6...7.8, 9.05...9.3]

  /// Integrated magnitudes (analytic IMF integration) on a 0.01-dex age grid over the whole
  /// range at [M/H] = 0 and −1.25 (bilinear in age and [M/H]): no jump above 0.05 mag between
  /// neighbours in any band outside `knownFastPhases`.
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func integratedLightIsSmoothInAge() throws {
    let set = ParsecFixture.set
    let imf = try BrokenPowerLawIMF.kroupa2001()
    var jumps: [String] = []
    for metallicity in [0.0, -1.25] {
      var previous: [Double]?
      for step in 0...350 {
        let age = 6.6 + Double(step) * 0.01
        let magnitudes = try set.isochrone(logAgeYears: min(age, 10.1), metallicity: metallicity)
          .expectedIntegratedMagnitudes(imf: imf, totalMass: 1)
        if let previous {
          let inFastPhase = Self.knownFastPhases.contains { $0.contains(age) }
          for band in magnitudes.indices where !inFastPhase && abs(magnitudes[band] - previous[band]) > 0.05 {
            jumps.append(
              "[M/H]=\(metallicity) log age \(String(format: "%.2f", age)) \(set.bands[band]) "
                + String(format: "%+.3f", magnitudes[band] - previous[band]))
          }
        }
        previous = magnitudes
      }
    }
    #expect(jumps.isEmpty, "\(jumps.joined(separator: "; "))")
  }
}
