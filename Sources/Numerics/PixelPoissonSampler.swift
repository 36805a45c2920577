import Foundation

/// Exact Poisson(B + s) variates for a fixed base mean B (a band's sky, the same in every pixel)
/// plus a mean s that changes from call to call (the pixel's own source counts), at a few
/// nanoseconds per draw — the per-pixel photon noise of `NoiseModel`.
///
/// Method: independent Poisson variables add, Poisson(a) + Poisson(b) ~ Poisson(a + b), so the
/// draw is a sum of independent exact parts whose means add up to B + s exactly. With
/// ⌊s⌋ = d₀ + 16 d₁ + 256 d₂ + 4096 d₃ (base-16 digits) and f = s − ⌊s⌋ (exact in floating point):
/// - B + d₀: one draw of the alias table of mean B + d₀ (16 tables of B + d drawn as one
///   `PoissonAliasGroup`, "merged" mode; B = 0 uses the shared group of d) — or, when B's
///   table has more than `mergedBinLimit` bins (B ≳ 4,000 e⁻), one draw of B's table and one of
///   the shared group of d₀;
/// - f: inversion of one uniform, bracketed between tabulated cumulative probabilities of
///   neighbouring means (`PoissonFractionTable`: no exponential on ≈ 99 % of draws);
/// - 16 d₁, 256 d₂: one draw each from shared alias tables for the means 16 d and 256 d (built
///   once per process; a zero digit draws from the table of mean 0, which returns 0, so the work
///   does not depend on which digits are non-zero);
/// - 4096 d₃ (4096 ≤ s < 65,536, the cores of bright stars): d₃ draws of the shared table of
///   mean 4096;
/// - s ≥ 65,536 (rare): `exactPoisson(mean: s)` (Hörmann's PTRS) instead of digits and fraction
///   (d₀ counts as 0);
/// - B above `PoissonAliasTable.maximumMean`: `exactPoisson(mean: B + s)` alone.
/// Each table part returns k with probability exactly its integer weight / 2⁶³ (≈ 10⁻¹⁴ from the
/// pmf, see `PoissonAliasTable`), the fraction is an exact inversion of a 53-bit uniform and PTRS
/// an exact rejection, so the sum is Poisson(B + s) to that resolution — no normal approximation.
///
/// Words per call (session 7 order), with s ≤ 0 and NaN counting as 0: in merged mode one for
/// B + d₀ (always, also for B = 0 and s < 1); otherwise one for B then one for d₀. Then, for
/// 0 < s < 65,536: one for f, one for d₁ if s ≥ 16, one for d₂ if s ≥ 256, then d₃ for the
/// 4096-digit; for s ≥ 65,536 those of PTRS. Only the class of s is a branch, and neighbouring
/// pixels of an image share it (the source light is smooth), so it is predicted well; which
/// digits are non-zero, and every table outcome, is branch-free. `draw(sourceMean:using:)` takes
/// these words from a `Xoshiro256StarStar`; `drawPixels` takes the same parts for a whole band
/// from a `PixelNoiseStream`'s buffered words (see there).
///
/// Thread safety: immutable; share one sampler between threads, each with its own generator.
public final class PixelPoissonSampler: @unchecked Sendable {
  /// B, the base mean (e⁻).
  public let baseMean: Double
  /// The base table is merged with d₀ (16 tables of B + d) when it has at most this many bins:
  /// 16 × 16 KiB at most, so a band's tables stay in the L2 cache.
  public static let mergedBinLimit = 1024
  private let baseTables: [PoissonAliasTable]
  private let unitGroup: PoissonAliasGroup
  private let digits: PoissonDigitTables
  /// The table pointers of every part, gathered into one trivial value for the hot loops.
  @usableFromInline let kernel: PixelPoissonKernel

  /// Throws unless B is finite and ≥ 0.
  public init(baseMean: Double) throws(NumericsError) {
    guard baseMean.isFinite, baseMean >= 0 else {
      throw NumericsError(operation: "PixelPoissonSampler(baseMean: \(baseMean))", reason: "needs a finite mean ≥ 0")
    }
    self.baseMean = baseMean
    digits = PoissonDigitTables.shared
    let digitViews = UnsafePointer(digits.views)
    var baseTables: [PoissonAliasTable] = []
    var unitGroup = PoissonAliasGroup.digits
    var merged = baseMean == 0
    var baseView = digitViews[0]
    if baseMean > 0 && baseMean <= PoissonAliasTable.maximumMean {
      let table = try PoissonAliasTable(mean: baseMean)
      if (1 << Int(table.view.indexBits)) <= Self.mergedBinLimit {
        // The tables of B + d (d ≤ 15) have at most twice B's bins: ≤ 16 × 16 KiB per band.
        unitGroup = try PoissonAliasGroup(baseMean: baseMean)
        merged = true
      } else {
        baseView = table.view
        baseTables = [table]
      }
    }
    self.baseTables = baseTables
    self.unitGroup = unitGroup
    kernel = PixelPoissonKernel(
      unit: unitGroup.view, isMerged: merged, baseView: baseView, digitViews: digitViews,
      fourThousandView: digits.fourThousand.view, fractions: PoissonFractionTable.shared.thresholds,
      untabulatedBaseMean: baseMean > PoissonAliasTable.maximumMean ? baseMean : 0)
  }

  /// Whether B and d₀ come from one table (B = 0, or B's table has at most `mergedBinLimit` bins).
  public var mergesBaseWithUnitDigit: Bool { kernel.isMerged && kernel.untabulatedBaseMean == 0 }

  /// One Poisson(B + s) variate; s < 0 and NaN count as 0 (see the type for the words it takes).
  @inlinable @inline(__always) public func draw(sourceMean s: Double, using generator: inout Xoshiro256StarStar)
    -> Double
  {
    kernel.draw(sourceMean: s, using: &generator)
  }
}

/// The tables of a `PixelPoissonSampler` as raw pointers and flags: a trivial value, so the
/// per-pixel loop keeps them in registers and never touches a reference count. Valid while the
/// sampler (and the shared tables) live.
@usableFromInline struct PixelPoissonKernel {
  /// The 16 tables of B + d (merged mode), else of d.
  @usableFromInline let unit: AliasGroupView
  /// B and d₀ share a table (B = 0 or a narrow sky).
  @usableFromInline let isMerged: Bool
  /// B's own table when not merged.
  @usableFromInline let baseView: AliasTableView
  /// d at index d, 16 d at 16 + d, 256 d at 32 + d.
  @usableFromInline let digitViews: UnsafePointer<AliasTableView>
  /// Poisson(4096).
  @usableFromInline let fourThousandView: AliasTableView
  @usableFromInline let fractions: UnsafePointer<UInt64>
  /// B when it is too large for a table (then every draw is PTRS on B + s), else 0.
  @usableFromInline let untabulatedBaseMean: Double

  @usableFromInline init(
    unit: AliasGroupView, isMerged: Bool, baseView: AliasTableView, digitViews: UnsafePointer<AliasTableView>,
    fourThousandView: AliasTableView, fractions: UnsafePointer<UInt64>, untabulatedBaseMean: Double
  ) {
    self.unit = unit
    self.isMerged = isMerged
    self.baseView = baseView
    self.digitViews = digitViews
    self.fourThousandView = fourThousandView
    self.fractions = fractions
    self.untabulatedBaseMean = untabulatedBaseMean
  }

  /// Poisson(B + s) with the words listed on `PixelPoissonSampler` (the rare PTRS part out of
  /// line, taking the generator by value).
  @inlinable @inline(__always) func draw(sourceMean s: Double, using g: inout Xoshiro256StarStar) -> Double {
    if untabulatedBaseMean > 0 {
      let (value, next) = Self.outOfLinePoisson(mean: untabulatedBaseMean + max(0, s), state: g)
      g = next
      return value
    }
    // ⌊s⌋ and the fraction's grid cell from one conversion: s · 128 is exact (a power of two).
    let inRange = s > 0 && s < 65_536
    let scaled = inRange ? Int(s * Double(PoissonFractionTable.steps)) : 0
    let whole = scaled >> 7
    var count = isMerged ? 0 : baseView.drawCount(word: g.next())
    count &+= unit.drawCount(word: g.next(), digit: whole & 15)
    guard inRange else {
      guard s > 0 else { return Double(count) }
      let (value, next) = Self.outOfLinePoisson(mean: s, state: g)
      g = next
      return Double(count) + value
    }
    let m = g.next() &>> 11
    let k = PoissonFractionTable.draw(thresholds: fractions, cell: scaled & 127, scaledUniform: m)
    if whole >= 16 {
      count &+= digitViews[16 + ((whole >> 4) & 15)].drawCount(word: g.next())
      if whole >= 256 {
        count &+= digitViews[32 + ((whole >> 8) & 15)].drawCount(word: g.next())
        if whole >= 4096 {
          for _ in 0..<(whole >> 12) { count &+= fourThousandView.drawCount(word: g.next()) }
        }
      }
    }
    if k >= 0 { return Double(count &+ k) }
    return Double(count) + PoissonFractionTable.search(uniform: Double(m) * 0x1p-53, mean: s - Double(whole))
  }

  /// `exactPoisson(mean:)` out of line (keeps the inlined per-pixel code small).
  @inline(never) @usableFromInline static func outOfLinePoisson(mean: Double, state: Xoshiro256StarStar) -> (
    Double, Xoshiro256StarStar
  ) {
    var generator = state
    let value = generator.exactPoisson(mean: mean)
    return (value, generator)
  }
}

/// The 49 shared alias tables of `PixelPoissonSampler`'s source digits: Poisson(d · 16ᵉ) for
/// d = 0 … 15 and e = 0, 1, 2, built once per process, view index 16 e + d (d = 0: the table of
/// mean 0), and Poisson(4096) for the digit e = 3. About 270 KiB, most of it the e = 2 and 3
/// tables that only bright pixels (s ≥ 256) touch.
@usableFromInline final class PoissonDigitTables: @unchecked Sendable {
  static let shared = PoissonDigitTables()

  let tables: [PoissonAliasTable]
  let views: UnsafeMutablePointer<AliasTableView>
  let fourThousand: PoissonAliasTable

  init() {
    var tables: [PoissonAliasTable] = []
    for scale in [1.0, 16, 256] {
      for digit in 0...15 {
        // The means are small whole numbers ≥ 0: the initialiser cannot throw.
        tables.append(try! PoissonAliasTable(mean: Double(digit) * scale))
      }
    }
    self.tables = tables
    fourThousand = try! PoissonAliasTable(mean: 4096)
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
  @inlinable static var kCount: Int { 4 }
  static let shared = PoissonFractionTable()

  /// ⌈Fₖ(i/steps) · 2⁵³⌉ at index i · kCount + k, for i = 0 … steps (rows of 32 bytes, aligned
  /// to 64 so that a row and the next share a cache line for even i).
  @usableFromInline let thresholds: UnsafePointer<UInt64>

  init() {
    let count = (Self.steps + 1) * Self.kCount
    let raw = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64)
    let values = raw.bindMemory(to: UInt64.self, capacity: count)
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
    let k = Self.draw(thresholds: thresholds, cell: Int(f * Double(Self.steps)), scaledUniform: m)
    return k >= 0 ? Double(k) : Self.search(uniform: Double(m) * 0x1p-53, mean: f)
  }

  /// The bracketed count for a mean in grid cell i = ⌊f · steps⌋ and U = m 2⁻⁵³, or −1 when the
  /// brackets differ or the count reaches `kCount` (then `search` decides: ≈ 1/steps of draws
  /// from the brackets, plus P(X ≥ 4) ≤ 1.9 % at f → 1).
  ///
  /// The lower count L = #{k < 4 : m ≥ Tₖ} of the row's non-decreasing thresholds by a two-step
  /// branch-free search: c = 2 [m ≥ T₁], then c + [m ≥ T_c]; that is L except when L = 4 (it
  /// gives 3), and then m ≥ T₃ ≥ T′₃ fails the final test anyway (T′ the next row, T′ₖ ≤ Tₖ), so
  /// the result is the same as counting all four, for every m.
  @inlinable @inline(__always) static func draw(thresholds: UnsafePointer<UInt64>, cell: Int, scaledUniform m: UInt64)
    -> Int
  {
    let lower = thresholds + cell &* kCount
    let half = m >= lower[1] ? 2 : 0
    let low = half &+ (m >= lower[half] ? 1 : 0)
    // X ≥ low; X = low if U < F_low(b) ≤ F_low(f) (the upper count would equal low).
    return m < lower[kCount &+ low] ? low : -1
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
