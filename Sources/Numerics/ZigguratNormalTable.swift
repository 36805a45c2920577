import Foundation

/// The layer table of the ziggurat method for the standard normal distribution (Marsaglia &
/// Tsang 2000, "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8)),
/// with 256 layers, built once from the density (no copied constants).
///
/// Geometry, for the unnormalised density f(x) = exp(−x²/2) on x ≥ 0: the area under f is
/// covered by `layerCount` pieces of equal area v. Piece 0 is the base strip [0, r] × [0, f(r)]
/// plus the whole tail x > r, so v = r f(r) + ∫ᵣ^∞ f = r f(r) + √(π/2) erfc(r/√2); it is given the
/// virtual width x₀ = v / f(r). Pieces i = 1 … n − 1 are the rectangles [0, xᵢ] × [f(xᵢ), f(xᵢ₊₁)]
/// with x₁ = r and f(xᵢ₊₁) = f(xᵢ) + v / xᵢ (equal area v), and the top edge x_n = 0 closes the
/// stack at f = 1. r is the root that makes the recursion land on f(x_n) = 1 exactly, found by
/// bisection to the last bit of r (r ≈ 3.6541528853610088 for 256 layers; for 128 layers the same
/// bisection gives the paper's r = 3.442619855899).
///
/// Sampling (`Xoshiro256StarStar.standardNormal`): pick a piece i and a sign uniformly, draw
/// x = U xᵢ. If x < xᵢ₊₁ the point lies under f whatever its height: accept (≈ 99 % of draws).
/// Otherwise piece 0 goes to the exact tail (Marsaglia 1964: a = −ln U₁ / r, b = −ln U₂ until
/// 2b > a², return r + a), and pieces i ≥ 1 draw a height y uniform in [f(xᵢ), f(xᵢ₊₁)] and accept
/// iff y < f(x), else start again with a new piece. Every accepted point is uniform under f, so
/// the method is exact up to the rounding of the table (layer areas equal v to ~10⁻¹⁵ relative).
///
/// Storage: immutable, allocated once for the process and never freed, shared by every thread;
/// a trivial value (raw pointers), so the sampler reads it without reference counting.
@usableFromInline struct ZigguratNormalTable: @unchecked Sendable {
  /// The number of layers (a power of two: the layer index is the low bits of one 64-bit word).
  @usableFromInline static let layerCount = 256
  /// The one table of the process.
  @usableFromInline static let shared = ZigguratNormalTable()

  /// x₀ (virtual width of the base) … x_n = 0: `layerCount + 1` edges.
  @usableFromInline let edges: UnsafePointer<Double>
  /// f(xᵢ) for the same edges (f(x_n) = 1).
  @usableFromInline let heights: UnsafePointer<Double>
  /// r = x₁, where the tail starts.
  @usableFromInline let tailStart: Double
  /// v, the common area of the layers (of the unnormalised density).
  let layerArea: Double

  init() {
    let n = Self.layerCount
    let r = Self.tailStart(layerCount: n)
    let v = Self.baseArea(r)
    let edges = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
    let heights = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
    edges[0] = v / Self.density(r)
    edges[1] = r
    for i in 1..<(n - 1) { edges[i + 1] = Self.inverseDensity(Self.density(edges[i]) + v / edges[i]) }
    edges[n] = 0
    for i in 0..<n { heights[i] = Self.density(edges[i]) }
    heights[n] = 1
    self.edges = UnsafePointer(edges)
    self.heights = UnsafePointer(heights)
    tailStart = r
    layerArea = v
  }

  /// f(x) = exp(−x²/2).
  static func density(_ x: Double) -> Double { exp(-0.5 * x * x) }

  /// f⁻¹(y) = √(−2 ln y) for y in (0, 1].
  static func inverseDensity(_ y: Double) -> Double { (-2 * log(y)).squareRoot() }

  /// v(r) = r f(r) + ∫ᵣ^∞ f(x) dx.
  static func baseArea(_ r: Double) -> Double {
    r * density(r) + (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
  }

  /// How far the stack built from r overshoots the top: f(x_{n−1}) + v / x_{n−1} − 1, or +∞
  /// when the layers reach f = 1 before the last one (r too small). Decreasing in r.
  static func closure(r: Double, layerCount n: Int) -> Double {
    let v = baseArea(r)
    var x = r
    for _ in 1..<(n - 1) {
      let y = density(x) + v / x
      if y >= 1 { return .infinity }
      x = inverseDensity(y)
    }
    return density(x) + v / x - 1
  }

  /// The r that closes the stack of `n` layers, by bisection on [1, 10] down to adjacent doubles.
  static func tailStart(layerCount n: Int) -> Double {
    var low = 1.0
    var high = 10.0
    while true {
      let middle = 0.5 * (low + high)
      if middle <= low || middle >= high { break }
      if closure(r: middle, layerCount: n) > 0 { low = middle } else { high = middle }
    }
    return abs(closure(r: low, layerCount: n)) <= abs(closure(r: high, layerCount: n)) ? low : high
  }

  /// The area of layer i (i ≥ 1: its rectangle; 0: base strip plus tail), for tests.
  func area(ofLayer i: Int) -> Double {
    if i == 0 { return Self.baseArea(tailStart) }
    return edges[i] * (heights[i + 1] - heights[i])
  }
}

extension ZigguratNormalTable {
  /// The ziggurat's common step for a first word `bits` (`edges` = this table's `edges`): the
  /// abscissa x (the top 53 bits scaled to the layer the low 8 bits select), the variate ±x (bit 8
  /// moved to the sign bit: no 50 %-mispredicted branch), and whether x lies inside its layer's
  /// rectangle — ≈ 99 % of words; otherwise `zigguratSlowPath(bits:x:)` decides the variate.
  @inlinable @inline(__always) static func firstWord(_ bits: UInt64, edges: UnsafePointer<Double>) -> (
    abscissa: Double, normal: Double, inside: Bool
  ) {
    let layer = Int(truncatingIfNeeded: bits & 0xFF)
    let x = Double(bits >> 11) * 0x1p-53 * edges[layer]
    return (x, Double(bitPattern: x.bitPattern ^ (bits & 0x100) << 55), x < edges[layer + 1])
  }
}

extension Xoshiro256StarStar {
  /// A standard normal variate by the ziggurat method (Marsaglia & Tsang 2000; see
  /// `ZigguratNormalTable` for the construction): exact, about one 64-bit draw, one multiply
  /// and one comparison per variate on ≈ 99 % of calls; the rest go to the wedge test (one
  /// exponential) or the exact tail beyond r ≈ 3.654 (logarithms).
  ///
  /// Bits of one draw: the low 8 select the layer, bit 8 the sign, the top 53 the abscissa, so
  /// the three are independent (the paper's 32-bit version reused bits for layer and abscissa,
  /// a correlation Doornik 2005 pointed out).
  @inlinable @inline(__always) public mutating func standardNormal() -> Double {
    let bits = next()
    let first = ZigguratNormalTable.firstWord(bits, edges: ZigguratNormalTable.shared.edges)
    return first.inside ? first.normal : zigguratSlowPath(bits: bits, x: first.abscissa)
  }

  /// The ≈ 1 % of ziggurat draws outside the inner rectangles: the tail (layer 0) or the wedge
  /// test, then a fresh start on rejection.
  @inline(never) @usableFromInline mutating func zigguratSlowPath(bits firstBits: UInt64, x firstX: Double) -> Double {
    let table = ZigguratNormalTable.shared
    var bits = firstBits
    var x = firstX
    while true {
      let layer = Int(truncatingIfNeeded: bits & 0xFF)
      let sign = (bits & 0x100) << 55
      if x < table.edges[layer + 1] { return Double(bitPattern: x.bitPattern ^ sign) }
      if layer == 0 { return Double(bitPattern: normalTail(from: table.tailStart).bitPattern ^ sign) }
      let low = table.heights[layer]
      let y = low + uniform() * (table.heights[layer + 1] - low)
      if y < exp(-0.5 * x * x) { return Double(bitPattern: x.bitPattern ^ sign) }
      bits = next()
      x = Double(bits >> 11) * 0x1p-53 * table.edges[Int(truncatingIfNeeded: bits & 0xFF)]
    }
  }

  /// A variate of the standard normal conditioned on x > r (Marsaglia 1964, "Generating a
  /// variable from the tail of the normal distribution", Technometrics 6, 101): with a, b
  /// exponential (a of rate r), accept r + a iff 2b > a². Uses 1 − U, in (0, 1], for the logarithms.
  @inlinable mutating func normalTail(from r: Double) -> Double {
    while true {
      let a = -log(1 - uniform()) / r
      let b = -log(1 - uniform())
      if 2 * b > a * a { return r + a }
    }
  }
}
