import Backgrounds
import Numerics
import Testing

@Suite struct BackgroundPatchStatisticsTests {
  /// The reference definition: the upper median of |x − upper median| over a second sort.
  static func twoSortMAD(_ values: [Float]) -> Double {
    let sorted = values.sorted()
    let median = Double(sorted[sorted.count / 2])
    let deviations = sorted.map { abs(Double($0) - median) }.sorted()
    return 1.4826 * deviations[deviations.count / 2]
  }

  /// `robustSigma` (one sort, then an outward walk over the two sorted runs of deviations) equals
  /// the two-sort definition bit for bit: odd and even counts, ties, one and two values,
  /// heavy tails; and is 0 for no values.
  @Test func robustSigmaEqualsTheTwoSortDefinition() {
    let generator = RandomGenerator(seed: 31)
    var cases: [[Float]] = [[3], [1, 2], [2, 2, 2], [5, 1, 5, 1], [0, 0, 1, 100]]
    for count in [3, 10, 101, 1000, 4096] {
      cases.append((0..<count).map { _ in Float(generator.gaussian(sigma: 2)) })
      // Heavy tail and ties: rounded values with a few bright outliers.
      cases.append(
        (0..<count).map { k in k % 37 == 0 ? 1e4 : Float((5 * generator.gaussian(sigma: 1)).rounded()) })
    }
    for values in cases {
      #expect(
        BackgroundPatch.robustSigma(values).bitPattern == Self.twoSortMAD(values).bitPattern, "\(values.prefix(6))")
    }
    #expect(BackgroundPatch.robustSigma([Float]()) == 0)
    // A Gaussian sample's MAD σ is σ (to the sampling error of 10⁴ values, ≈ 1.2 %).
    let gaussian = (0..<10_000).map { _ in Float(generator.gaussian(sigma: 3)) }
    #expect(abs(BackgroundPatch.robustSigma(gaussian) / 3 - 1) < 0.04)
  }
}
