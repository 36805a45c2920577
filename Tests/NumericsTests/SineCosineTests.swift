import Foundation
import Numerics
import Testing

@Suite struct SineCosineTests {
  /// `sineAndCosine(turns:)` against sin and cos of 2πu in 80-bit extended precision (π to 64 bits,
  /// so the reference errs by < 10⁻¹⁸): within 2.5·10⁻¹⁶ everywhere, including the quarter-turn
  /// boundaries where the reduction switches quadrant, and exactly ±1 / 0 at whole quarter turns.
  @Test func turnsMatchExtendedPrecisionReference() {
    #if arch(x86_64)
      let generator = RandomGenerator(seed: 22)
      var turns = (0..<20_000).map { _ in generator.uniform() }
      for quarter in 0...8 {
        let boundary = Double(quarter) / 8
        turns += [boundary, boundary.nextUp, boundary.nextDown, boundary + 1e-9, boundary - 1e-9]
      }
      turns += [0x1p-60, 1 - 0x1p-53, -0.3, 2.75, 10.125]
      var worst: Float80 = 0
      for u in turns {
        let (sine, cosine) = sineAndCosine(turns: u)
        let angle = 2 * Float80.pi * Float80(u)
        worst = max(worst, abs(Float80(sine) - sin(angle)), abs(Float80(cosine) - cos(angle)))
      }
      #expect(worst < 2.5e-16, "largest error \(Double(worst))")
    #endif
    #expect(sineAndCosine(turns: 0) == (0, 1))
    #expect(sineAndCosine(turns: 0.25) == (1, 0))
    #expect(sineAndCosine(turns: 0.5).sine == 0 && sineAndCosine(turns: 0.5).cosine == -1)
    #expect(sineAndCosine(turns: 0.75) == (-1, 0))
  }
}
