import Foundation
import Numerics
import Testing

@Suite struct SineCosineTests {
  /// `sineAndCosine` returns bit for bit what `sin` and `cos` return (positions of stars depend
  /// on it, and a sample must not change with the way the azimuth is evaluated): azimuths 2πu
  /// over [0, 2π), plus special and large arguments.
  @Test func equalsSinAndCosBitForBit() {
    let generator = RandomGenerator(seed: 21)
    var arguments = (0..<100_000).map { _ in 2 * Double.pi * generator.uniform() }
    arguments += [0, -0.0, .pi, 2 * .pi, 1e-300, 1e5, -7.25, 1e22, .leastNonzeroMagnitude]
    var mismatches = 0
    for x in arguments {
      let (sine, cosine) = sineAndCosine(x)
      if sine.bitPattern != sin(x).bitPattern || cosine.bitPattern != cos(x).bitPattern { mismatches += 1 }
    }
    #expect(mismatches == 0)
    #expect(sineAndCosine(.nan).sine.isNaN && sineAndCosine(.infinity).cosine.isNaN)
  }
}
