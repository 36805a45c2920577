import Foundation

/// Exact Poisson(B + s) variates for a fixed base mean B (a band's sky, the same in every pixel)
/// plus a mean s that changes from call to call (the pixel's own source counts), at a few
/// nanoseconds per draw — the per-pixel photon noise of `NoiseModel`.
///
/// Method: independent Poisson variables add, Poisson(a) + Poisson(b) ~ Poisson(a + b), so the
/// draw is a sum of independent exact parts whose means add up to B + s exactly:
/// - B: one inversion of a guide table built for B (`PoissonGuideTable`);
/// - s < 4096: its base-16 digits, ⌊s⌋ = Σₑ dₑ 16ᵉ (e = 0, 1, 2), each non-zero digit one draw
///   from a shared guide table for the mean dₑ 16ᵉ (45 tables, ~240 kB, built once per
///   process), and the fraction f = s − ⌊s⌋ (exact in floating point) by sequential inversion:
///   U < 1 − f already implies U < e^{−f} = P(0), so the exponential is only computed on a
///   fraction f of those draws;
/// - s ≥ 4096 (rare: the cores of bright stars): `exactPoisson(mean: s)` (Hörmann's PTRS);
/// - B above `PoissonGuideTable.maximumMean`: `exactPoisson(mean: B + s)` alone.
/// Each part is exact inversion of a 53-bit uniform (see `PoissonGuideTable`) or PTRS, so the
/// sum is exactly Poisson(B + s) to the uniforms' resolution — no normal approximation.
///
/// Cost: one uniform for the sky, one per non-zero digit, one for the fraction (none when s is
/// a whole number or 0). Draw order per call: sky, digits from the lowest, fraction; PTRS last.
///
/// Thread safety: immutable; share one sampler between threads, each with its own generator.
public final class PixelPoissonSampler: @unchecked Sendable {
  /// B, the base mean (e⁻).
  public let baseMean: Double
  /// Source means from this value on are drawn by PTRS instead of digit tables.
  public static let digitLimit = 4096.0

  private let baseTable: PoissonGuideTable?
  private let digits: PoissonDigitTables
  @usableFromInline let baseView: GuideTableView?
  @usableFromInline let digitViews: UnsafePointer<GuideTableView>
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
    if baseMean > 0 && baseMean <= PoissonGuideTable.maximumMean {
      let table = try PoissonGuideTable(mean: baseMean)
      baseTable = table
      baseView = table.view
      untabulatedBaseMean = 0
    } else {
      baseTable = nil
      baseView = nil
      untabulatedBaseMean = baseMean
    }
  }

  /// One Poisson(B + s) variate; s < 0 counts as 0. Consumes only uniforms of `source`.
  @inlinable @inline(__always) public func draw<Source: UniformRandomSource>(
    sourceMean s: Double, using source: inout Source
  ) -> Double {
    if untabulatedBaseMean > 0 { return source.exactPoisson(mean: untabulatedBaseMean + max(0, s)) }
    var count = 0.0
    if let baseView { count = baseView.draw(uniform: source.uniform()) }
    guard s > 0 else { return count }
    guard s < Self.digitLimit else { return count + source.exactPoisson(mean: s) }
    var whole = Int(s)
    let fraction = s - Double(whole)
    var position = 0
    while whole != 0 {
      let digit = whole & 15
      if digit != 0 { count += digitViews[position + digit - 1].draw(uniform: source.uniform()) }
      whole >>= 4
      position += 15
    }
    if fraction > 0 { count += source.poissonBelowOne(mean: fraction) }
    return count
  }
}

/// The 45 guide tables of `PixelPoissonSampler`'s source digits: Poisson(d · 16ᵉ) for
/// d = 1 … 15 and e = 0, 1, 2, built once per process; view index 15 e + d − 1.
@usableFromInline final class PoissonDigitTables: @unchecked Sendable {
  static let shared = PoissonDigitTables()

  let tables: [PoissonGuideTable]
  let views: UnsafeMutablePointer<GuideTableView>

  init() {
    var tables: [PoissonGuideTable] = []
    for scale in [1.0, 16, 256] {
      for digit in 1...15 {
        // The means are small positive whole numbers: the initialiser cannot throw.
        tables.append(try! PoissonGuideTable(mean: Double(digit) * scale))
      }
    }
    self.tables = tables
    views = .allocate(capacity: tables.count)
    for (index, table) in tables.enumerated() { views[index] = table.view }
  }

  /// The bytes of all tables (cumulative sums and guides), for documentation and benchmarks.
  var byteCount: Int {
    tables.reduce(0) { total, table in
      var guideCount = 1
      while guideCount < table.count { guideCount *= 2 }
      return total + 8 * table.count + 4 * guideCount
    }
  }
}

extension UniformRandomSource {
  /// Poisson(f) for 0 ≤ f < 1 by sequential inversion of one uniform, skipping e^{−f} when
  /// U < 1 − f (≤ e^{−f}, so the answer is 0 without it).
  @inlinable @inline(__always) mutating func poissonBelowOne(mean f: Double) -> Double {
    let u = uniform()
    if u < 1 - f { return 0 }
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
