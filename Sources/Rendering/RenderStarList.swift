/// Stars to render: positions in pixels (0-based, pixel centres at integers; stars may lie off
/// the image, their light then partly or wholly lost) and one flux per band, in the image's
/// units (e.g. expected electrons). Stored band-major (`flux[band][star]`) for the render loop.
public struct RenderStarList: Sendable, Equatable {
  public let x: [Double]
  public let y: [Double]
  public let flux: [[Double]]

  public var count: Int { x.count }
  public var bandCount: Int { flux.count }

  public init(x: [Double], y: [Double], flux: [[Double]]) throws(RenderError) {
    guard y.count == x.count else {
      throw .invalidParameter(name: "y.count", value: Double(y.count), rule: "must equal x.count = \(x.count)")
    }
    for (band, values) in flux.enumerated() where values.count != x.count {
      throw .invalidParameter(
        name: "flux[\(band)].count", value: Double(values.count), rule: "must equal the star count \(x.count)")
    }
    // One branch-free pass per array decides (vectorised); the star-by-star search below runs
    // only to name the first offending star of a list that fails.
    if !(Self.allFinite(x) && Self.allFinite(y) && flux.allSatisfy(Self.allFiniteAndNonNegative)) {
      try Self.findInvalidStar(x: x, y: y, flux: flux)
    }
    self.x = x
    self.y = y
    self.flux = flux
  }

  /// Whether every value is finite, without an early exit (so the loop vectorises).
  private static func allFinite(_ values: [Double]) -> Bool {
    values.withUnsafeBufferPointer { values in
      var bad: UInt8 = 0
      for value in values { bad |= abs(value) < .infinity ? 0 : 1 }
      return bad == 0
    }
  }

  /// Whether every value is finite and ≥ 0 (−0 included; NaN fails), without an early exit: on
  /// the bit patterns b, with −0 taken as +0, a value is valid exactly when neither b nor
  /// b + 2⁵² has the sign bit set (b + 2⁵² carries every exponent-all-ones pattern, ±∞ and NaN,
  /// into it; negative values have it in b, and the one wrap-around, from −∞ or a negative NaN,
  /// has it in b). An OR reduction of integers, which vectorises; the floating-point comparisons
  /// written plainly are folded into a class test that the compiler leaves scalar.
  private static func allFiniteAndNonNegative(_ values: [Double]) -> Bool {
    values.withUnsafeBufferPointer { values in
      let negativeZero = (-0.0).bitPattern
      var union: UInt64 = 0
      for value in values {
        let bits = value.bitPattern == negativeZero ? 0 : value.bitPattern
        union |= bits | (bits &+ (1 << 52))
      }
      return union >> 63 == 0
    }
  }

  /// Throws the error for the first invalid star: x and y of each star in order, then the fluxes
  /// band by band.
  private static func findInvalidStar(x: [Double], y: [Double], flux: [[Double]]) throws(RenderError) {
    for index in x.indices {
      guard x[index].isFinite else {
        throw .invalidStar(index: index, field: "x", value: x[index], rule: "must be finite")
      }
      guard y[index].isFinite else {
        throw .invalidStar(index: index, field: "y", value: y[index], rule: "must be finite")
      }
    }
    for (band, values) in flux.enumerated() {
      for (index, value) in values.enumerated() where !value.isFinite || value < 0 {
        throw .invalidStar(index: index, field: "flux[\(band)]", value: value, rule: "must be finite and ≥ 0")
      }
    }
  }
}
