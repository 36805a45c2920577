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

  /// Whether every value is finite and ≥ 0 (NaN fails both comparisons), without an early exit.
  private static func allFiniteAndNonNegative(_ values: [Double]) -> Bool {
    values.withUnsafeBufferPointer { values in
      var bad: UInt8 = 0
      // "≥ 0 and not +∞" as an exclusive or (a `&&` would branch and keep the loop scalar).
      for value in values { bad |= (value >= 0) != (value == .infinity) ? 0 : 1 }
      return bad == 0
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
