/// Sixteen alias tables of the means μ₀ + d (d = 0 … 15) drawn as one: the same bin count 2ᵇ
/// for all (each `PoissonAliasTable` widened to the largest one's bins, the extra bins of
/// weight 0), entries stored contiguously, table d at d · 2ᵇ — so a draw for digit d needs no
/// per-table mask, only table d's row (its entries' address and lowest value, one 16-byte
/// record of `AliasGroupView.rows`) and the entry j.
/// `PixelPoissonSampler`'s sky plus unit digit (μ₀ = B; the shared group of μ₀ = 0 for B = 0 and
/// for skies too wide to merge). Each draw is exactly the draw of table d (`PoissonAliasTable`):
/// P(value) = w 2⁻⁶³ with that table's integer weights.
///
/// Thread safety: immutable after `init`, shared by every thread.
@usableFromInline final class PoissonAliasGroup: @unchecked Sendable {
  /// The tables of μ₀ + d, each already at the group's bin count.
  let tables: [PoissonAliasTable]
  private let entryStorage: UnsafeMutableRawPointer
  private let rowStorage: UnsafeMutablePointer<AliasGroupRow>
  /// The group as raw pointers (valid while the group lives).
  @usableFromInline let view: AliasGroupView

  /// The shared group of means 0 … 15 (built once per process).
  static let digits = try! PoissonAliasGroup(baseMean: 0)

  /// Throws unless μ₀ + 15 is a valid `PoissonAliasTable` mean.
  init(baseMean: Double) throws(NumericsError) {
    var widest = 1
    var tables: [PoissonAliasTable] = []
    for digit in 0...15 {
      let table = try PoissonAliasTable(mean: baseMean + Double(digit))
      widest = max(widest, Int(table.view.indexBits))
      tables.append(table)
    }
    for digit in 0...15 where Int(tables[digit].view.indexBits) < widest {
      tables[digit] = try PoissonAliasTable(mean: baseMean + Double(digit), minimumIndexBits: widest)
    }
    self.tables = tables
    let binCount = 1 << widest
    entryStorage = .allocate(byteCount: 16 * binCount * 8, alignment: 64)
    let entries = entryStorage.bindMemory(to: UInt64.self, capacity: 16 * binCount)
    rowStorage = .allocate(capacity: 16)
    for (digit, table) in tables.enumerated() {
      (entries + digit * binCount).update(from: table.view.entries, count: binCount)
      rowStorage[digit] = AliasGroupRow(entries: UnsafePointer(entries + digit * binCount), lowest: table.lowest)
    }
    view = AliasGroupView(rows: UnsafePointer(rowStorage), indexBits: UInt64(widest))
  }

  deinit {
    entryStorage.deallocate()
    rowStorage.deallocate()
  }
}

/// Table d of a `PoissonAliasGroup`: where its 2ᵇ entries start and its lowest value.
@usableFromInline struct AliasGroupRow {
  @usableFromInline let entries: UnsafePointer<UInt64>
  @usableFromInline let lowest: Int
}

/// A `PoissonAliasGroup`'s storage as raw pointers: a trivial value for the hot loops. The 16
/// tables are reached through one array of rows (one base register in the pixel loop, no shift
/// by b), each row's entries inside the group's contiguous storage.
@usableFromInline struct AliasGroupView {
  @usableFromInline let rows: UnsafePointer<AliasGroupRow>
  @usableFromInline let indexBits: UInt64
  @usableFromInline let indexMask: UInt64
  /// 2ᵇ⁺¹ − 1: the bits of a word below u (see `PoissonAliasTable`).
  @usableFromInline let lowMask: UInt64

  @usableFromInline init(rows: UnsafePointer<AliasGroupRow>, indexBits: UInt64) {
    self.rows = rows
    self.indexBits = indexBits
    indexMask = (1 << indexBits) - 1
    lowMask = (2 << indexBits) - 1
  }

  /// Table `digit`'s value of word w (`AliasTableView.drawCount`), digit in 0 … 15.
  @inlinable @inline(__always) func drawCount(word: UInt64, digit: Int) -> Int {
    let row = rows[digit]
    let j = word & indexMask
    let entry = row.entries[Int(truncatingIfNeeded: j)]
    let value = word | lowMask < entry ? j : entry & indexMask
    return row.lowest &+ Int(truncatingIfNeeded: value)
  }
}
