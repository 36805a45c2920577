/// A guide table over an isochrone's rows in initial mass: finds the same row pair as
/// `Isochrone.bracket(initialMass:)` (the largest i with key[i] ≤ m, keys = running maximum of the
/// initial mass) in O(1) for nearly every mass, without a search.
///
/// The mass range [key₀, key_last] is cut into `binCount` equal bins by g(m) = ⌊(m − key₀) · s⌋
/// (clamped to the last bin). Floating-point subtraction and multiplication by s > 0 are
/// monotone, so g is non-decreasing: a row whose key lies in an earlier bin than m has key < m,
/// one in a later bin has key > m. The answer therefore lies between the last row of bin g(m) − 1
/// and the last row of bin g(m), and a binary search there returns exactly what the full search
/// returns (the pair is unique because the keys are non-decreasing). Where that interval holds at
/// most one key besides its first row r (at most one key falls inside the bin — nearly every bin
/// on the main sequence) the bin's `direct` entry answers: r, plus 1 when m ≥ that key (the one
/// step the search would take); otherwise its row is −1 and the search runs.
struct IsochroneMassIndex {
  /// A bin's answer without a search: `row` + (m ≥ `split` ? 1 : 0), `split` = +∞ when no key
  /// falls inside the bin; `row` = −1 when two or more do (search).
  struct DirectBin {
    var split: Double
    var row: Int32
  }

  /// The isochrone's `massSearchKeys`.
  let keys: [Double]
  let lowestKey: Double
  let binsPerSolarMass: Double
  let binCount: Int
  /// `lastRow[b + 1]`: the last row whose key falls in a bin ≤ b; `lastRow[0]` = 0.
  let lastRow: [Int32]
  /// `direct[b]`: bin b's answer without a search (see `DirectBin`); `binCount + 1` entries, the
  /// last repeating bin `binCount − 1`'s, so that the unclamped bin ⌊(m − key₀) · s⌋ (which
  /// rounding can make `binCount` for m just below key_last, never more) reads the entry of the
  /// clamped one.
  let direct: [DirectBin]

  /// Bins per isochrone row: enough that a bin holds at most one row wherever rows are spread
  /// out in mass (the main sequence, where nearly all stars fall).
  static let binsPerRow = 4

  init(_ isochrone: Isochrone) {
    let searchKeys = isochrone.massSearchKeys
    keys = searchKeys
    let count = searchKeys.count
    lowestKey = keys[0]
    let span = keys[count - 1] - keys[0]
    binCount = max(1, Self.binsPerRow * count)
    binsPerSolarMass = span > 0 ? Double(binCount) / span : 0
    let bins = binCount
    let lowest = keys[0]
    let scale = binsPerSolarMass
    var direct: [DirectBin] = []
    let last = [Int32](unsafeUninitializedCapacity: bins + 1) { last, initialized in
      // One pass over the rows: g is non-decreasing in the row, so bins g(key[r − 1]) … g(key[r]) − 1
      // have row r − 1 as their last row (every bin ≥ g(key[r]) has a later one).
      last[0] = 0
      var filled = 0  // bins 0 ..< filled have last[bin + 1] written
      searchKeys.withUnsafeBufferPointer { keys in
        for row in 1..<count {
          let bin = Self.bin(ofMass: keys[row], lowest, scale, bins)
          while filled < bin {
            last[filled + 1] = Int32(row - 1)
            filled += 1
          }
        }
      }
      while filled < bins {
        last[filled + 1] = Int32(count - 1)
        filled += 1
      }
      initialized = bins + 1
      direct = [DirectBin](unsafeUninitializedCapacity: bins + 1) { direct, directCount in
        // The search keeps key[low] ≤ m < key[high]: with high − low = 1 the answer is low;
        // with 2 it is low + 1 exactly when key[low + 1] ≤ m, the search's one comparison.
        for bin in 0..<bins {
          let low = Int(last[bin])
          let high = min(Int(last[bin + 1]) + 1, count - 1)
          switch high - low {
          case ...1: direct[bin] = DirectBin(split: .infinity, row: Int32(low))
          case 2: direct[bin] = DirectBin(split: searchKeys[low + 1], row: Int32(low))
          default: direct[bin] = DirectBin(split: .infinity, row: -1)
          }
        }
        direct[bins] = direct[bins - 1]
        directCount = bins + 1
      }
    }
    lastRow = last
    self.direct = direct
  }

  /// g(m): the one bin function, used both to build the table and to look masses up.
  @inline(__always) static func bin(ofMass m: Double, _ lowest: Double, _ scale: Double, _ binCount: Int) -> Int {
    min(Int((m - lowest) * scale), binCount - 1)
  }

  /// The largest row i with key[i] ≤ m, for key₀ ≤ m < key_last (the caller checks the range).
  @inline(__always) func row(bracketing m: Double) -> Int {
    keys.withUnsafeBufferPointer { keys in
      lastRow.withUnsafeBufferPointer { lastRow in
        direct.withUnsafeBufferPointer { direct in
          row(bracketing: m, keys: keys, lastRow: lastRow, direct: direct)
        }
      }
    }
  }

  /// `row(bracketing:)` with the tables passed in as buffers, so a loop over many stars takes them
  /// once (no uniqueness or bounds checks per star). For key₀ ≤ m < key_last the unclamped bin
  /// is in [0, binCount] (`direct` has that many + 1 entries); the search clamps it.
  @inline(__always) func row(
    bracketing m: Double, keys: UnsafeBufferPointer<Double>, lastRow: UnsafeBufferPointer<Int32>,
    direct: UnsafeBufferPointer<DirectBin>
  ) -> Int {
    let entry = direct[Int((m - lowestKey) * binsPerSolarMass)]
    if entry.row >= 0 { return Int(entry.row) &+ (m >= entry.split ? 1 : 0) }
    return searchedRow(bracketing: m, keys: keys, lastRow: lastRow)
  }

  /// The binary search between the last rows of bins g(m) − 1 and g(m).
  @inline(never) func searchedRow(
    bracketing m: Double, keys: UnsafeBufferPointer<Double>, lastRow: UnsafeBufferPointer<Int32>
  ) -> Int {
    let bin = Self.bin(ofMass: m, lowestKey, binsPerSolarMass, binCount)
    var low = Int(lastRow[bin])
    var high = min(Int(lastRow[bin + 1]) + 1, keys.count - 1)
    while high - low > 1 {
      let middle = (low + high) >> 1
      if keys[middle] <= m { low = middle } else { high = middle }
    }
    return low
  }
}
