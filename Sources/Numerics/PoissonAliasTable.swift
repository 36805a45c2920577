import Foundation

/// Poisson(μ) variates for one fixed mean μ ≥ 0 by Walker's alias method (Walker 1977, "An
/// efficient method for generating discrete random variables with general distributions",
/// ACM TOMS 3, 253; construction as in Vose 1991, IEEE Trans. Softw. Eng. 17, 972), in exact
/// integer arithmetic: one 64-bit random word, one table load and one comparison per draw, no
/// data-dependent branch — the fixed-mean parts of the per-pixel photon noise
/// (`PixelPoissonSampler`: the band's sky and the source counts' base-16 digits).
///
/// Probabilities: the pmf p(k; μ) by Loader's accurate form (`PoissonProbability`) on the range
/// [L, H] that leaves out less than 2⁻⁶⁴ of probability on each side
/// (`PoissonProbability.tableRange`), rounded to integer weights wₖ = round(p(k) 2⁶³), the
/// residue 2⁶³ − Σwₖ added to the mode, so Σwₖ = 2⁶³ exactly. A draw returns k with probability
/// wₖ / 2⁶³ **exactly** (`tabulatedProbability` recomputes it from the packed bins). Against the
/// true pmf: |wₖ 2⁻⁶³ − p(k)| ≤ ≈ 10⁻¹⁴ p(k) (Loader's form) + 2⁻⁶⁴ (rounding), and the mode also
/// takes the residue, |1 − Σ p(k)| + (H − L + 1) 2⁻⁶⁴ ≈ 10⁻¹⁴ (pmf errors, the < 2⁻⁶³ of mass
/// outside [L, H], roundings). An inversion of a 53-bit uniform (`PoissonGuideTable`) is
/// resolved to 2⁻⁵³ ≈ 1.1 · 10⁻¹⁶ per value; the two are exact to the same standard.
///
/// Table: N = 2ᵇ bins (the smallest power of two ≥ H − L + 1, at least 2; values beyond H get
/// weight 0), each of capacity C = 2⁶³⁻ᵇ units (N C = 2⁶³). Vose's pairing, done in integers
/// (so without the floating-point leak of the textbook version): a bin j under capacity keeps
/// tⱼ = wⱼ units of its own value and is topped up with C − tⱼ units of an alias value aⱼ whose
/// weight is over capacity (which then loses those units); bins exactly at capacity keep all
/// (stored as tⱼ = 0, aⱼ = j). Each bin holds C units, value j with tⱼ of them, so
/// P(X = k) = Σⱼ [units of k in bin j] / (N C) = wₖ / 2⁶³. Entry j is packed as tⱼ 2ᵇ + aⱼ
/// (tⱼ < C, so 63 bits).
///
/// Draw from a word w (all 64 bits uniform and independent, as xoshiro256** gives them): bin
/// j = w mod 2ᵇ (the low b bits), u = ⌊w / 2ᵇ⁺¹⌋ uniform on 0 … C − 1 (the top 63 − b bits,
/// independent of j); return L + j if u < tⱼ, else L + aⱼ — a conditional move, not a branch.
///
/// Size: 8 N bytes (16 KiB at μ = 3,136; 1 KiB at μ = 15). μ = 0 gives the one-value table of 0
/// (every draw returns 0), so a zero digit costs the same as any other. Means above
/// `maximumMean` are refused (callers use `exactPoisson(mean:)`).
///
/// Thread safety: immutable after `init`; one table is shared by every thread.
public final class PoissonAliasTable: @unchecked Sendable {
  /// The largest mean a table is built for (≈ 60,000 values, 512 KiB).
  public static let maximumMean = 1e7

  /// μ.
  public let mean: Double
  /// L, the smallest value the table returns.
  public let lowest: Int
  /// The integer weights wₖ of the values L + k (k = 0 … H − L), Σ = 2⁶³: P(X = L + k) = wₖ 2⁻⁶³.
  public let weights: [UInt64]
  /// The table's storage as a raw pointer (valid while this object lives).
  @usableFromInline let view: AliasTableView
  private let entries: UnsafeMutablePointer<UInt64>

  /// Throws unless 0 ≤ μ ≤ `maximumMean`.
  public init(mean: Double) throws(NumericsError) {
    guard mean.isFinite, mean >= 0, mean <= Self.maximumMean else {
      throw NumericsError(
        operation: "PoissonAliasTable(mean: \(mean))", reason: "needs a mean in [0, \(Self.maximumMean)]")
    }
    self.mean = mean
    let total: UInt64 = 1 << 63
    var weights: [UInt64]
    if mean == 0 {
      lowest = 0
      weights = [total]
    } else {
      let range = PoissonProbability.tableRange(mean: mean)
      lowest = range.lowerBound
      weights = range.map { UInt64((PoissonProbability.mass($0, mean: mean) * 0x1p63).rounded()) }
      // Σ round(p 2⁶³) stays within count/2 units of 2⁶³ (no overflow of UInt64); the mode absorbs it.
      let sum = weights.reduce(0, &+)
      let mode = weights.indices.max { weights[$0] < weights[$1] }!
      weights[mode] = weights[mode] &+ (total &- sum)
    }
    self.weights = weights
    var bits: UInt64 = 1
    while (1 << bits) < weights.count { bits += 1 }
    let binCount = 1 << Int(bits)
    let capacity = total >> bits
    entries = .allocate(capacity: binCount)
    var remaining = weights + [UInt64](repeating: 0, count: binCount - weights.count)
    var small = remaining.indices.filter { remaining[$0] < capacity }
    var large = remaining.indices.filter { remaining[$0] > capacity }
    for j in remaining.indices where remaining[j] == capacity { entries[j] = UInt64(j) }
    // Σ remaining = N C throughout, so while a bin is under capacity another is over it.
    while let j = small.popLast() {
      let k = large.last!
      entries[j] = remaining[j] << bits | UInt64(k)
      remaining[k] -= capacity - remaining[j]
      if remaining[k] < capacity {
        large.removeLast()
        small.append(k)
      } else if remaining[k] == capacity {
        large.removeLast()
        entries[k] = UInt64(k)
      }
    }
    precondition(large.isEmpty, "alias construction left a bin over capacity")
    view = AliasTableView(entries: UnsafePointer(entries), indexBits: bits, lowestValue: Double(lowest))
  }

  deinit { entries.deallocate() }

  /// P(X = L + k) as the table draws it, wₖ 2⁻⁶³, from its entries (not from `weights`): for tests.
  public func tabulatedProbability(ofValue value: Int) -> Double {
    let bits = view.indexBits
    let capacity = UInt64(1) << (63 - bits)
    var units: UInt64 = 0
    for j in 0..<(1 << Int(bits)) {
      let entry = view.entries[j]
      let kept = entry >> bits
      let alias = Int(entry & ((1 << bits) - 1))
      if lowest + j == value { units += kept }
      if lowest + alias == value { units += capacity - kept }
    }
    return Double(units) * 0x1p-63
  }

  /// One Poisson(μ) variate from one word of `generator`.
  @inlinable @inline(__always) public func draw(using generator: inout Xoshiro256StarStar) -> Double {
    view.draw(word: generator.next())
  }
}

/// An alias table's storage as a raw pointer: a trivial value, so hot loops read it without
/// reference counting. Valid only while the `PoissonAliasTable` that made it lives.
@usableFromInline struct AliasTableView {
  @usableFromInline let entries: UnsafePointer<UInt64>
  /// b: the bin index is the low b bits of a word.
  @usableFromInline let indexBits: UInt64
  @usableFromInline let indexMask: UInt64
  @usableFromInline let lowestValue: Double
  @usableFromInline let lowest: Int

  @usableFromInline init(entries: UnsafePointer<UInt64>, indexBits: UInt64, lowestValue: Double) {
    self.entries = entries
    self.indexBits = indexBits
    indexMask = (1 << indexBits) - 1
    self.lowestValue = lowestValue
    lowest = Int(lowestValue)
  }

  /// The value of word w: bin j = w mod 2ᵇ, kept if ⌊w / 2ᵇ⁺¹⌋ < tⱼ, else the bin's alias.
  @inlinable @inline(__always) func draw(word: UInt64) -> Double {
    let j = word & indexMask
    let entry = entries[Int(truncatingIfNeeded: j)]
    let u = word &>> (indexBits &+ 1)
    let value = u < entry &>> indexBits ? j : entry & indexMask
    return lowestValue + Double(Int(truncatingIfNeeded: value))
  }

  /// The value of word w as an integer (`draw(word:)` without the conversion).
  @inlinable @inline(__always) func drawCount(word: UInt64) -> Int {
    let j = word & indexMask
    let entry = entries[Int(truncatingIfNeeded: j)]
    let u = word &>> (indexBits &+ 1)
    let value = u < entry &>> indexBits ? j : entry & indexMask
    return lowest &+ Int(truncatingIfNeeded: value)
  }
}
