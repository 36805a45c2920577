import Foundation
import StarmillTestSupport
import StellarPopulations
import Testing

/// `IsochroneSet.restricted(toBands:)`: fewer magnitude columns, band for band the same numbers.
@Suite struct IsochroneSetBandsTests {
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func restrictedSetInterpolatesToTheFullSetsNumbersBandForBand() throws {
    let full = ParsecFixture.set
    let wanted = ["I", "B", "K"]  // a subset, out of the set's order
    let restricted = try full.restricted(toBands: wanted)
    #expect(restricted.bands == wanted)
    #expect(restricted.isochrones.count == full.isochrones.count)
    let columns = wanted.map { full.bands.firstIndex(of: $0)! }
    // Nodes, age-only, [M/H]-only and bilinear interpolation, young (split massive phases) to old.
    let points: [(Double, Double)] = [(8.5, 0), (7.234, 0), (6.873, -0.37), (9.21, -1.13), (10.04, -1.9)]
    for (logAge, metallicity) in points {
      let a = try full.isochrone(logAgeYears: logAge, metallicity: metallicity)
      let b = try restricted.isochrone(logAgeYears: logAge, metallicity: metallicity)
      #expect(a.initialMass == b.initialMass && a.currentMass == b.currentMass && a.logTeff == b.logTeff)
      #expect(a.phase == b.phase && a.logLuminosity == b.logLuminosity && a.logGravity == b.logGravity)
      #expect(columns.map { a.magnitudes[$0] } == b.magnitudes, "log t \(logAge), [M/H] \(metallicity)")
    }
    #expect(wanted.allSatisfy { restricted.extinctionRatios[$0] == full.extinctionRatios[$0] })
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func unknownBandIsRefusedByName() {
    #expect(throws: IsochroneSetError.unknownBand("F475W", available: ParsecFixture.set.bands)) {
      try ParsecFixture.set.restricted(toBands: ["V", "F475W"])
    }
  }
}

extension IsochroneSetBandsTests {
  /// A set made of interpolated isochrones (which record their rows' canonical phases) keeps them
  /// when restricted: the two sets still interpolate to the same numbers.
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func restrictingASetOfInterpolatedIsochronesKeepsTheirPhases() throws {
    let full = ParsecFixture.set
    // A 2 × 2 grid of interpolated isochrones where the recorded phases matter (first red
    // supergiants, log t ≈ 7.2–7.3).
    var corners: [Isochrone] = []
    for logAge in [7.21, 7.29] {
      for metallicity in [-0.4, -0.1] {
        corners.append(try full.isochrone(logAgeYears: logAge, metallicity: metallicity))
      }
    }
    let grid = try IsochroneSet(
      bands: full.bands, isochrones: corners, extinctionRatios: full.extinctionRatios, provenance: "test")
    let restricted = try grid.restricted(toBands: ["K", "V"])
    let columns = ["K", "V"].map { full.bands.firstIndex(of: $0)! }
    for (logAge, metallicity) in [(7.23, -0.25), (7.27, -0.37), (7.25, -0.13)] {
      let a = try grid.isochrone(logAgeYears: logAge, metallicity: metallicity)
      let b = try restricted.isochrone(logAgeYears: logAge, metallicity: metallicity)
      #expect(a.initialMass == b.initialMass && a.phase == b.phase, "log t \(logAge), [M/H] \(metallicity)")
      #expect(columns.map { a.magnitudes[$0] } == b.magnitudes, "log t \(logAge), [M/H] \(metallicity)")
    }
  }
}
