import Foundation

/// A family of Poisson alias tables (`PoissonAliasTable`) with one common bin count N = 2ᵇ, laid
/// out for draws from **32 bits** of a random word instead of 64 — two draws per word — at the
/// full 2⁻⁶³ resolution of the tables: the per-pixel digit and sky parts of `PixelPoissonSampler`.
///
/// Exactness. A 2⁶³ table draws bin j (b bits) and u uniform on 0 … C − 1, C = 2⁶³⁻ᵇ, and keeps
/// j iff u < tⱼ (tⱼ < C), so P(X = k) = wₖ 2⁻⁶³ exactly (see `PoissonAliasTable`). Split
/// u = r 2³¹ + u′ (r: the top 32 − b bits, u′: the low 31) and tⱼ = hⱼ 2³¹ + lⱼ likewise. Then
/// u < tⱼ ⟺ r < hⱼ, or r = hⱼ and u′ < lⱼ. A draw takes j and r from one 32-bit half h of a
/// word (h = j 2³²⁻ᵇ + r: j in the top b bits) and compares h with Eⱼ = j 2³²⁻ᵇ + hⱼ (so
/// h < Eⱼ ⟺ r < hⱼ and h = Eⱼ ⟺ r = hⱼ, without masking). Only on a tie (probability 2⁻⁽³²⁻ᵇ⁾,
/// ≤ 2⁻¹⁶ for b ≤ 16) does it take a fresh word for u′ (its top 31 bits) and compare with lⱼ,
/// kept in a separate cold array. u′ is then independent of everything before, as in one 64-bit
/// draw, so each value k comes out with probability wₖ 2⁻⁶³ exactly — the same distribution as
/// `PoissonAliasTable.draw`, not an approximation of it (the quantisation of the pmf to 2⁻⁶³,
/// ≈ 10⁻¹⁴ in total variation, is the table's, unchanged).
///
/// Entry j of table t (at t N + j) packs Eⱼ (32 bits), the kept value and the alias value as
/// offsets from the family's lowest value L (16 bits each): the table's values must lie in
/// [L, L + 65,535] (checked when built). 8 N bytes per table, as `PoissonAliasTable`.
///
/// Thread safety: immutable; shared by every thread.
@usableFromInline final class PackedAliasTables: @unchecked Sendable {
  /// The tables' means, in table order.
  let means: [Double]
  /// The source tables (their `tabulatedProbability` is what a packed draw reproduces).
  let tables: [PoissonAliasTable]
  private let entryStorage: UnsafeMutablePointer<UInt64>
  private let lowStorage: UnsafeMutablePointer<UInt32>
  /// The raw pointers and layout, for the hot loops.
  @usableFromInline let family: PackedAliasFamily

  /// The tables of `means` (each in [0, `PoissonAliasTable.maximumMean`]) with a common bin count
  /// of at least 2^`minimumIndexBits`. Throws when a mean is refused, the common bin count
  /// exceeds 2¹⁶, or the values span more than 65,536 from the lowest.
  init(means: [Double], minimumIndexBits: UInt64 = 1) throws(NumericsError) {
    precondition(!means.isEmpty)
    var bits = minimumIndexBits
    for mean in means {
      let range = mean == 0 ? 0...0 : PoissonProbability.tableRange(mean: mean)
      while (1 << bits) < range.count { bits += 1 }
    }
    guard bits <= 16 else {
      throw NumericsError(
        operation: "PackedAliasTables(means: \(means.first!)…\(means.last!))", reason: "needs ≤ 2¹⁶ bins per table")
    }
    var tables: [PoissonAliasTable] = []
    for mean in means { tables.append(try PoissonAliasTable(mean: mean, minimumIndexBits: bits)) }
    let binCount = 1 << Int(bits)
    precondition(tables.allSatisfy { $0.view.indexBits == bits })
    let lowest = tables.map(\.lowest).min()!
    guard tables.allSatisfy({ $0.lowest + binCount - 1 - lowest <= 0xFFFF }) else {
      throw NumericsError(
        operation: "PackedAliasTables(means: \(means.first!)…\(means.last!))",
        reason: "values span more than 65,536 from the lowest")
    }
    let entries = UnsafeMutablePointer<UInt64>.allocate(capacity: tables.count * binCount)
    let lows = UnsafeMutablePointer<UInt32>.allocate(capacity: tables.count * binCount)
    for (t, table) in tables.enumerated() {
      for j in 0..<binCount {
        let packed = Self.pack(
          aliasEntry: table.view.entries[j], bin: j, indexBits: bits, tableLowest: table.lowest, familyLowest: lowest)
        entries[t * binCount + j] = packed.entry
        lows[t * binCount + j] = packed.low
      }
    }
    self.means = means
    self.tables = tables
    entryStorage = entries
    lowStorage = lows
    family = PackedAliasFamily(
      entries: UnsafePointer(entries), lowThresholds: UnsafePointer(lows), indexBits: bits, lowest: lowest)
  }

  deinit {
    entryStorage.deallocate()
    lowStorage.deallocate()
  }

  /// The packed entry and cold low threshold of bin j, from its `PoissonAliasTable` entry
  /// tⱼ 2ᵇ + aⱼ: Eⱼ = j 2³²⁻ᵇ + ⌊tⱼ / 2³¹⌋ in the low 32 bits, then the kept value L_t + j and the
  /// alias value L_t + aⱼ as offsets from the family's lowest; the low threshold tⱼ mod 2³¹.
  static func pack(aliasEntry: UInt64, bin j: Int, indexBits b: UInt64, tableLowest: Int, familyLowest: Int)
    -> (entry: UInt64, low: UInt32)
  {
    let threshold = aliasEntry >> b  // tⱼ < 2⁶³⁻ᵇ
    let alias = Int(aliasEntry & ((1 << b) - 1))
    let bound = UInt64(j) << (32 - b) | threshold >> 31  // < 2³²: ⌊tⱼ / 2³¹⌋ < 2³²⁻ᵇ
    let kept = UInt64(tableLowest + j - familyLowest)
    let aliased = UInt64(tableLowest + alias - familyLowest)
    return (bound | kept << 32 | aliased << 48, UInt32(threshold & 0x7FFF_FFFF))
  }

  /// Table t's distribution as a packed draw makes it, in units of 2⁻⁶³, at index value − L_t
  /// (L_t = `tables[t].lowest`, as `weights`), counted over every (j, r) and, on a tie, every
  /// u′ — from the packed entries alone (for tests: it must equal `tables[t].weights`). nil if a
  /// value falls outside the source table's range.
  func packedWeights(table t: Int) -> [UInt64]? {
    let b = family.indexBits
    let binCount = 1 << Int(b)
    let capacity = UInt64(1) << (63 - b)
    let tableLowest = tables[t].lowest
    var units = [UInt64](repeating: 0, count: tables[t].weights.count)
    for j in 0..<binCount {
      let entry = family.entries[t * binCount + j]
      let r = (entry & 0xFFFF_FFFF) &- (UInt64(j) << (32 - b))  // hⱼ
      guard r < UInt64(1) << (32 - b) else { return nil }
      // r < hⱼ: kept (hⱼ 2³¹ units); r = hⱼ: kept for u′ < lⱼ, alias otherwise; r > hⱼ: alias.
      let kept = r << 31 + UInt64(family.lowThresholds[t * binCount + j])
      for (value, count) in [
        (family.lowest + Int((entry >> 32) & 0xFFFF), kept), (family.lowest + Int(entry >> 48), capacity - kept),
      ] where count > 0 {
        guard units.indices.contains(value - tableLowest) else { return nil }
        units[value - tableLowest] += count
      }
    }
    return units
  }
}

/// A `PackedAliasTables` family as raw pointers: a trivial value for the per-pixel loop. Valid
/// while the family lives.
@usableFromInline struct PackedAliasFamily {
  @usableFromInline let entries: UnsafePointer<UInt64>
  @usableFromInline let lowThresholds: UnsafePointer<UInt32>
  /// b, and 32 − b (the shift that leaves a half's top b bits).
  @usableFromInline let indexBits: UInt64
  @usableFromInline let shift: UInt32
  /// L, the value of offset 0.
  @usableFromInline let lowest: Int

  @usableFromInline init(
    entries: UnsafePointer<UInt64>, lowThresholds: UnsafePointer<UInt32>, indexBits: UInt64, lowest: Int
  ) {
    self.entries = entries
    self.lowThresholds = lowThresholds
    self.indexBits = indexBits
    shift = UInt32(32 - indexBits)
    self.lowest = lowest
  }

  /// A value of table t from the 32-bit half h (all bits uniform): bin j = the top b bits of h,
  /// kept iff h < Eⱼ; on h = Eⱼ (rare) one fresh word of `generator` decides (see the type).
  @inlinable @inline(__always) func draw(table t: Int, half h: UInt32, using generator: inout Xoshiro256StarStar)
    -> Int
  {
    let index = t &<< indexBits &+ Int(truncatingIfNeeded: h &>> shift)
    let entry = entries[index]
    let bound = UInt32(truncatingIfNeeded: entry)
    var offset = h < bound ? Int(truncatingIfNeeded: (entry &>> 32) & 0xFFFF) : Int(truncatingIfNeeded: entry &>> 48)
    if _slowPath(h == bound) {
      let (keeps, next) = Self.resolveTie(low: lowThresholds[index], state: generator)
      generator = next
      if keeps { offset = Int(truncatingIfNeeded: (entry &>> 32) & 0xFFFF) }
    }
    return lowest &+ offset
  }

  /// A tie r = hⱼ: u′ = the top 31 bits of a fresh word; kept iff u′ < lⱼ. Out of line, the
  /// generator by value (keeps the loop's state in registers).
  @inline(never) @usableFromInline static func resolveTie(low: UInt32, state: Xoshiro256StarStar) -> (
    Bool, Xoshiro256StarStar
  ) {
    var generator = state
    let u = UInt32(truncatingIfNeeded: generator.next() >> 33)
    return (u < low, generator)
  }
}
