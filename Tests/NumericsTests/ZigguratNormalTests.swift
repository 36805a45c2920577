import Foundation
import Testing

@testable import Numerics

/// The ziggurat normal (`Xoshiro256StarStar.standardNormal`): its table against the paper and
/// its own geometry, and its variates against Φ in the body and the tails.
@Suite struct ZigguratNormalTests {
  /// The bisection reproduces Marsaglia & Tsang's r = 3.442619855899 for 128 layers (their
  /// published digits, 10⁻¹¹), and for the 256 layers used every layer has the same area v
  /// (10⁻¹² relative), the base is r f(r) + tail, and the top edge closes at f = 1.
  @Test func tableHasEqualLayers() {
    #expect(abs(ZigguratNormalTable.tailStart(layerCount: 128) - 3.442619855899) < 1e-11)
    let table = ZigguratNormalTable.shared
    let n = ZigguratNormalTable.layerCount
    #expect(abs(table.tailStart - 3.6541528853610088) < 1e-12)
    for i in 0..<n {
      #expect(abs(table.area(ofLayer: i) / table.layerArea - 1) < 1e-12, "layer \(i)")
    }
    #expect(table.edges[n] == 0 && table.heights[n] == 1)
    for i in 0..<n { #expect(table.edges[i] > table.edges[i + 1] && table.heights[i] < table.heights[i + 1]) }
  }

  /// KS against Φ (p > 10⁻⁴) for 100,000 variates and the first four moments (0, 1, 0, 3)
  /// within 5 standard errors.
  @Test func variatesAreStandardNormal() {
    var generator = RandomGenerator(seed: 12, stream: 3).pixelNoiseStream()
    let n = 100_000
    let values = (0..<n).map { _ in generator.standardNormal() }
    let test = GoodnessOfFit.kolmogorovSmirnov(samples: values) { StandardNormal.cdf($0) }
    #expect(test.pValue > 1e-4, "KS D = \(test.statistic)")
    func moment(_ k: Double) -> Double { values.reduce(0) { $0 + pow($1, k) } / Double(n) }
    let root = Double(n).squareRoot()
    #expect(abs(moment(1)) < 5 / root)
    #expect(abs(moment(2) - 1) < 5 * 2.0.squareRoot() / root)
    #expect(abs(moment(3)) < 5 * 15.0.squareRoot() / root)
    #expect(abs(moment(4) - 3) < 5 * 96.0.squareRoot() / root)
  }

  /// 2·10⁶ variates binned by 0.05 on [−4, 4] plus both tails, against Φ by χ² (p > 10⁻⁴):
  /// a wrong layer, wedge or tail shows up as a step in the histogram that KS may smooth over.
  /// Also the fractions beyond 3σ, 4σ and the tail start r (|x| > r ≈ 3.654), within 5 binomial σ.
  @Test func histogramAndTailFractionsMatchPhi() {
    var generator = RandomGenerator(seed: 77, stream: 1).pixelNoiseStream()
    let n = 2_000_000
    let width = 0.05
    let bins = Int((8 / width).rounded())
    var counts = [Double](repeating: 0, count: bins + 2)
    var beyond: [Double: Double] = [3: 0, 4: 0, ZigguratNormalTable.shared.tailStart: 0]
    for _ in 0..<n {
      let x = generator.standardNormal()
      let index = x < -4 ? 0 : x >= 4 ? bins + 1 : 1 + min(bins - 1, Int(((x + 4) / width).rounded(.down)))
      counts[index] += 1
      for limit in beyond.keys where abs(x) > limit { beyond[limit]! += 1 }
    }
    var expected = [StandardNormal.cdf(-4)]
    for b in 0..<bins {
      expected.append(StandardNormal.cdf(-4 + Double(b + 1) * width) - StandardNormal.cdf(-4 + Double(b) * width))
    }
    expected.append(StandardNormal.survival(4))
    let test = GoodnessOfFit.chiSquare(observed: counts, expected: expected.map { $0 * Double(n) })
    #expect(test.pValue > 1e-4, "χ² = \(test.statistic) on \(test.degreesOfFreedom) dof")
    for (limit, count) in beyond {
      let p = 2 * StandardNormal.survival(limit)
      #expect(abs(count - Double(n) * p) < 5 * (Double(n) * p * (1 - p)).squareRoot(), "|x| > \(limit)")
    }
  }

  /// The tail sampler alone: 20,000 draws beyond r against the conditional CDF
  /// (Φ(x) − Φ(r)) / (1 − Φ(r)) by KS (p > 10⁻⁴), all > r.
  @Test func tailIsTheConditionedNormal() {
    var generator = RandomGenerator(seed: 3, stream: 4).pixelNoiseStream()
    let r = ZigguratNormalTable.shared.tailStart
    let values = (0..<20_000).map { _ in generator.normalTail(from: r) }
    #expect(values.allSatisfy { $0 > r })
    let mass = StandardNormal.survival(r)
    let test = GoodnessOfFit.kolmogorovSmirnov(samples: values) { 1 - StandardNormal.survival($0) / mass }
    #expect(test.pValue > 1e-4, "KS D = \(test.statistic)")
  }
}
