import Foundation
import Numerics
import Testing

@testable import ClusterStructure

/// `EFFProfile.radii(enclosingFractions:stride:into:)` (what `samplePositionsParsecs` uses for
/// EFF and Plummer profiles) must give `radius(enclosingFraction:)` bit for bit, including its
/// guards (f ≤ 0 or NaN → 0, f ≥ 1 → R_t), which the γ = 4 path evaluates as selects.
@Suite struct BlockRadiusTests {
  @Test func blockRadiiEqualTheScalarInverseBitForBit() throws {
    let profiles = [
      try PlummerProfile(rHalfLightParsecs: 2).equivalentEFF,
      try PlummerProfile(rHalfLightParsecs: 1.3, truncationRadiusParsecs: .infinity).equivalentEFF,
      try EFFProfile(rHalfLightParsecs: 3, gamma: 4),
      try EFFProfile(rHalfLightParsecs: 3, gamma: 2.6),
    ]
    let generator = RandomGenerator(seed: 17)
    var fractions: [Double] = [0, -0.0, -0.1, .leastNonzeroMagnitude, 1e-300, 0.5, (1.0).nextDown, 1, 1.5, .nan]
    for _ in 0..<201 { fractions.append(generator.uniform()) }
    for profile in profiles {
      for stride in [1, 2] {
        let count = (fractions.count + stride - 1) / stride
        var radii = [Double](repeating: -1, count: count)
        fractions.withUnsafeBufferPointer { fractions in
          radii.withUnsafeMutableBufferPointer {
            profile.radii(enclosingFractions: fractions, stride: stride, into: $0)
          }
        }
        for index in 0..<count {
          let expected = profile.radius(enclosingFraction: fractions[stride * index])
          #expect(
            radii[index].bitPattern == expected.bitPattern,
            "γ \(profile.gamma), f = \(fractions[stride * index]): \(radii[index]) vs \(expected)")
        }
      }
    }
  }
}
