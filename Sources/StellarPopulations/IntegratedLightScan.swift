import Foundation

/// The expected integrated light of a simple stellar population sampled along one line through an
/// isochrone grid — log age at fixed [M/H], or [M/H] at fixed log age — on a regular step, and the
/// jumps between neighbouring points: the measure of how smoothly `IsochroneSet.isochrone` interpolates.
///
/// Magnitudes are `Isochrone.expectedIntegratedMagnitudes` (a deterministic IMF-weighted integral,
/// no sampling) for 1 M☉ of stars, absolute. A step is *grid-limited* when the grid nodes bracketing
/// it differ, in that band, by more than `threshold` × (steps between the nodes): no interpolation
/// that passes through the nodes can keep every step of that interval under `threshold`.
public struct IntegratedLightScan: Sendable {
  public enum Axis: Sendable, Equatable {
    /// log age varies; [M/H] fixed.
    case logAge(metallicity: Double)
    /// [M/H] varies; log age fixed.
    case metallicity(logAgeYears: Double)
  }

  /// One neighbour-to-neighbour change larger than the threshold.
  public struct Jump: Sendable, Equatable {
    /// Scanned coordinate of the upper point of the pair.
    public var at: Double
    public var band: Int
    /// Magnitude change (upper − lower point).
    public var size: Double
    /// The bracketing grid nodes' change per step in this band (mag).
    public var gridRatePerStep: Double
    /// `gridRatePerStep > threshold`: unavoidable at this grid resolution.
    public var isGridLimited: Bool
  }

  public let axis: Axis
  /// The scanned coordinate (log age or [M/H]) of every point.
  public let coordinates: [Double]
  /// `magnitudes[point][band]`.
  public let magnitudes: [[Double]]
  /// The grid nodes of the scanned coordinate inside the scanned range, ascending.
  public let nodes: [Double]

  /// Scans `set` from `start` to `end` in steps of `step` (both ends included; `end` clamped).
  public init(
    set: IsochroneSet, axis: Axis, from start: Double, to end: Double, step: Double,
    imf: some InitialMassFunction
  ) throws {
    let count = Int(((end - start) / step).rounded()) + 1
    let coordinates = (0..<count).map { min(start + Double($0) * step, end) }
    var magnitudes: [[Double]] = []
    magnitudes.reserveCapacity(count)
    for value in coordinates {
      let isochrone: Isochrone
      switch axis {
      case .logAge(let metallicity): isochrone = try set.isochrone(logAgeYears: value, metallicity: metallicity)
      case .metallicity(let logAge): isochrone = try set.isochrone(logAgeYears: logAge, metallicity: value)
      }
      magnitudes.append(isochrone.expectedIntegratedMagnitudes(imf: imf, totalMass: 1))
    }
    let gridValues: [Double]
    switch axis {
    case .logAge(let metallicity):
      let column = set.metallicities.min { abs($0 - metallicity) < abs($1 - metallicity) }!
      gridValues = set.isochrones(atMetallicity: column).map(\.logAgeYears)
    case .metallicity: gridValues = set.metallicities
    }
    self.axis = axis
    self.coordinates = coordinates
    self.magnitudes = magnitudes
    nodes = gridValues.filter { $0 >= start - IsochroneSet.nodeTolerance && $0 <= end + IsochroneSet.nodeTolerance }
  }

  /// Largest |change| between neighbours per band, with the upper point's coordinate.
  public var largestJumps: [(size: Double, at: Double)] {
    (0..<(magnitudes.first?.count ?? 0)).map { band in
      var best = (size: 0.0, at: coordinates.first ?? 0)
      for index in coordinates.indices.dropFirst() {
        let size = abs(magnitudes[index][band] - magnitudes[index - 1][band])
        if size > best.size { best = (size, coordinates[index]) }
      }
      return best
    }
  }

  /// Every neighbour change above `threshold` (mag), classified against the grid's own rate.
  public func jumps(threshold: Double) -> [Jump] {
    var found: [Jump] = []
    for index in coordinates.indices.dropFirst() {
      let (lowerNode, upperNode) = bracketingPoints(index)
      let steps = Double(max(1, upperNode - lowerNode))
      for band in magnitudes[index].indices {
        let size = magnitudes[index][band] - magnitudes[index - 1][band]
        guard abs(size) > threshold else { continue }
        let rate = abs(magnitudes[upperNode][band] - magnitudes[lowerNode][band]) / steps
        found.append(
          Jump(at: coordinates[index], band: band, size: size, gridRatePerStep: rate, isGridLimited: rate > threshold))
      }
    }
    return found
  }

  /// Indices of the scan points at the grid nodes bracketing the pair (index − 1, index).
  private func bracketingPoints(_ index: Int) -> (Int, Int) {
    let tolerance = IsochroneSet.nodeTolerance
    let isNode = { (value: Double) in self.nodes.contains { abs($0 - value) <= tolerance } }
    var lower = index - 1
    while lower > 0 && !isNode(coordinates[lower]) { lower -= 1 }
    var upper = index
    while upper < coordinates.count - 1 && !isNode(coordinates[upper]) { upper += 1 }
    return (lower, upper)
  }
}
