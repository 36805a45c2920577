/// A guide table over an isochrone's rows in initial mass: finds the same row pair as
/// `Isochrone.bracket(initialMass:)` (the largest i with key[i] ≤ m, keys = running maximum of the
/// initial mass) in a few steps instead of a binary search over every row.
///
/// The mass range [key₀, key_last] is cut into `binCount` equal bins by g(m) = ⌊(m − key₀) · s⌋
/// (clamped to the last bin). Floating-point subtraction and multiplication by s > 0 are
/// monotone, so g is non-decreasing: a row whose key lies in an earlier bin than m has key < m,
/// one in a later bin has key > m. The answer therefore lies between the last row of bin g(m) − 1
/// and the last row of bin g(m), and a binary search there returns exactly what the full search
/// returns (the pair is unique because the keys are non-decreasing).
struct IsochroneMassIndex {
  /// The isochrone's `massSearchKeys`.
  let keys: [Double]
  let lowestKey: Double
  let binsPerSolarMass: Double
  let binCount: Int
  /// `lastRow[b + 1]`: the last row whose key falls in a bin ≤ b; `lastRow[0]` = 0.
  let lastRow: [Int32]

  /// Bins per isochrone row: enough that a bin holds at most one row wherever rows are spread
  /// out in mass (the main sequence, where nearly all stars fall).
  static let binsPerRow = 4

  init(_ isochrone: Isochrone) {
    keys = isochrone.massSearchKeys
    let count = keys.count
    lowestKey = keys[0]
    let span = keys[count - 1] - keys[0]
    binCount = max(1, Self.binsPerRow * count)
    binsPerSolarMass = span > 0 ? Double(binCount) / span : 0
    var last = [Int32](repeating: 0, count: binCount + 1)
    var row = 0
    for bin in 0..<binCount {
      while row + 1 < count && Self.bin(ofMass: keys[row + 1], lowestKey, binsPerSolarMass, binCount) <= bin {
        row += 1
      }
      last[bin + 1] = Int32(row)
    }
    lastRow = last
  }

  /// g(m): the one bin function, used both to build the table and to look masses up.
  @inline(__always) static func bin(ofMass m: Double, _ lowest: Double, _ scale: Double, _ binCount: Int) -> Int {
    min(Int((m - lowest) * scale), binCount - 1)
  }

  /// The largest row i with key[i] ≤ m, for key₀ ≤ m < key_last (the caller checks the range).
  @inline(__always) func row(bracketing m: Double) -> Int {
    keys.withUnsafeBufferPointer { keys in
      lastRow.withUnsafeBufferPointer { lastRow in row(bracketing: m, keys: keys, lastRow: lastRow) }
    }
  }

  /// `row(bracketing:)` with `keys` and `lastRow` passed in as buffers, so a loop over many stars
  /// takes them once (no uniqueness or bounds checks per star). Bins are clamped to [0, binCount − 1],
  /// so the table reads stay in range.
  @inline(__always) func row(
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
