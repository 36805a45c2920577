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
    self.x = x
    self.y = y
    self.flux = flux
  }
}
