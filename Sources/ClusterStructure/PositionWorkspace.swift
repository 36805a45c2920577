/// Reusable memory for drawing star positions sample after sample
/// (`ClusterMorphology.samplePositionsParsecs(count:generator:into:)`): the positions and the
/// uniforms and radii they are made from. After the first sample of a given size no draw
/// allocates. Reuse one per task (it is not `Sendable`); its scratch never influences a result.
public final class PositionWorkspace {
  /// The positions of the last draw (offsets from the centre, parsecs, sky plane), in star order.
  public internal(set) var positions: [PlanePosition] = []
  var uniforms: [Double] = []
  var radii: [Double] = []

  public init() {}
}
