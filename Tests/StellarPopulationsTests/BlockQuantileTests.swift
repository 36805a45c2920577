import Foundation
import Numerics
import StellarPopulations
import Testing

/// `BrokenPowerLawIMF.quantiles(of:into:)` (the block path the IMF draws use) must give the
/// scalar `quantile(_:)` bit for bit: the protocol's contract, on which the exact quantiles of
/// the IMF tests and the stream positions of `sampleMasses` rest.
@Suite struct BlockQuantileTests {
  /// One to five segments (five takes the general path), α = 1 (the logarithmic segment, also
  /// general), shallow and steep slopes.
  static func imfs() throws -> [BrokenPowerLawIMF] {
    [
      try BrokenPowerLawIMF.salpeter1955(), try BrokenPowerLawIMF.kroupa2001(),
      try BrokenPowerLawIMF.kroupa2001(lowerMass: 0.01, upperMass: 120),
      try BrokenPowerLawIMF(breakpoints: [0.1, 0.7, 3, 60], slopes: [0.8, 1.9, 2.7], name: "three"),
      try BrokenPowerLawIMF(breakpoints: [0.05, 0.2, 1, 8, 100], slopes: [0.3, 1.4, 2.3, 3.1], name: "four"),
      try BrokenPowerLawIMF(
        breakpoints: [0.05, 0.2, 0.6, 2, 9, 100], slopes: [0.3, 1.1, 1.9, 2.3, 3.1], name: "five"),
      try BrokenPowerLawIMF(breakpoints: [0.1, 1, 50], slopes: [1, 2.35], name: "alpha one"),
    ]
  }

  @Test func blockQuantilesEqualTheScalarQuantileBitForBit() throws {
    let generator = RandomGenerator(seed: 61)
    for imf in try Self.imfs() {
      // The CDF at each segment's lower mass and one ulp either side, the ends, random uniforms
      // (more than one 128-value chunk, and a count that is not a multiple of the vector width).
      var uniforms: [Double] = [0, 0.5.ulp, (1.0).nextDown, 0.5]
      for start in imf.segmentProbabilities.indices.map({ imf.cumulativeProbability(imf.segments[$0].lower) }) {
        uniforms += [start, start.nextUp, start.nextDown].filter { $0 >= 0 && $0 < 1 }
      }
      for _ in 0..<301 { uniforms.append(generator.uniform()) }
      var block = [Double](repeating: .nan, count: uniforms.count)
      uniforms.withUnsafeBufferPointer { uniforms in
        block.withUnsafeMutableBufferPointer { imf.quantiles(of: uniforms, into: $0.baseAddress!) }
      }
      for (u, mass) in zip(uniforms, block) {
        let expected = imf.quantile(u)
        #expect(mass.bitPattern == expected.bitPattern, "\(imf.name) at u = \(u): \(mass) vs \(expected)")
      }
    }
  }
}
