import Foundation

/// Poisson(μ) variates for one fixed mean μ by inversion of the cumulative distribution with a
/// guide table (Chen & Asau 1974, "On generating random variates from an empirical
/// distribution", AIIE Trans. 6, 163; Devroye 1986, *Non-Uniform Random Variate Generation*,
/// §III.2.4): one uniform and on average under two comparisons per draw, at any μ.
///
/// Role: the sky part of the per-pixel photon noise (`NoiseModel`), whose mean is the same in
/// every pixel of a band; the pixel's own source counts are added as an independent Poisson
/// draw (the sum of independent Poisson variables is Poisson with the summed mean).
///
/// Construction: the pmf p(k; μ) by Loader's accurate form (`PoissonProbability`) on the
/// range [L, H] that leaves out less than 2⁻⁶⁴ of probability on each side (geometric bounds
/// on both tails), the cumulative sums Fⱼ = Σ_{L ≤ i ≤ L+j} p(i) by compensated (Neumaier)
/// summation, the last set to 1, and G = 2^⌈log₂(H − L + 1)⌉ guide entries
/// gₘ = min{ j : Fⱼ > m / G }.
///
/// Draw: with U = `uniform()` (for `Xoshiro256StarStar` exactly a 53-bit multiple of 2⁻⁵³),
/// start at j = g_{⌊U G⌋} (exact: G is a power of two) and step up while Fⱼ ≤ U; return L + j.
/// That is X = min{ k : F(k) > U }, the exact inversion of U: the probability of each k equals
/// p(k; μ) up to the uniform's resolution (2⁻⁵³) and the error of Fⱼ (≈ 10⁻¹⁴ relative, from
/// `PoissonProbability` and the summation); F₀ = p(L) and the last entry is 1, so the < 2⁻⁶⁴ of
/// mass below L and above H both go to H. Expected steps ≤ 1 + (H − L + 1)/G ≤ 2.
///
/// Size: H − L + 1 ≈ 19 √μ + 30 entries (9 % of a megabyte at μ = 10⁵); means above
/// `maximumMean` are refused (callers use `exactPoisson(mean:)` there).
///
/// Thread safety: immutable after `init`; one table is shared by every thread (each thread
/// passes its own uniform source).
public final class PoissonGuideTable: @unchecked Sendable {
  /// The largest mean a table is built for (≈ 60,000 entries, 0.7 MB).
  public static let maximumMean = 1e7

  /// μ.
  public let mean: Double
  /// L, the smallest value the table returns.
  public let lowest: Int
  /// H − L + 1, the number of values the table returns.
  public let count: Int
  /// The table's storage as raw pointers (valid while this object lives).
  @usableFromInline let view: GuideTableView
  private let cumulative: UnsafeMutablePointer<Double>
  private let guide: UnsafeMutablePointer<Int32>

  /// Throws unless 0 < μ ≤ `maximumMean`.
  public init(mean: Double) throws(NumericsError) {
    guard mean.isFinite, mean > 0, mean <= Self.maximumMean else {
      throw NumericsError(
        operation: "PoissonGuideTable(mean: \(mean))", reason: "needs a mean in (0, \(Self.maximumMean)]")
    }
    self.mean = mean
    let range = PoissonProbability.tableRange(mean: mean)
    let low = range.lowerBound
    let high = range.upperBound
    lowest = low
    count = high - low + 1
    cumulative = .allocate(capacity: count)
    var sum = 0.0
    var compensation = 0.0
    for j in 0..<count {
      let term = PoissonProbability.mass(low + j, mean: mean)
      let next = sum + term
      compensation += abs(sum) >= abs(term) ? (sum - next) + term : (term - next) + sum
      sum = next
      cumulative[j] = sum + compensation
    }
    cumulative[count - 1] = 1
    var guideCount = 1
    while guideCount < count { guideCount *= 2 }
    guide = .allocate(capacity: guideCount)
    var j = 0
    for m in 0..<guideCount {
      let threshold = Double(m) / Double(guideCount)
      while cumulative[j] <= threshold { j += 1 }
      guide[m] = Int32(j)
    }
    view = GuideTableView(
      cumulative: UnsafePointer(cumulative), guide: UnsafePointer(guide), guideScale: Double(guideCount),
      lowestValue: Double(low))
  }

  deinit {
    cumulative.deallocate()
    guide.deallocate()
  }

  /// F(L + j) as stored, for j in 0..<count: the probability of a value ≤ L + j.
  public func cumulativeProbability(atOffset j: Int) -> Double {
    precondition(j >= 0 && j < count, "offset \(j) outside 0..<\(count)")
    return cumulative[j]
  }

  /// One Poisson(μ) variate, from one `uniform()` of `source`.
  @inlinable @inline(__always) public func draw<Source: UniformRandomSource>(using source: inout Source) -> Double {
    view.draw(uniform: source.uniform())
  }
}

/// A guide table's storage as raw pointers: a trivial value, so hot loops read it without
/// reference counting. Valid only while the `PoissonGuideTable` that made it lives.
@usableFromInline struct GuideTableView {
  @usableFromInline let cumulative: UnsafePointer<Double>
  @usableFromInline let guide: UnsafePointer<Int32>
  @usableFromInline let guideScale: Double
  @usableFromInline let lowestValue: Double

  @usableFromInline init(
    cumulative: UnsafePointer<Double>, guide: UnsafePointer<Int32>, guideScale: Double, lowestValue: Double
  ) {
    self.cumulative = cumulative
    self.guide = guide
    self.guideScale = guideScale
    self.lowestValue = lowestValue
  }

  /// min{ k : F(k) > u } for u in [0, 1).
  /// One step is taken without a branch (the guide bucket holds at most one cell boundary for
  /// all but the far tails, so the data-dependent branch would mispredict often); the loop
  /// after it is rarely entered.
  @inlinable @inline(__always) func draw(uniform u: Double) -> Double {
    var j = Int(guide[Int(u * guideScale)])
    j &+= cumulative[j] <= u ? 1 : 0
    while cumulative[j] <= u { j += 1 }
    return lowestValue + Double(j)
  }
}
