import Foundation
import Testing

@testable import Photometry

@Suite("Filter throughput")
struct FilterThroughputTests {
  /// A top-hat of `count` points from a to b (both ends included, zero just outside).
  static func topHat(_ a: Double, _ b: Double, counting: DetectorCounting, count: Int = 200) throws
    -> FilterThroughput
  {
    let step = (b - a) / Double(count - 1)
    let inner = (0..<count).map { a + Double($0) * step }
    return try FilterThroughput(
      name: "tophat", wavelengthsAngstrom: [a - 1e-6] + inner + [b + 1e-6],
      throughput: [0] + [Double](repeating: 1, count: count) + [0], counting: counting)
  }

  @Test("pivot wavelength of a photon top-hat is √((b²−a²)/(2 ln(b/a)))")
  func pivotPhotonTopHat() throws {
    let filter = try Self.topHat(4000, 6000, counting: .photon)
    let expected = ((6000.0 * 6000 - 4000 * 4000) / (2 * log(6000.0 / 4000))).squareRoot()
    // The 1e-6 Å ramps at each end change the integrals by ~1e-10 relative.
    #expect(abs(filter.pivotWavelengthAngstrom - expected) < 1e-4)
  }

  @Test("pivot of an energy top-hat is √(ab): S = R/λ (Bessell & Murphy 2012)")
  func pivotEnergyTopHat() throws {
    let filter = try Self.topHat(4000, 6000, counting: .energy)
    // ∫ (1/λ) λ dλ / ∫ (1/λ)/λ dλ = (b − a)/(1/a − 1/b) = ab. The tabulated R/λ is interpolated
    // linearly over 10 Å steps, which perturbs the integrals by ~(10 Å/λ)²/12 ≈ 3e-7 relative.
    #expect(abs(filter.pivotWavelengthAngstrom - (4000.0 * 6000).squareRoot()) < 0.01)
  }

  @Test("invalid curves are rejected with the point and the rule")
  func validation() {
    #expect(throws: PhotometryError.self) {
      try FilterThroughput(name: "x", wavelengthsAngstrom: [1, 3, 2], throughput: [0, 1, 0], counting: .photon)
    }
    #expect(throws: PhotometryError.self) {
      try FilterThroughput(name: "x", wavelengthsAngstrom: [1, 2, 3], throughput: [0, -1, 0], counting: .photon)
    }
    #expect(throws: PhotometryError.self) {
      try FilterThroughput(name: "x", wavelengthsAngstrom: [1, 2, 3], throughput: [0, 0, 0], counting: .photon)
    }
    do {
      _ = try FilterThroughput(name: "x", wavelengthsAngstrom: [1, 2, 2], throughput: [0, 1, 0], counting: .photon)
      Issue.record("a repeated wavelength must be rejected")
    } catch let error as PhotometryError {
      #expect(
        error
          == .invalidCurve(
            name: "x", index: 2, value: 2, rule: "wavelengths must be strictly increasing (previous 2.0)"))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }
}
