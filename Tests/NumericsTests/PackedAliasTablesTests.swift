import Foundation
import Testing

@testable import Numerics

/// Alias tables drawn from 32-bit halves of words (`PackedAliasTables`): the packed entries hold
/// the source tables' distributions unit for unit, and a half draw (with its rare tie word) is
/// the 64-bit draw of the word made of the same bits.
@Suite struct PackedAliasTablesTests {
  /// The families `PixelPoissonSampler` builds: a merged bench.yaml sky (220 + d), the PHAT-like
  /// sky alone (3136), the digit families, Poisson(4096), and a large sky alone (10⁵, 2¹³ bins).
  static let families: [[Double]] = [
    (0...15).map { 220.4 + Double($0) }, [3136], (0...15).map(Double.init), (0...15).map { 16 * Double($0) },
    (0...15).map { 256 * Double($0) }, [4096], [1e5],
  ]

  /// Every table's packed distribution equals its integer weights exactly (Σ 2⁶³ units): the
  /// 32/31-bit split of the thresholds, the bounds Eⱼ and the 16-bit value offsets lose nothing.
  @Test(arguments: families.indices)
  func packedEntriesKeepTheWeights(index: Int) throws {
    let family = try PackedAliasTables(means: Self.families[index])
    #expect(family.tables.allSatisfy { $0.view.indexBits == family.family.indexBits })
    for t in family.tables.indices {
      let units = try #require(family.packedWeights(table: t), "table \(t)")
      #expect(units == family.tables[t].weights, "mean \(family.means[t])")
    }
  }

  /// A half h and the word after it give the value the 64-bit table draw gives for the word with
  /// the same j (h's top b bits), r (h's low 32 − b bits) and u′ (the next word's top 31 bits):
  /// w = (r 2³¹ + u′) 2ᵇ⁺¹ + j. Random halves, and every bin's tie half h = Eⱼ (where the next
  /// word decides), both tie outcomes forced by choosing u′ on each side of lⱼ.
  @Test func halfDrawIsTheFullWordDraw() throws {
    let family = try PackedAliasTables(means: (0...15).map { 160 + Double($0) })
    let b = family.family.indexBits
    let binCount = 1 << Int(b)
    var stream = RandomGenerator(seed: 77).pixelNoiseStream()
    func fullWord(half h: UInt32, lowBits u: UInt64) -> UInt64 {
      let j = UInt64(h >> (32 - UInt32(b)))
      let r = UInt64(h) & ((1 << (32 - b)) - 1)
      return (r << 31 | u) << (b + 1) | j
    }
    for t in [0, 7, 15] {
      let view = family.tables[t].view
      var halves: [UInt32] = (0..<20_000).map { _ in UInt32(truncatingIfNeeded: stream.next()) }
      for j in 0..<binCount { halves.append(UInt32(truncatingIfNeeded: family.family.entries[t * binCount + j])) }
      for h in halves {
        var generator = stream
        var peek = stream
        let u = peek.next() >> 33
        let drawn = family.family.draw(table: t, half: h, using: &generator)
        #expect(drawn == view.drawCount(word: fullWord(half: h, lowBits: u)), "table \(t), h = \(h)")
        let tie = h == UInt32(truncatingIfNeeded: family.family.entries[t * binCount + Int(h >> (32 - UInt32(b)))])
        // A tie takes exactly one word; otherwise none.
        #expect(generator.s0 == (tie ? peek.s0 : stream.s0))
      }
      // Forced tie outcomes: the full draw with u′ = lⱼ − 1 keeps, with u′ = lⱼ takes the alias.
      for j in stride(from: 0, to: binCount, by: 37) {
        let h = UInt32(truncatingIfNeeded: family.family.entries[t * binCount + j])
        let low = UInt64(family.family.lowThresholds[t * binCount + j])
        let keptValue = family.family.lowest + Int((family.family.entries[t * binCount + j] >> 32) & 0xFFFF)
        if low > 0 { #expect(view.drawCount(word: fullWord(half: h, lowBits: low - 1)) == keptValue) }
        let aliasValue = family.family.lowest + Int(family.family.entries[t * binCount + j] >> 48)
        #expect(view.drawCount(word: fullWord(half: h, lowBits: low)) == aliasValue)
      }
    }
  }

  /// A family whose values would not fit 16-bit offsets is refused; a sky alone fits up to the
  /// largest tabulated mean (≈ 59,000 values, 2¹⁶ bins).
  @Test func refusesWideFamiliesOnly() throws {
    #expect(throws: NumericsError.self) { try PackedAliasTables(means: [0, 1e5]) }
    let widest = try PackedAliasTables(means: [PoissonAliasTable.maximumMean])
    #expect(widest.family.indexBits == 16)
  }
}
