import Foundation
import Testing

@testable import Numerics

/// Walker/Vose alias tables of Poisson(μ) in integer arithmetic: the bins reproduce the integer
/// weights exactly, the weights are the pmf to ≈ 10⁻¹⁴, and draws fit the pmf.
@Suite struct PoissonAliasTableTests {
  /// Means from the digit tables (1, 15, 240, 3840), bench.yaml skies (15.3, 220.4) and a
  /// PHAT-like sky (3136), plus a large mean.
  static let means = [1.0, 0.37, 15.3, 220.4, 240, 3136, 3840, 1e5]

  /// Σ wₖ = 2⁶³; the probabilities recomputed from the packed bins equal wₖ 2⁻⁶³ exactly (so
  /// the pairing lost or invented no unit); each is the pmf within 10⁻¹³ relative + 2⁻⁶² (the mode
  /// + 10⁻¹³ absolute), and
  /// nothing is returned outside [L, H].
  @Test(arguments: means)
  func binsReproduceThePoissonPmf(mean: Double) throws {
    let table = try PoissonAliasTable(mean: mean)
    #expect(table.weights.reduce(UInt64(0), &+) == 1 << 63)
    // Every value once (large tables: a stride of them, the tabulation is O(N) per value).
    let stride = max(1, table.weights.count / 200)
    let mode = table.weights.indices.max { table.weights[$0] < table.weights[$1] }!
    for k in Swift.stride(from: 0, to: table.weights.count, by: stride) {
      let value = table.lowest + k
      let tabulated = table.tabulatedProbability(ofValue: value)
      #expect(tabulated == Double(table.weights[k]) * 0x1p-63, "k = \(value)")
      let p = PoissonProbability.mass(value, mean: mean)
      // The mode also carries the residue |1 − Σ p| (≈ 10⁻¹⁴ absolute, from the pmf's own errors).
      let residue = k == mode ? 1e-13 : 0
      #expect(abs(tabulated - p) <= 1e-13 * p + 0x1p-62 + residue, "k = \(value): \(tabulated) vs \(p)")
    }
    let modeValue = table.lowest + mode
    let modeP = PoissonProbability.mass(modeValue, mean: mean)
    #expect(abs(table.tabulatedProbability(ofValue: modeValue) - modeP) <= 1e-13 * modeP + 1e-13)
    #expect(table.tabulatedProbability(ofValue: table.lowest - 1) == 0)
    #expect(table.tabulatedProbability(ofValue: table.lowest + table.weights.count) == 0)
  }

  /// The mean-0 table returns 0 on every word.
  @Test func meanZeroAlwaysReturnsZero() throws {
    let table = try PoissonAliasTable(mean: 0)
    var stream = RandomGenerator(seed: 1).pixelNoiseStream()
    #expect((0..<1000).allSatisfy { _ in table.draw(using: &stream) == 0 })
    for word: UInt64 in [0, .max, 1 << 63, 1] { #expect(table.view.draw(word: word) == 0) }
  }

  /// Extreme words land on valid values: all-zero and all-one words in every bin.
  @Test func extremeWordsStayInRange() throws {
    let table = try PoissonAliasTable(mean: 220.4)
    let bins = UInt64(1) << table.view.indexBits
    for j in 0..<bins {
      for high: UInt64 in [0, .max >> table.view.indexBits] {
        let value = table.view.draw(word: high << table.view.indexBits | j)
        #expect(value >= Double(table.lowest) && value < Double(table.lowest + table.weights.count))
      }
    }
  }

  /// 40,000 draws against the pmf by χ² (p > 10⁻⁴), including the small-mean tail bins.
  @Test(arguments: [0.37, 3.0, 15.3, 220.4, 3136])
  func drawsFitThePmf(mean: Double) throws {
    let table = try PoissonAliasTable(mean: mean)
    var stream = RandomGenerator(seed: 31, stream: UInt64(mean * 10)).pixelNoiseStream()
    let draws = (0..<40_000).map { _ in table.draw(using: &stream) }
    let fit = try #require(PoissonChiSquare.pValue(draws: draws, mean: mean))
    #expect(fit.pValue > 1e-4, "\(fit.summary)")
  }

  @Test func refusesNegativeNonFiniteOrHugeMeans() {
    for mean in [-1, .nan, .infinity, PoissonAliasTable.maximumMean * 2] {
      #expect(throws: NumericsError.self) { try PoissonAliasTable(mean: mean) }
    }
  }
}
