import Numerics
import Testing

@Suite struct RandomGeneratorTests {
  @Test func sameKeyGivesSameSequence() {
    let a = RandomGenerator(seed: 42, stream: 7)
    let b = RandomGenerator(seed: 42, stream: 7)
    for _ in 0..<1000 { #expect(a.uniform() == b.uniform()) }
  }

  @Test func neighbouringStreamsAndSeedsDiffer() {
    let first = (0..<8).map { _ in RandomGenerator(seed: 42, stream: 7) }.map { $0.uniform() }
    #expect(Set(first).count == 1)
    let streams = (0..<100).map { RandomGenerator(seed: 42, stream: UInt64($0)).uniform() }
    #expect(Set(streams).count == 100)
    // Seeds that differ only above bit 32 must differ too (gsl_rng_set would merge them).
    #expect(RandomGenerator(seed: 1).uniform() != RandomGenerator(seed: 1 | (1 << 40)).uniform())
  }

  @Test func streamsAreStatisticallyIndependent() {
    // Correlation between paired draws of streams i and i+1 over 10^5 pairs: |r| < 5/sqrt(n).
    let n = 100_000
    let a = RandomGenerator(seed: 2024, stream: 0)
    let b = RandomGenerator(seed: 2024, stream: 1)
    var sumXY = 0.0, sumX = 0.0, sumY = 0.0, sumXX = 0.0, sumYY = 0.0
    for _ in 0..<n {
      let x = a.uniform(), y = b.uniform()
      sumXY += x * y; sumX += x; sumY += y; sumXX += x * x; sumYY += y * y
    }
    let nd = Double(n)
    let r =
      (sumXY / nd - sumX / nd * sumY / nd)
      / ((sumXX / nd - sumX * sumX / nd / nd).squareRoot() * (sumYY / nd - sumY * sumY / nd / nd).squareRoot())
    #expect(abs(r) < 5 / nd.squareRoot())
    #expect(abs(sumX / nd - 0.5) < 5 * (1.0 / 12 / nd).squareRoot())
  }

  @Test func mixIsABijectionInTheStream() {
    let keys = Set((0..<10_000).map { StreamSeeding.mix(99, UInt64($0)) })
    #expect(keys.count == 10_000)
  }
}
