import ClusterStructure
import Foundation
import StellarPopulations

/// Reusable memory for `DatasetPlan.scene(sampleIndex:workspace:)`: the population's luminous
/// stars, their magnitudes and scratch (`PopulationWorkspace`), the position draws' scratch
/// (`PositionWorkspace`), and the luminous stars' pixel positions and count rates, which become the sample's
/// `RenderStarList`. Once a thread has made a sample at least as large, a scene allocates none
/// of its per-star arrays.
///
/// The star list shares the workspace's arrays; while a `SampleScene` is kept the next scene's
/// writes copy them first (value semantics), so reuse saves allocation only when the previous
/// scene is gone, as in `simulate`. Not `Sendable`: one per thread (`forCurrentThread()`). Its
/// contents never influence a result: every array is overwritten before it is read.
final class SceneWorkspace {
  let population = PopulationWorkspace()
  let positions = PositionWorkspace()
  /// The luminous stars' pixel positions and e⁻/s per band (`flux[band][star]`).
  var x: [Double] = []
  var y: [Double] = []
  var flux: [[Double]] = []

  private static let threadKey = "org.starmill.sceneWorkspace"

  /// The calling thread's own workspace, created on first use and kept for the thread's life
  /// (as `RenderWorkspace.forCurrentThread()`).
  static func forCurrentThread() -> SceneWorkspace {
    perThreadInstance(key: threadKey) { SceneWorkspace() }
  }
}
