import Foundation

/// Exact Poisson(B + s) variates for a fixed base mean B (a band's sky, the same in every pixel)
/// plus a mean s that changes from call to call (the pixel's own source counts), at a few
/// nanoseconds per draw — the per-pixel photon noise of `NoiseModel`.
///
/// Method: independent Poisson variables add, Poisson(a) + Poisson(b) ~ Poisson(a + b), so the
/// draw is a sum of independent exact parts whose means add up to B + s exactly. With
/// ⌊s⌋ = d₀ + 16 d₁ + 256 d₂ (base-16 digits) and f = s − ⌊s⌋ (exact in floating point):
/// - B: one draw of this sampler's alias table (`PoissonAliasTable`; none when B = 0);
/// - d₀, 16 d₁, 256 d₂: one draw each from shared alias tables for the means d, 16 d and 256 d
///   (48 tables, built once per process; a zero digit draws from the table of mean 0, which
///   returns 0, so the work does not depend on which digits are non-zero);
/// - f: inversion of one uniform, bracketed between tabulated cumulative probabilities of
///   neighbouring means (`PoissonFractionTable`: no exponential on ≈ 99 % of draws);
/// - s ≥ 4096 (rare: the cores of bright stars): `exactPoisson(mean: s)` (Hörmann's PTRS)
///   instead of digits and fraction;
/// - B above `PoissonAliasTable.maximumMean`: `exactPoisson(mean: B + s)` alone.
/// Each table part returns k with probability exactly its integer weight / 2⁶³ (≈ 10⁻¹⁴ from the
/// pmf, see `PoissonAliasTable`), the fraction is an exact inversion of a 53-bit uniform and PTRS
/// an exact rejection, so the sum is Poisson(B + s) to that resolution — no normal approximation.
///
/// Words of the stream per call (`Xoshiro256StarStar.next()`), in this order: one for B (if
/// B > 0); then by the class of s: none for s ≤ 0 or NaN; for 0 < s < 1 one (f); for 1 ≤ s < 16
/// two (d₀, f); for 16 ≤ s < 256 three (d₀, d₁, f); for 256 ≤ s < 4096 four (d₀, d₁, d₂, f);
/// for s ≥ 4096 those of PTRS. Only the class is a branch, and neighbouring pixels of an image
/// share it (the source light is smooth), so it is predicted well; which digits are non-zero,
/// and every table outcome, is branch-free.
///
/// Thread safety: immutable; share one sampler between threads, each with its own generator.
public final class PixelPoissonSampler: @unchecked Sendable {
  /// B, the base mean (e⁻).
  public let baseMean: Double
  private let baseTable: PoissonAliasTable?
  private let digits: PoissonDigitTables
  /// The table of B (the table of mean 0 when B = 0 or untabulated; then never drawn).
  @usableFromInline let baseView: AliasTableView
  /// Views of the digit tables: d at index d, 16 d at 16 + d, 256 d at 32 + d (d = 0 … 15).
  @usableFromInline let digitViews: UnsafePointer<AliasTableView>
  @usableFromInline let fractions: PoissonFractionTable
  @usableFromInline let hasBase: Bool
  /// B when it is too large for a table (then every draw is PTRS on B + s), else 0.
  @usableFromInline let untabulatedBaseMean: Double

  /// Throws unless B is finite and ≥ 0.
  public init(baseMean: Double) throws(NumericsError) {
    guard baseMean.isFinite, baseMean >= 0 else {
      throw NumericsError(operation: "PixelPoissonSampler(baseMean: \(baseMean))", reason: "needs a finite mean ≥ 0")
    }
    self.baseMean = baseMean
    digits = PoissonDigitTables.shared
    digitViews = UnsafePointer(digits.views)
    fractions = PoissonFractionTable.shared
    if baseMean > 0 && baseMean <= PoissonAliasTable.maximumMean {
      let table = try PoissonAliasTable(mean: baseMean)
      baseTable = table
      baseView = table.view
      untabulatedBaseMean = 0
    } else {
      baseTable = nil
      baseView = digitViews[0]
      untabulatedBaseMean = baseMean > 0 ? baseMean : 0
    }
    hasBase = baseMean > 0
  }

  /// One Poisson(B + s) variate; s < 0 and NaN count as 0 (see the type for the words it takes).
  @inlinable @inline(__always) public func draw(sourceMean s: Double, using generator: inout Xoshiro256StarStar)
    -> Double
  {
    if untabulatedBaseMean > 0 { return generator.exactPoisson(mean: untabulatedBaseMean + max(0, s)) }
    let base = hasBase ? baseView.draw(word: generator.next()) : 0
    return base + drawSource(mean: s, using: &generator)
  }

  /// Poisson(s) alone, by digits and fraction (or PTRS for s ≥ 4096); 0 for s ≤ 0 and NaN.
  @inlinable @inline(__always) func drawSource(mean s: Double, using generator: inout Xoshiro256StarStar)
    -> Double
  {
    guard s > 0 else { return 0 }
    if s < 16 {
      let whole = Int(s)
      var count = 0.0
      if s >= 1 { count = digitViews[whole].draw(word: generator.next()) }
      return count + fractions.draw(mean: s - Double(whole), word: generator.next())
    }
    guard s < 4096 else { return generator.exactPoisson(mean: s) }
    let whole = Int(s)
    var count = digitViews[whole & 15].draw(word: generator.next())
    count += digitViews[16 + ((whole >> 4) & 15)].draw(word: generator.next())
    if whole >= 256 { count += digitViews[32 + (whole >> 8)].draw(word: generator.next()) }
    return count + fractions.draw(mean: s - Double(whole), word: generator.next())
  }
}

/// The 48 shared alias tables of `PixelPoissonSampler`'s source digits: Poisson(d · 16ᵉ) for
/// d = 0 … 15 and e = 0, 1, 2, built once per process; view index 16 e + d (d = 0: the table of
/// mean 0). About 260 KiB, most of it the e = 2 tables that only bright pixels (s ≥ 256) touch.
@usableFromInline final class PoissonDigitTables: @unchecked Sendable {
  static let shared = PoissonDigitTables()

  let tables: [PoissonAliasTable]
  let views: UnsafeMutablePointer<AliasTableView>

  init() {
    var tables: [PoissonAliasTable] = []
    for scale in [1.0, 16, 256] {
      for digit in 0...15 {
        // The means are small whole numbers ≥ 0: the initialiser cannot throw.
        tables.append(try! PoissonAliasTable(mean: Double(digit) * scale))
      }
    }
    self.tables = tables
    views = .allocate(capacity: tables.count)
    for (index, table) in tables.enumerated() { views[index] = table.view }
  }
}

/// Poisson(f) for 0 ≤ f < 1 without an exponential on almost every draw: the cumulative
/// probabilities Fₖ(μ) = P(X ≤ k | μ) of the first `kCount` values, tabulated at the grid
/// points μ = i/`steps`. Each Fₖ decreases with μ, so for f in [a, b) = [i, i + 1)/steps,
/// #{k : U ≥ Fₖ(a)} ≤ X ≤ #{k : U ≥ Fₖ(b)} where X = min{k : Fₖ(f) > U} is the exact inverse;
/// when the two counts agree (all but ≈ 1/steps of draws: the bounds differ by E X(b) − E X(a))
/// they are X. Otherwise the sequential search computes e^{−f} (`search`). The upper count equals
/// the lower one, L, exactly when U < F_L(b) (every Fₖ(b) ≤ Fₖ(a) for k < L, and Fₖ rises with
/// k), so one comparison stands in for it.
///
/// The counts are taken without branches on the outcome (they would mispredict about once per
/// draw): with U = m · 2⁻⁵³ (m = ⌊U · 2⁵³⌋, exact for the pixel-noise stream's uniforms),
/// U ≥ Fₖ ⟺ m ≥ ⌈Fₖ · 2⁵³⌉, and [m ≥ T] is the top bit of T − m − 1 in wrapping arithmetic.
@usableFromInline struct PoissonFractionTable: @unchecked Sendable {
  @inlinable static var steps: Int { 128 }
  @inlinable static var kCount: Int { 6 }
  static let shared = PoissonFractionTable()

  /// ⌈Fₖ(i/steps) · 2⁵³⌉ at index i · kCount + k, for i = 0 … steps.
  @usableFromInline let thresholds: UnsafePointer<UInt64>

  init() {
    let values = UnsafeMutablePointer<UInt64>.allocate(capacity: (Self.steps + 1) * Self.kCount)
    for i in 0...Self.steps {
      let mean = Double(i) / Double(Self.steps)
      var sum = 0.0
      for k in 0..<Self.kCount {
        sum += mean == 0 ? (k == 0 ? 1 : 0) : PoissonProbability.mass(k, mean: mean)
        values[i * Self.kCount + k] = UInt64((min(sum, 1) * 0x1p53).rounded(.up))
      }
    }
    thresholds = UnsafePointer(values)
  }

  /// Poisson(f) for 0 ≤ f < 1 from one 64-bit word (its top 53 bits: U = m 2⁻⁵³, m = ⌊w / 2¹¹⌋,
  /// the stream's `uniform()` of that word).
  @inlinable @inline(__always) func draw(mean f: Double, word: UInt64) -> Double {
    draw(mean: f, scaledUniform: word &>> 11)
  }

  /// Poisson(f) for the uniform U = m 2⁻⁵³.
  @inlinable @inline(__always) func draw(mean f: Double, scaledUniform m: UInt64) -> Double {
    let lower = thresholds + Int(f * Double(Self.steps)) &* Self.kCount
    let upper = lower + Self.kCount
    var low = 0
    for k in 0..<Self.kCount { low &+= Int(truncatingIfNeeded: (lower[k] &- m &- 1) >> 63) }
    // X ≥ low; X = low if U < F_low(b) ≤ F_low(f) (the upper count would equal low).
    if low < Self.kCount && m < upper[low] { return Double(low) }
    return Self.search(uniform: Double(m) * 0x1p-53, mean: f)
  }

  /// Poisson(f) from one `uniform()` of `source` (U = m 2⁻⁵³ exactly for the pixel-noise stream).
  @inlinable func draw<Source: UniformRandomSource>(mean f: Double, using source: inout Source) -> Double {
    draw(mean: f, scaledUniform: UInt64(source.uniform() * 0x1p53))
  }

  /// min{k : Fₖ(f) > u} by sequential search (e^{−f}, then the recursion pₖ = pₖ₋₁ f / k).
  @usableFromInline static func search(uniform u: Double, mean f: Double) -> Double {
    var probability = exp(-f)
    var cumulative = probability
    var k = 0.0
    while u >= cumulative && probability > 0 {
      k += 1
      probability *= f / k
      cumulative += probability
    }
    return k
  }
}
