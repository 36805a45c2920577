/// A library of effective PSFs measured at fiducial detector positions (the HST "PSFSTD" cubes of
/// Anderson & King 2006, ACS ISR 2006-01; Anderson 2016, WFC3 ISR 2016-12): plane `k` is the ePSF
/// at detector position `positions[k]` (pixels, 0-based as given by the `IPSFXnn`/`JPSFYnn`
/// keys, plane index = ix + nx·iy).
public struct EffectivePSFLibrary: Sendable {
  public struct Position: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  public let planes: [EffectivePSF]
  public let positions: [Position]

  public init(planes: [EffectivePSF], positions: [Position]) throws(OpticsError) {
    guard !planes.isEmpty, planes.count == positions.count else {
      throw .invalidGrid(detail: "\(planes.count) planes but \(positions.count) fiducial positions")
    }
    self.planes = planes
    self.positions = positions
  }

  /// The plane whose fiducial position is nearest to detector position `(x, y)` (first on ties).
  public func nearestPlaneIndex(x: Double, y: Double) -> Int {
    var best = 0
    var bestDistance = Double.infinity
    for (index, position) in positions.enumerated() {
      let distance = (position.x - x) * (position.x - x) + (position.y - y) * (position.y - y)
      if distance < bestDistance {
        best = index
        bestDistance = distance
      }
    }
    return best
  }

  /// The plane nearest to detector position `(x, y)`.
  public func nearestPlane(x: Double, y: Double) -> EffectivePSF { planes[nearestPlaneIndex(x: x, y: y)] }

  /// The plane nearest to the centre of the fiducial grid's bounding box (the "central plane").
  public var centralPlaneIndex: Int {
    let xs = positions.map(\.x)
    let ys = positions.map(\.y)
    return nearestPlaneIndex(x: (xs.min()! + xs.max()!) / 2, y: (ys.min()! + ys.max()!) / 2)
  }
}
