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

  /// Interpolation smoothness (`IntegratedLightScan`: expected integrated light, an IMF-weighted
  /// integral, no sampling) every 0.01 dex across the RGB phase transition and the disappearance of
  /// blue loops — log t 8.9–9.5 at [M/H] = 0 and −1.5, and [M/H] −1.5 to
  /// −0.5 at log t 9.1 — where label-wise phase matching failed (0.19 mag in J at log t 9.10→9.15,
  /// [M/H] = −1.5, where the grid nodes differ by 0.02 mag per step). In every band:
  /// - no neighbour jump above 0.05 mag unless the bracketing grid nodes themselves change by more
  ///   than 0.025 mag per 0.01 dex (0.125 mag between age nodes): a fast phase of the grid;
  /// - there, no step above 4× the nodes' mean rate (interpolation is linear in flux, so a node
  ///   that is 1.7 mag brighter than both neighbours, PARSEC's log t 9.20 at [M/H] = −1, gives
  ///   steps up to 3.5× the mean rate in magnitudes next to the fainter node).
  /// The full range (`starmill isochrones smoothness`) is measured in the set's README, with the
  /// fast phases left: log t < 7.8 and the −1.0/9.20 node (in age, and in [M/H] at log t 9.2, where
  /// the step next to [M/H] = −1.5 is 0.15 mag in K for a mean rate of 0.04).
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func integratedLightIsSmooth() throws {
    let set = ParsecFixture.set
    let imf = try BrokenPowerLawIMF.kroupa2001()
    let scans = [
      try IntegratedLightScan(set: set, axis: .logAge(metallicity: 0), from: 8.9, to: 9.5, step: 0.01, imf: imf),
      try IntegratedLightScan(set: set, axis: .logAge(metallicity: -1.5), from: 8.9, to: 9.5, step: 0.01, imf: imf),
      try IntegratedLightScan(
        set: set, axis: .metallicity(logAgeYears: 9.1), from: -1.5, to: -0.5, step: 0.01, imf: imf),
    ]
    for scan in scans {
      #expect(scan.nodes.count >= 3)
      for jump in scan.jumps(threshold: 0.05) {
        let text =
          "\(scan.axis) at \(jump.at) \(set.bands[jump.band]) Δ = \(jump.size), grid \(jump.gridRatePerStep)/step"
        #expect(jump.gridRatePerStep > 0.025, "\(text)")
        #expect(abs(jump.size) < 4 * jump.gridRatePerStep, "\(text)")
      }
    }
  }

  /// Young massive-star populations (log t 6.60–7.50 at [M/H] = 0, −0.25, −0.5 and −1.25; −0.25 and
  /// −1.25 are interpolations in [M/H] too), where red supergiants, blue supergiants and Wolf–Rayet
  /// stars share PARSEC's post-main-sequence labels and PARSEC's massive-star block ends: with the
  /// red / blue / hot sub-phases of the whole massive post-main-sequence (`Isochrone+Subphases.swift`),
  /// the split decided continuously (`Isochrone.subphaseSplitWeight`) and interpolated isochrones'
  /// canonical phases recorded, every 0.01-dex step where the bracketing nodes change by less than
  /// 0.05 mag per step stays below 0.07 mag (largest 0.064: R at [M/H] = −0.25, log t 6.65, nodes
  /// 0.048 per step) — except log t 6.60–6.65 at [M/H] = 0 (the top of the main sequence cools from
  /// log Teff 4.3–4.4 to 3.9–4.1 between the nodes: I 0.106 mag, bounded at 0.11) — and every step
  /// elsewhere below 2× the nodes' own mean rate. Matching by mass fraction alone gave steps of
  /// 0.29 mag (F475W, [M/H] = 0, 6.69 → 6.70) and 0.24 mag (F110W, [M/H] = −0.5, 6.64 → 6.65) where
  /// the nodes change by 0.005 and 0.018 mag per step; sub-phases of core-He burning alone, decided
  /// per isochrone, 0.087 and 0.105 mag (F160W, [M/H] = 0 and −0.25, log t 7.15 and 7.23); the split
  /// as an on/off switch at 9 M☉, V 0.077 at [M/H] = −0.25, log t 7.38 (F160W 0.081 at −1.25, 7.48
  /// in the HST set).
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func youngMassiveStarPopulationsAreSmooth() throws {
    let set = ParsecFixture.set
    let imf = try BrokenPowerLawIMF.kroupa2001()
    for metallicity in [0.0, -0.25, -0.5, -1.25] {
      let scan = try IntegratedLightScan(
        set: set, axis: .logAge(metallicity: metallicity), from: 6.6, to: 7.5, step: 0.01, imf: imf)
      #expect(scan.nodes.count == 19)
      for jump in scan.jumps(threshold: 0.05) {
        let text =
          "[M/H] \(metallicity) log t \(jump.at) \(set.bands[jump.band]) Δ = \(jump.size), grid \(jump.gridRatePerStep)/step"
        if jump.isGridLimited {
          #expect(abs(jump.size) < 2 * jump.gridRatePerStep, "\(text)")
        } else {
          let topOfMainSequence = metallicity == 0 && jump.at < 6.655
          #expect(abs(jump.size) < (topOfMainSequence ? 0.11 : 0.07), "\(text)")
        }
      }
    }
  }

  /// The interpolated isochrone between nodes is continuous at the nodes in every band and at
  /// every [M/H] of the grid: 10⁻⁴ dex off a node, the integrated light is the node's to 0.01 mag
  /// (checked every 0.25 dex in age).
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func interpolationApproachesEveryNode() throws {
    let set = ParsecFixture.set
    let imf = try BrokenPowerLawIMF.kroupa2001()
    for node in set.isochrones where Int((node.logAgeYears * 100).rounded()) % 25 == 0 && node.logAgeYears < 10.1 {
      let atNode = node.expectedIntegratedMagnitudes(imf: imf, totalMass: 1)
      let off = try set.isochrone(logAgeYears: node.logAgeYears + 2e-4, metallicity: node.metallicity)
        .expectedIntegratedMagnitudes(imf: imf, totalMass: 1)
      for band in atNode.indices {
        #expect(
          abs(off[band] - atNode[band]) < 0.01, "log t \(node.logAgeYears) [M/H] \(node.metallicity) \(set.bands[band])"
        )
      }
    }
  }
}
