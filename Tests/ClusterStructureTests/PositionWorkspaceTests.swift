import ClusterStructure
import Foundation
import Numerics
import Testing

/// `samplePositionsParsecs(count:generator:into:)` must give exactly the positions of the
/// value-returning form and leave the generator where it leaves it, whatever the workspace held
/// before (more stars, fewer, another profile).
@Suite struct PositionWorkspaceTests {
  @Test func workspaceDrawsEqualTheReturnedPositions() throws {
    let flattened = try ClusterMorphology(
      profile: .plummer(PlummerProfile(rHalfLightParsecs: 1.5)), ellipticity: 0.3, positionAngleDegrees: 40)
    let cases: [(ClusterMorphology, Int)] = [
      (PositionSamplingTests.morphologies[0].1, 3_000),
      (PositionSamplingTests.morphologies[2].1, 700),  // King: per-star roots, fewer stars
      (flattened, 5_000),
      (PositionSamplingTests.morphologies[4].1, 1),
      (PositionSamplingTests.morphologies[1].1, 0),
      (PositionSamplingTests.morphologies[4].1, 2_000),
    ]
    let workspace = PositionWorkspace()
    for (stream, (morphology, count)) in cases.enumerated() {
      let reference = RandomGenerator(seed: 8, stream: UInt64(stream))
      let expected = morphology.samplePositionsParsecs(count: count, generator: reference)
      let generator = RandomGenerator(seed: 8, stream: UInt64(stream))
      morphology.samplePositionsParsecs(count: count, generator: generator, into: workspace)
      // Finite Doubles compared with ==: the same bits but for ±0, which no sky offset's sign
      // matters for.
      #expect(workspace.positions == expected, "case \(stream)")
      #expect(generator.uniform() == reference.uniform(), "case \(stream): the streams part")
    }
  }
}
