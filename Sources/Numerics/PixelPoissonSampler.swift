import Foundation

/// Exact Poisson(B + s) variates for a fixed base mean B (a band's sky, the same in every pixel)
/// plus a mean s that changes from call to call (the pixel's own source counts), at a few
/// nanoseconds per draw — the per-pixel photon noise of `NoiseModel`.
///
/// Method: independent Poisson variables add, Poisson(a) + Poisson(b) ~ Poisson(a + b), so the
/// draw is a sum of independent exact parts whose means add up to B + s exactly. With
/// ⌊s⌋ = d₀ + 16 d₁ + 256 d₂ (base-16 digits) and f = s − ⌊s⌋ (exact in floating point):
/// - B + d₀: one inversion of this sampler's own guide table for that mean (16 tables,
///   B + 0 … B + 15, `PoissonGuideTable`; for B = 0 and d₀ = 0 nothing is drawn);
/// - 16 d₁ and 256 d₂: one draw each (when non-zero) from shared guide tables for the means
///   16 d and 256 d (30 tables, built once per process);
/// - f: inversion of one uniform, bracketed between tabulated cumulative probabilities of
///   neighbouring means (`PoissonFractionTable`: no exponential on ≈ 99 % of draws);
/// - s ≥ 4096 (rare: the cores of bright stars): `exactPoisson(mean: s)` (Hörmann's PTRS)
///   after the B table draw, instead of digits and fraction;
/// - B above `PoissonGuideTable.maximumMean`: `exactPoisson(mean: B + s)` alone.
/// Each part is an exact inversion of a 53-bit uniform (see `PoissonGuideTable`) or PTRS, so
/// the sum is Poisson(B + s) to the uniforms' resolution — no normal approximation.
///
/// Cost: most pixels of a cluster image (s < 16 e⁻) take one table draw and one fraction
/// draw. Draw order per call: the B + d₀ table, d₁, d₂, the fraction (or PTRS).
///
/// Thread safety: immutable; share one sampler between threads, each with its own generator.
public final class PixelPoissonSampler: @unchecked Sendable {
  /// B, the base mean (e⁻).
  public let baseMean: Double
  private let baseTables: [PoissonGuideTable]
  private let digits: PoissonDigitTables
  /// Views of the tables for B + d, d = 0 … 15 (entry 0 unused when B = 0).
  @usableFromInline let baseViews: UnsafeMutablePointer<GuideTableView>
  @usableFromInline let digitViews: UnsafePointer<GuideTableView>
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
    baseViews = .allocate(capacity: 16)
    var tables: [PoissonGuideTable] = []
    if baseMean + 15 <= PoissonGuideTable.maximumMean {
      for digit in 0..<16 where baseMean + Double(digit) > 0 {
        let table = try PoissonGuideTable(mean: baseMean + Double(digit))
        baseViews[digit] = table.view
        tables.append(table)
      }
      untabulatedBaseMean = 0
    } else {
      untabulatedBaseMean = baseMean
    }
    baseTables = tables
    hasBase = baseMean > 0
  }

  deinit { baseViews.deallocate() }

  /// One Poisson(B + s) variate; s < 0 and NaN count as 0. Consumes only `uniform()` and
  /// `uniformPositive()` draws of `source` (no normals).
  @inlinable @inline(__always) public func draw<Source: UniformRandomSource>(
    sourceMean s: Double, using source: inout Source
  ) -> Double {
    if untabulatedBaseMean > 0 { return source.exactPoisson(mean: untabulatedBaseMean + max(0, s)) }
    guard s > 0 else { return hasBase ? baseViews[0].draw(uniform: source.uniform()) : 0 }
    guard s < 4096 else {
      let base = hasBase ? baseViews[0].draw(uniform: source.uniform()) : 0
      return base + source.exactPoisson(mean: s)
    }
    let whole = Int(s)
    let low = whole & 15
    var count = hasBase || low != 0 ? baseViews[low].draw(uniform: source.uniform()) : 0
    if whole >= 16 {
      let middle = (whole >> 4) & 15
      if middle != 0 { count += digitViews[middle - 1].draw(uniform: source.uniform()) }
      let high = whole >> 8
      if high != 0 { count += digitViews[14 + high].draw(uniform: source.uniform()) }
    }
    let fraction = s - Double(whole)
    if fraction > 0 { count += fractions.draw(mean: fraction, using: &source) }
    return count
  }
}

/// The 30 shared guide tables of `PixelPoissonSampler`'s higher source digits: Poisson(d · 16ᵉ)
/// for d = 1 … 15 and e = 1, 2, built once per process; view index 15 (e − 1) + d − 1.
@usableFromInline final class PoissonDigitTables: @unchecked Sendable {
  static let shared = PoissonDigitTables()

  let tables: [PoissonGuideTable]
  let views: UnsafeMutablePointer<GuideTableView>

  init() {
    var tables: [PoissonGuideTable] = []
    for scale in [16.0, 256] {
      for digit in 1...15 {
        // The means are small positive whole numbers: the initialiser cannot throw.
        tables.append(try! PoissonGuideTable(mean: Double(digit) * scale))
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

  /// Poisson(f) for 0 ≤ f < 1 from one uniform of `source`.
  @inlinable @inline(__always) func draw<Source: UniformRandomSource>(mean f: Double, using source: inout Source)
    -> Double
  {
    let u = source.uniform()
    let m = UInt64(u * 0x1p53)
    let lower = thresholds + Int(f * Double(Self.steps)) &* Self.kCount
    let upper = lower + Self.kCount
    var low = 0
    for k in 0..<Self.kCount { low &+= Int(truncatingIfNeeded: (lower[k] &- m &- 1) >> 63) }
    // X ≥ low; X = low if U < F_low(b) ≤ F_low(f) (the upper count would equal low).
    if low < Self.kCount && m < upper[low] { return Double(low) }
    return Self.search(uniform: u, mean: f)
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
