/// A guide table over an isochrone's rows in initial mass: finds the same row pair as
/// `Isochrone.bracket(initialMass:)` (the largest i with key[i] ≤ m, keys = running maximum of the
/// initial mass) in O(1) for nearly every mass, without a search.
///
/// The mass range [key₀, key_last] is cut into `binCount` equal bins by g(m) = ⌊(m − key₀) · s⌋
/// (clamped to the last bin). Floating-point subtraction and multiplication by s > 0 are
/// monotone, so g is non-decreasing: a row whose key lies in an earlier bin than m has key < m,
/// one in a later bin has key > m. The answer therefore lies between the last row of bin g(m) − 1
/// and the last row of bin g(m), and a binary search there returns exactly what the full search
/// returns (the pair is unique because the keys are non-decreasing). Where that interval holds a
/// single candidate (no key falls inside the bin — nearly every bin on the main sequence) the bin's
/// `directRow` entry is the answer itself; otherwise it is −1 and the search runs.
struct IsochroneMassIndex {
  /// The isochrone's `massSearchKeys`.
  let keys: [Double]
  let lowestKey: Double
  let binsPerSolarMass: Double
  let binCount: Int
  /// `lastRow[b + 1]`: the last row whose key falls in a bin ≤ b; `lastRow[0]` = 0.
  let lastRow: [Int32]
  /// `directRow[b]`: the bracketing row of every mass in bin b when that is one row, else −1;
  /// `binCount + 1` entries, the last repeating bin `binCount − 1`'s, so that the unclamped bin
  /// ⌊(m − key₀) · s⌋ (which rounding can make `binCount` for m just below key_last, never more)
  /// reads the entry of the clamped one.
  let directRow: [Int32]

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
    var direct: [Int32] = []
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
      direct = [Int32](unsafeUninitializedCapacity: bins + 1) { direct, directCount in
        for bin in 0..<bins {
          let low = Int(last[bin])
          let high = min(Int(last[bin + 1]) + 1, count - 1)
          direct[bin] = high - low > 1 ? -1 : Int32(low)
        }
        direct[bins] = direct[bins - 1]
        directCount = bins + 1
      }
    }
    lastRow = last
    directRow = direct
  }

  /// g(m): the one bin function, used both to build the table and to look masses up.
  @inline(__always) static func bin(ofMass m: Double, _ lowest: Double, _ scale: Double, _ binCount: Int) -> Int {
    min(Int((m - lowest) * scale), binCount - 1)
  }

  /// The largest row i with key[i] ≤ m, for key₀ ≤ m < key_last (the caller checks the range).
  @inline(__always) func row(bracketing m: Double) -> Int {
    keys.withUnsafeBufferPointer { keys in
      lastRow.withUnsafeBufferPointer { lastRow in
        directRow.withUnsafeBufferPointer { directRow in
          row(bracketing: m, keys: keys, lastRow: lastRow, directRow: directRow)
        }
      }
    }
  }

  /// `row(bracketing:)` with the tables passed in as buffers, so a loop over many stars takes them
  /// once (no uniqueness or bounds checks per star). For key₀ ≤ m < key_last the unclamped bin
  /// is in [0, binCount] (`directRow` has that many + 1 entries); the search clamps it.
  @inline(__always) func row(
    bracketing m: Double, keys: UnsafeBufferPointer<Double>, lastRow: UnsafeBufferPointer<Int32>,
    directRow: UnsafeBufferPointer<Int32>
  ) -> Int {
    let direct = directRow[Int((m - lowestKey) * binsPerSolarMass)]
    if direct >= 0 { return Int(direct) }
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
