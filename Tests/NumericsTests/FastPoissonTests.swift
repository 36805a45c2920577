import Foundation
import Numerics
import Testing

/// `exactPoisson` (inversion for μ < 10, Hörmann's PTRS for μ ≥ 10) against the exact Poisson
/// pmf, on both uniform sources: GSL's Mersenne Twister (`RandomGenerator.fastPoisson`) and the
/// xoshiro256** pixel-noise stream (`RandomGenerator.pixelNoiseStream`).
///
/// χ²: 40,000 draws per mean, bins = single values of k where the expected count is ≥ 20 and two
/// merged tails, expected counts from the exact pmf `exp(−μ + k log μ − log k!)`. The χ² p-value
/// must exceed 10⁻⁴ (a correct sampler fails with probability 10⁻⁴ per mean; at fixed seeds the
/// outcome is deterministic). The moment checks use 5 standard errors (mean σ/√n; variance
/// √((μ₄ − σ⁴)/n) with the Poisson μ₄ = μ + 3μ²). The means cover both algorithms, PTRS at its
/// lower limit (μ = 10) and deep in its asymptotic regime (μ = 10⁴).
@Suite struct FastPoissonTests {
  static let means: [Double] = [0.1, 3.5, 10, 30, 300, 1e4]

  enum Source: CaseIterable, Sendable { case mersenneTwister, xoshiro }

  /// A draw function for Poisson(μ) variates from `source`, keyed by (seed, stream).
  static func sampler(_ source: Source, seed: UInt64, stream: UInt64) -> (Double) -> Double {
    let generator = RandomGenerator(seed: seed, stream: stream)
    switch source {
    case .mersenneTwister:
      return { generator.fastPoisson(mean: $0) }
    case .xoshiro:
      var noise = generator.pixelNoiseStream()
      return { noise.exactPoisson(mean: $0) }
    }
  }

  static func logPmf(_ k: Int, _ mean: Double) -> Double {
    -mean + Double(k) * log(mean) - lgamma(Double(k) + 1)
  }

  @Test(arguments: Source.allCases, means)
  func matchesExactPmfByChiSquare(source: Source, mean: Double) {
    let n = 40_000
    let draw = Self.sampler(source, seed: 20_240_601, stream: UInt64(mean * 10))
    var histogram: [Int: Int] = [:]
    for _ in 0..<n {
      let value = draw(mean)
      #expect(value >= 0 && value == value.rounded(), "non-integer or negative draw \(value)")
      histogram[Int(value), default: 0] += 1
    }
    // Central bins with expected ≥ 20, tails merged.
    let center = Int(mean)
    var low = center
    while low > 0 && Double(n) * exp(Self.logPmf(low - 1, mean)) >= 20 { low -= 1 }
    var high = center
    while Double(n) * exp(Self.logPmf(high + 1, mean)) >= 20 { high += 1 }
    var observed: [Double] = []
    var expected: [Double] = []
    var lowerTail = 0.0
    for k in 0..<low { lowerTail += exp(Self.logPmf(k, mean)) }
    var central = 0.0
    for k in low...high {
      let p = exp(Self.logPmf(k, mean))
      central += p
      observed.append(Double(histogram[k] ?? 0))
      expected.append(Double(n) * p)
    }
    let observedLower = histogram.filter { $0.key < low }.reduce(0) { $0 + $1.value }
    let observedUpper = histogram.filter { $0.key > high }.reduce(0) { $0 + $1.value }
    let upperTail = max(0, 1 - lowerTail - central)
    if lowerTail * Double(n) >= 5 {
      observed.append(Double(observedLower))
      expected.append(lowerTail * Double(n))
    } else {
      #expect(Double(observedLower) <= max(5, 10 * lowerTail * Double(n)), "too many draws below \(low)")
    }
    if upperTail * Double(n) >= 5 {
      observed.append(Double(observedUpper))
      expected.append(upperTail * Double(n))
    } else {
      #expect(Double(observedUpper) <= max(5, 10 * upperTail * Double(n)), "too many draws above \(high)")
    }
    if observed.count >= 2 {
      let test = GoodnessOfFit.chiSquare(observed: observed, expected: expected)
      #expect(test.pValue > 1e-4, "μ = \(mean): χ² = \(test.statistic) on \(test.degreesOfFreedom) dof")
    } else {
      // μ = 0.1 leaves k = 0 (and k = 1) only: check the single-bin frequency directly.
      let zeros = Double(histogram[0] ?? 0)
      let p0 = exp(-mean)
      #expect(abs(zeros - Double(n) * p0) < 5 * (Double(n) * p0 * (1 - p0)).squareRoot())
    }
  }

  @Test(arguments: Source.allCases, means)
  func meanAndVarianceAreMu(source: Source, mean: Double) {
    let n = 40_000
    let draw = Self.sampler(source, seed: 77, stream: UInt64(mean * 100))
    var sum = 0.0
    var sumSquares = 0.0
    for _ in 0..<n {
      let value = draw(mean)
      sum += value
      sumSquares += value * value
    }
    let sampleMean = sum / Double(n)
    let sampleVariance = (sumSquares - Double(n) * sampleMean * sampleMean) / Double(n - 1)
    #expect(abs(sampleMean - mean) < 5 * (mean / Double(n)).squareRoot(), "mean \(sampleMean) vs μ = \(mean)")
    let varianceError = ((mean + 3 * mean * mean - mean * mean) / Double(n)).squareRoot()
    #expect(abs(sampleVariance - mean) < 5 * varianceError, "variance \(sampleVariance) vs μ = \(mean)")
  }

  @Test func zeroMeanDrawsNothingAndIsDeterministic() {
    let a = RandomGenerator(seed: 1, stream: 2)
    let b = RandomGenerator(seed: 1, stream: 2)
    #expect(a.fastPoisson(mean: 0) == 0)
    #expect(a.fastPoisson(mean: -3) == 0)
    // No uniform was consumed by the two calls above.
    #expect(a.uniform() == b.uniform())
    let first = (0..<100).map { _ in a.fastPoisson(mean: 123.4) }
    let second = (0..<100).map { _ in b.fastPoisson(mean: 123.4) }
    #expect(first == second)
  }

  @Test func streamZeroMeanDrawsNothingAndIsDeterministic() {
    var a = RandomGenerator(seed: 1, stream: 2).pixelNoiseStream()
    var b = RandomGenerator(seed: 1, stream: 2).pixelNoiseStream()
    #expect(a.exactPoisson(mean: 0) == 0)
    #expect(a.exactPoisson(mean: -3) == 0)
    #expect(a.next() == b.next())
    let first = (0..<100).map { _ in a.exactPoisson(mean: 3136) }
    let second = (0..<100).map { _ in b.exactPoisson(mean: 3136) }
    #expect(first == second)
  }
}
