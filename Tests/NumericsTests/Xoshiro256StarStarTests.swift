import Foundation
import Numerics
import Testing

/// The pixel-noise generator: the reference outputs of xoshiro256**, its uniforms, the polar
/// normal, and its seeding from a sample's GSL generator.
@Suite struct Xoshiro256StarStarTests {
  /// The first outputs of the reference C code (Blackman & Vigna, xoshiro256starstar.c) from the
  /// state (1, 2, 3, 4), computed independently with Python's integers.
  @Test func matchesTheReferenceImplementation() {
    var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
    let outputs = (0..<6).map { _ in generator.next() }
    #expect(
      outputs == [
        11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360, 607_988_272_756_665_600,
      ])
  }

  /// Uniforms lie in their intervals; mean ½ and variance 1/12 within 5 standard errors.
  @Test func uniformsAreUniform() {
    var generator = RandomGenerator(seed: 4, stream: 9).pixelNoiseStream()
    let n = 100_000
    var sum = 0.0
    var sumSquares = 0.0
    for _ in 0..<n {
      let u = generator.uniform()
      let v = generator.uniformPositive()
      #expect(u >= 0 && u < 1 && v > 0 && v < 1)
      sum += u
      sumSquares += u * u
    }
    let mean = sum / Double(n)
    let variance = sumSquares / Double(n) - mean * mean
    #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
    // Var of u² − … : the variance estimator's σ is √(1/180/n) for a uniform.
    #expect(abs(variance - 1.0 / 12) < 5 * (1.0 / 180 / Double(n)).squareRoot())
  }

  /// The polar method's variates against Φ (Kolmogorov–Smirnov, p > 10⁻⁴) and their first four
  /// moments (0, 1, 0, 3 within 5 standard errors: σ = √(m₂ₖ − mₖ²)/√n).
  @Test func polarNormalsAreStandardNormal() {
    var generator = RandomGenerator(seed: 12, stream: 3).pixelNoiseStream()
    let n = 50_000
    let values = (0..<n).map { _ in generator.polarStandardNormal() }
    let test = GoodnessOfFit.kolmogorovSmirnov(samples: values) { 0.5 * erfc(-$0 / 2.0.squareRoot()) }
    #expect(test.pValue > 1e-4, "KS D = \(test.statistic)")
    func moment(_ k: Double) -> Double { values.reduce(0) { $0 + pow($1, k) } / Double(n) }
    let root = Double(n).squareRoot()
    #expect(abs(moment(1)) < 5 * 1 / root)
    #expect(abs(moment(2) - 1) < 5 * 2.0.squareRoot() / root)
    #expect(abs(moment(3)) < 5 * 15.0.squareRoot() / root)
    #expect(abs(moment(4) - 3) < 5 * 96.0.squareRoot() / root)
  }

  /// The stream is a pure function of the GSL generator's key and consumes exactly eight of its
  /// outputs (one per `uniform()` for MT19937); different samples get different streams.
  @Test func seedingIsDeterministicAndConsumesEightOutputs() {
    let a = RandomGenerator(seed: 99, stream: 5)
    let b = RandomGenerator(seed: 99, stream: 5)
    var first = a.pixelNoiseStream()
    var second = b.pixelNoiseStream()
    #expect((0..<64).map { _ in first.next() } == (0..<64).map { _ in second.next() })
    let twin = RandomGenerator(seed: 99, stream: 5)
    for _ in 0..<8 { _ = twin.uniform() }
    #expect(a.uniform() == twin.uniform())
    var other = RandomGenerator(seed: 99, stream: 6).pixelNoiseStream()
    var again = RandomGenerator(seed: 99, stream: 5).pixelNoiseStream()
    #expect(other.next() != again.next())
  }

  /// The all-zero state, the one xoshiro cannot leave, is replaced.
  @Test func zeroStateIsReplaced() {
    var generator = Xoshiro256StarStar(state: (0, 0, 0, 0))
    #expect((0..<4).map { _ in generator.next() }.contains { $0 != 0 })
  }
}

/// The jump and the four-lane stream of the pixel noise.
@Suite struct PixelNoiseStreamTests {
  /// J(x) = T^(2¹²⁸) x against an independent computation: T, xoshiro256**'s linear step on
  /// GF(2)²⁵⁶, raised to 2¹²⁸ by 128 squarings of its 256 × 256 bit matrix (Python integers, by
  /// hand), applied to (1, 2, 3, 4) — the polynomial form of `jump()` must land on the same state.
  @Test func jumpIsTwoToThe128Steps() {
    var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
    generator.jump()
    var expected = Xoshiro256StarStar(
      state: (0x8C7A_1539_56B5_F3D1, 0x701F_1A71_3401_D85E, 0x6527_F66A_6546_9085, 0x8386_B786_C440_8050))
    #expect((0..<8).map { _ in generator.next() } == (0..<8).map { _ in expected.next() })
  }

  /// A fill interleaves the lanes J⁰(x) … J³(x) round by round (word 4r + k = lane k's r-th
  /// output), fills continue each other, and the scalar stream starts at J⁴(x).
  @Test func fillInterleavesTheJumpedLanes() {
    let start = RandomGenerator(seed: 7, stream: 1).pixelNoiseStream()
    var stream = PixelNoiseStream(start)
    var lanes = (0..<5).map { k in
      var g = start
      for _ in 0..<k { g.jump() }
      return g
    }
    var words = [UInt64](repeating: 0, count: 4 * 37)
    for _ in 0..<3 {
      stream.fill(&words, rounds: 37)
      var expected: [UInt64] = []
      for _ in 0..<37 { for k in 0..<4 { expected.append(lanes[k].next()) } }
      #expect(words == expected)
    }
    #expect(stream.scalar.next() == lanes[4].next())
    #expect(Set(words).count == words.count)
  }
}
