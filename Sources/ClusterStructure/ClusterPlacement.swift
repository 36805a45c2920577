/// Where a cluster's centre sits on an image, in pixels (0-based, pixel (i, j) centred at x = i,
/// y = j): the image centre plus an offset.
public struct ClusterPlacement: Sendable, Equatable {
  public let centreXPixels: Double
  public let centreYPixels: Double

  public init(centreXPixels: Double, centreYPixels: Double) {
    self.centreXPixels = centreXPixels
    self.centreYPixels = centreYPixels
  }

  /// The centre of a `width` × `height` image, ((W − 1)/2, (H − 1)/2), moved by the offset.
  /// An even-sized image's centre falls on a pixel corner.
  public static func centred(
    width: Int, height: Int, offsetXPixels: Double = 0, offsetYPixels: Double = 0
  ) -> ClusterPlacement {
    ClusterPlacement(
      centreXPixels: Double(width - 1) / 2 + offsetXPixels,
      centreYPixels: Double(height - 1) / 2 + offsetYPixels)
  }

  /// Image pixel positions of sky-plane offsets in parsecs.
  public func pixelPositions(ofParsecOffsets offsets: [PlanePosition], projection: SkyProjection) -> [PlanePosition] {
    let pixelsPerParsec = projection.pixels(fromParsecs: 1)
    return offsets.map { pixelPosition(ofParsecOffset: $0, pixelsPerParsec: pixelsPerParsec) }
  }

  /// The image pixel position of one sky-plane offset in parsecs, at `pixelsPerParsec`
  /// (`projection.pixels(fromParsecs: 1)`): the centre plus the scaled offset, for loops that
  /// place stars one at a time (the same bits as `pixelPositions`).
  @inlinable @inline(__always)
  public func pixelPosition(ofParsecOffset offset: PlanePosition, pixelsPerParsec: Double) -> PlanePosition {
    PlanePosition(x: centreXPixels + offset.x * pixelsPerParsec, y: centreYPixels + offset.y * pixelsPerParsec)
  }
}
