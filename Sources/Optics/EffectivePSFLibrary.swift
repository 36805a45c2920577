/// A library of effective PSFs measured at fiducial detector positions (the HST "PSFSTD" cubes of
/// Anderson & King 2006, ACS ISR 2006-01; Anderson 2016, WFC3 ISR 2016-12): plane `k` is the ePSF
/// at detector position `positions[k]` (pixels, as given by the `IPSFXnn`/`JPSFYnn` keys, plane
/// index = ix + nx·iy). Planes are kept as raw samples and turned into a normalised
/// `EffectivePSF` (unit light) when asked for, so loading a 90-plane cube stays cheap.
public struct EffectivePSFLibrary: Sendable {
  public struct Position: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  public let width: Int
  public let height: Int
  public let oversampling: Int
  /// Raw samples of each plane, row-major, as measured (not renormalised).
  public let planeSamples: [[Double]]
  public let positions: [Position]

  public init(
    planeSamples: [[Double]], width: Int, height: Int, oversampling: Int, positions: [Position]
  ) throws(OpticsError) {
    guard !planeSamples.isEmpty, planeSamples.count == positions.count else {
      throw .invalidGrid(detail: "\(planeSamples.count) planes but \(positions.count) fiducial positions")
    }
    guard width >= 4, height >= 4, planeSamples.allSatisfy({ $0.count == width * height }) else {
      throw .invalidGrid(detail: "every plane must hold \(width)×\(height) samples")
    }
    guard oversampling >= 1 else {
      throw .invalidParameter(name: "oversampling", value: Double(oversampling), rule: "must be ≥ 1")
    }
    self.planeSamples = planeSamples
    self.width = width
    self.height = height
    self.oversampling = oversampling
    self.positions = positions
  }

  public var planeCount: Int { planeSamples.count }

  /// Plane `index` as an ePSF centred on the middle sample, renormalised to unit light.
  public func plane(_ index: Int) throws(OpticsError) -> EffectivePSF {
    guard planeSamples.indices.contains(index) else {
      throw .invalidParameter(name: "plane index", value: Double(index), rule: "must be in 0..<\(planeCount)")
    }
    return try EffectivePSF(
      samples: planeSamples[index], width: width, height: height, oversampling: oversampling,
      centerX: Double(width - 1) / 2, centerY: Double(height - 1) / 2)
  }

  /// The index of the plane whose fiducial position is nearest to detector position `(x, y)`
  /// (the first one on ties, e.g. the two rows at the ACS/WFC chip gap).
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
  public func nearestPlane(x: Double, y: Double) throws(OpticsError) -> EffectivePSF {
    try plane(nearestPlaneIndex(x: x, y: y))
  }

  /// The plane nearest to the centre of the fiducial grid's bounding box (the "central plane").
  public var centralPlaneIndex: Int {
    let xs = positions.map(\.x)
    let ys = positions.map(\.y)
    return nearestPlaneIndex(x: (xs.min()! + xs.max()!) / 2, y: (ys.min()! + ys.max()!) / 2)
  }
}
