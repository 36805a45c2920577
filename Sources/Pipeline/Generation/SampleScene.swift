import Numerics
import Rendering

/// Everything one sample draws before a pixel exists: the luminous stars to render (positions in
/// image pixels, fluxes in e⁻/s per recipe band), the labels and the truth of the cluster, and the
/// sample's generator positioned after the star positions (pixel noise and background placement
/// draw from it next). `DatasetPlan.scene(sampleIndex:)` makes it; `simulate` renders it.
public struct SampleScene {
  /// The sample's generator, after cluster parameters, masses, extinction and positions.
  public let generator: RandomGenerator
  /// Luminous stars only, in drawing order; `stars.flux[band]` follows the recipe's band order.
  public let stars: RenderStarList
  public var labels: [String: Double]
  public var truthReals: [String: Double]
  public var truthIntegers: [String: Int64]
  public var truthPerBand: [String: [Double]]
}
