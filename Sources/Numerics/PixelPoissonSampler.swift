import Foundation

/// Exact Poisson(B + s) variates for a fixed base mean B (a band's sky, the same in every pixel)
/// plus a mean s that changes from call to call (the pixel's own source counts), at a few
/// nanoseconds per draw — the per-pixel photon noise of `NoiseModel`.
///
/// Method: independent Poisson variables add, Poisson(a) + Poisson(b) ~ Poisson(a + b), so the
/// draw is a sum of independent exact parts whose means add up to B + s exactly. With
/// ⌊s⌋ = d₀ + 16 d₁ + 256 d₂ + 4096 d₃ (base-16 digits) and f = s − ⌊s⌋ (exact in floating point):
/// - B + d₀: one draw of the alias table of mean B + d₀ (16 tables built with the sampler,
///   "merged" mode) — or, when B's table has more than `mergedBinLimit` bins (B ≳ 4,000 e⁻), one
///   draw of B's table (none when B = 0) and one of the shared table of d₀ (none for s < 1);
/// - 16 d₁, 256 d₂: one draw each from shared alias tables for the means 16 d and 256 d (built
///   once per process; a zero digit draws from the table of mean 0, which returns 0, so the work
///   does not depend on which digits are non-zero);
/// - 4096 d₃ (4096 ≤ s < 65,536, the cores of bright stars): d₃ draws of the shared table of
///   mean 4096;
/// - f: inversion of a uniform, bracketed between tabulated cumulative probabilities of
///   neighbouring means (`PoissonFractionTable`: no exponential on ≈ 99 % of draws);
/// - s ≥ 65,536 (rare): `exactPoisson(mean: s)` (Hörmann's PTRS) instead of digits and fraction
///   (d₀ counts as 0);
/// - B above `PoissonAliasTable.maximumMean`: `exactPoisson(mean: B + s)` alone.
/// Each table part returns k with probability exactly its integer weight / 2⁶³ (≈ 10⁻¹⁴ from the
/// pmf, see `PoissonAliasTable`), the fraction is an exact inversion of a 53-bit uniform and PTRS
/// an exact rejection, so the sum is Poisson(B + s) to that resolution — no normal approximation.
///
/// Words of the stream (`Xoshiro256StarStar.next()`): every table part and the fraction take a
/// 32-bit **half** of a word (`PackedAliasTables`, `PoissonFractionTable.draw(highThresholds:…)`),
/// low half first, a new word when both halves of the last are used; an unused high half is
/// dropped at the end of the call. The parts, in this order, with s ≤ 0 and NaN counting as 0:
/// merged mode, B + d₀; otherwise B (if B > 0) then d₀ (if s ≥ 1). Then, for 0 < s < 65,536: d₁
/// if s ≥ 16, d₂ if s ≥ 256, f, then d₃ for the 4096-digit; for s ≥ 65,536 PTRS draws its own
/// words after the halves. So ⌈parts / 2⌉ words — e.g. 1 for s < 16 with a merged sky, 2 for
/// 16 ≤ s < 4096 — plus a fresh word at once for the rare part a half leaves undecided (a table
/// tie, probability ≤ 2⁻¹⁶; the fraction's ≈ 1–2 % outside its brackets). Only the class of s is
/// a branch, and neighbouring pixels of an image share it (the source light is smooth), so it is
/// predicted well; which digits are non-zero, and every table outcome, is branch-free.
/// `drawPixels` draws a whole band with exactly these words, pixel by pixel.
///
/// Thread safety: immutable; share one sampler between threads, each with its own generator.
public final class PixelPoissonSampler: @unchecked Sendable {
  /// B, the base mean (e⁻).
  public let baseMean: Double
  /// The base table is merged with d₀ (16 tables of B + d) when it has at most this many bins:
  /// 16 × 16 KiB at most (the common bin count of B … B + 15), so a band's tables stay in L2.
  public static let mergedBinLimit = 1024
  /// The band's own tables: B + d (d = 0 … 15) when merged, else B alone (none when B = 0 or
  /// B is too large for a table).
  private let baseTables: PackedAliasTables?
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
    var baseTables: PackedAliasTables? = nil
    var isMerged = false
    if baseMean > 0 && baseMean <= PoissonAliasTable.maximumMean {
      let range = PoissonProbability.tableRange(mean: baseMean)
      var bits = 1
      while (1 << bits) < range.count { bits += 1 }
      if (1 << bits) <= Self.mergedBinLimit {
        baseTables = try PackedAliasTables(means: (0...15).map { baseMean + Double($0) })
        isMerged = true
      } else {
        baseTables = try PackedAliasTables(means: [baseMean])
      }
    }
    self.baseTables = baseTables
    kernel = PixelPoissonKernel(
      base: baseTables?.family ?? digits.units.family, isMerged: isMerged, hasBase: baseTables != nil,
      units: digits.units.family, sixteens: digits.sixteens.family, twoFiftySixes: digits.twoFiftySixes.family,
      fourThousand: digits.fourThousand.family, fractions: PoissonFractionTable.shared,
      untabulatedBaseMean: baseMean > PoissonAliasTable.maximumMean ? baseMean : 0)
  }

  /// Whether B and d₀ come from one table (B's table has at most `mergedBinLimit` bins).
  public var mergesBaseWithUnitDigit: Bool { kernel.isMerged }

  /// One Poisson(B + s) variate; s < 0 and NaN count as 0 (see the type for the words it takes).
  @inlinable @inline(__always) public func draw(sourceMean s: Double, using generator: inout Xoshiro256StarStar)
    -> Double
  {
    kernel.draw(sourceMean: s, using: &generator)
  }
}

/// Halves of the stream's words, low half first: a word is drawn when both halves of the last one
/// are used. Lives for one pixel's draw (an unused high half is dropped).
@usableFromInline struct HalfWordQueue {
  @usableFromInline var word: UInt64 = 0
  @usableFromInline var hasHigh = false

  @inlinable init() {}

  @inlinable @inline(__always) mutating func next(using generator: inout Xoshiro256StarStar) -> UInt32 {
    if hasHigh {
      hasHigh = false
      return UInt32(truncatingIfNeeded: word &>> 32)
    }
    word = generator.next()
    hasHigh = true
    return UInt32(truncatingIfNeeded: word)
  }
}

/// The tables of a `PixelPoissonSampler` as raw pointers and flags: a trivial value, so the
/// per-pixel loop keeps them in registers and never touches a reference count. Valid while the
/// sampler (and the shared tables) live.
@usableFromInline struct PixelPoissonKernel {
  /// The tables of B + d (d = 0 … 15) when merged, else B's table (table 0) when B > 0.
  @usableFromInline let base: PackedAliasFamily
  @usableFromInline let isMerged: Bool
  @usableFromInline let hasBase: Bool
  /// Poisson(d), Poisson(16 d), Poisson(256 d) at table d; Poisson(4096).
  @usableFromInline let units: PackedAliasFamily
  @usableFromInline let sixteens: PackedAliasFamily
  @usableFromInline let twoFiftySixes: PackedAliasFamily
  @usableFromInline let fourThousand: PackedAliasFamily
  @usableFromInline let fractions: PoissonFractionTable
  /// B when it is too large for a table (then every draw is PTRS on B + s), else 0.
  @usableFromInline let untabulatedBaseMean: Double

  @usableFromInline init(
    base: PackedAliasFamily, isMerged: Bool, hasBase: Bool, units: PackedAliasFamily, sixteens: PackedAliasFamily,
    twoFiftySixes: PackedAliasFamily, fourThousand: PackedAliasFamily, fractions: PoissonFractionTable,
    untabulatedBaseMean: Double
  ) {
    self.base = base
    self.isMerged = isMerged
    self.hasBase = hasBase
    self.units = units
    self.sixteens = sixteens
    self.twoFiftySixes = twoFiftySixes
    self.fourThousand = fourThousand
    self.fractions = fractions
    self.untabulatedBaseMean = untabulatedBaseMean
  }

  /// Poisson(B + s) with the words listed on `PixelPoissonSampler` (the rare parts out of line,
  /// taking the generator by value).
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
    var halves = HalfWordQueue()
    var count = 0
    if isMerged {
      count = base.draw(table: whole & 15, half: halves.next(using: &g), using: &g)
    } else {
      if hasBase { count = base.draw(table: 0, half: halves.next(using: &g), using: &g) }
      if whole > 0 { count &+= units.draw(table: whole & 15, half: halves.next(using: &g), using: &g) }
    }
    guard inRange else {
      guard s > 0 else { return Double(count) }
      let (value, next) = Self.outOfLinePoisson(mean: s, state: g)
      g = next
      return Double(count) + value
    }
    if whole >= 16 {
      count &+= sixteens.draw(table: (whole >> 4) & 15, half: halves.next(using: &g), using: &g)
      if whole >= 256 {
        count &+= twoFiftySixes.draw(table: (whole >> 8) & 15, half: halves.next(using: &g), using: &g)
      }
    }
    let fractionHalf = halves.next(using: &g)
    var k = PoissonFractionTable.draw(
      highThresholds: fractions.highThresholds, cell: scaled & 127, half: fractionHalf)
    var fractionValue = 0.0
    if _slowPath(k < 0) {
      let (value, next) = Self.outOfLineFraction(
        fractions: fractions, cell: scaled & 127, half: fractionHalf, mean: s - Double(whole), state: g)
      g = next
      fractionValue = value
      k = 0
    }
    if whole >= 4096 {
      for _ in 0..<(whole >> 12) { count &+= fourThousand.draw(table: 0, half: halves.next(using: &g), using: &g) }
    }
    return Double(count &+ k) + fractionValue
  }

  /// `exactPoisson(mean:)` out of line (keeps the inlined per-pixel code small).
  @inline(never) @usableFromInline static func outOfLinePoisson(mean: Double, state: Xoshiro256StarStar) -> (
    Double, Xoshiro256StarStar
  ) {
    var generator = state
    let value = generator.exactPoisson(mean: mean)
    return (value, generator)
  }

  /// The fraction when its half leaves it undecided: the uniform's low 21 bits from a fresh
  /// word (its top 21), m = h 2²¹ + those, then the 53-bit brackets or the sequential search.
  @inline(never) @usableFromInline static func outOfLineFraction(
    fractions: PoissonFractionTable, cell: Int, half: UInt32, mean f: Double, state: Xoshiro256StarStar
  ) -> (Double, Xoshiro256StarStar) {
    var generator = state
    let m = UInt64(half) << 21 | generator.next() >> 43
    let k = PoissonFractionTable.draw(thresholds: fractions.thresholds, cell: cell, scaledUniform: m)
    return (k >= 0 ? Double(k) : PoissonFractionTable.search(uniform: Double(m) * 0x1p-53, mean: f), generator)
  }
}

/// The shared alias tables of `PixelPoissonSampler`'s source digits, built once per process in
/// `PackedAliasTables` families: Poisson(d · 16ᵉ) for d = 0 … 15 (table d; d = 0 the table of
/// mean 0) and e = 0, 1, 2, and Poisson(4096) for the digit e = 3. About 400 KiB, most of it the
/// e = 2 and 3 tables that only bright pixels (s ≥ 256) touch.
@usableFromInline final class PoissonDigitTables: @unchecked Sendable {
  static let shared = PoissonDigitTables()

  let units: PackedAliasTables
  let sixteens: PackedAliasTables
  let twoFiftySixes: PackedAliasTables
  let fourThousand: PackedAliasTables

  init() {
    func family(_ scale: Double) -> PackedAliasTables {
      // Small whole means (≤ 3840: ≤ 2¹¹ bins, values < 5,000): the initialiser cannot throw.
      try! PackedAliasTables(means: (0...15).map { Double($0) * scale })
    }
    units = family(1)
    sixteens = family(16)
    twoFiftySixes = family(256)
    fourThousand = try! PackedAliasTables(means: [4096])
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
  /// The same thresholds' top 32 bits, ⌊T / 2²¹⌋ (≤ 2³²), for draws from a 32-bit half.
  @usableFromInline let highThresholds: UnsafePointer<UInt64>

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
    let highRaw = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64)
    let high = highRaw.bindMemory(to: UInt64.self, capacity: count)
    for index in 0..<count { high[index] = values[index] >> 21 }
    highThresholds = UnsafePointer(high)
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
  @inlinable @inline(__always) static func draw(thresholds: UnsafePointer<UInt64>, cell: Int, scaledUniform m: UInt64)
    -> Int
  {
    let lower = thresholds + cell &* kCount
    var low = 0
    for k in 0..<kCount { low &+= Int(truncatingIfNeeded: (lower[k] &- m &- 1) >> 63) }
    // X ≥ low; X = low if U < F_low(b) ≤ F_low(f) (the upper count would equal low).
    return low < kCount && m < lower[kCount &+ low] ? low : -1
  }

  /// The bracketed count from the top 32 bits h of the 53-bit uniform m = h 2²¹ + m′ alone, or −1
  /// when they do not decide it. With Hₖ = ⌊Tₖ / 2²¹⌋: h > Hₖ ⟹ m ≥ Tₖ and h < Hₖ ⟹ m < Tₖ
  /// whatever m′, so when no Hₖ equals h the counts [m ≥ Tₖ] are the counts [h > Hₖ], and h < H′
  /// (the next row's threshold at the count) ⟹ m < T′. Every other case (a tie: probability
  /// ≈ 5 · 2⁻³²; the brackets' own −1 cases) returns −1, and the caller completes m with fresh
  /// bits and runs `draw(thresholds:cell:scaledUniform:)` — so the result is always that
  /// function of a uniform 53-bit m, exactly.
  @inlinable @inline(__always) static func draw(highThresholds: UnsafePointer<UInt64>, cell: Int, half h: UInt32)
    -> Int
  {
    let lower = highThresholds + cell &* kCount
    let m = UInt64(h)
    var above = 0
    var atOrAbove = 0
    for k in 0..<kCount {
      above &+= Int(truncatingIfNeeded: (lower[k] &- m) >> 63)
      atOrAbove &+= Int(truncatingIfNeeded: (lower[k] &- m &- 1) >> 63)
    }
    return above == atOrAbove && above < kCount && m < lower[kCount &+ above] ? above : -1
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
