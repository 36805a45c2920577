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

  /// `samplePixelPositions` gives, for the stars picked, exactly the pixel positions of the
  /// parsec offsets `samplePositionsParsecs` draws, and leaves the stream where it does: for a
  /// round (b/a = 1, the unflattened shortcut) and a flattened cluster, EFF, Plummer and King,
  /// every star, some, and none.
  @Test func pickedPixelPositionsEqualTheMappedOffsets() throws {
    let flattened = try ClusterMorphology(
      profile: .plummer(PlummerProfile(rHalfLightParsecs: 1.5)), ellipticity: 0.3, positionAngleDegrees: 40)
    let round = try ClusterMorphology(
      profile: .plummer(PlummerProfile(rHalfLightParsecs: 0.8)), ellipticity: 0, positionAngleDegrees: 117)
    let cases: [(ClusterMorphology, Int, (Int) -> Bool)] = [
      (round, 3_000, { $0 % 10 != 3 }),
      (flattened, 2_000, { $0 % 7 < 5 }),
      (PositionSamplingTests.morphologies[0].1, 1_000, { _ in true }),
      (PositionSamplingTests.morphologies[2].1, 500, { $0 % 3 == 0 }),  // King
      (round, 400, { _ in false }),
    ]
    let placement = ClusterPlacement.centred(width: 80, height: 64, offsetXPixels: 1.25, offsetYPixels: -0.5)
    let pixelsPerParsec = 4.12
    let workspace = PositionWorkspace()
    for (stream, (morphology, count, keep)) in cases.enumerated() {
      let reference = RandomGenerator(seed: 9, stream: UInt64(stream))
      let offsets = morphology.samplePositionsParsecs(count: count, generator: reference)
      let stars = (0..<count).filter(keep).map { Int32($0) }
      let generator = RandomGenerator(seed: 9, stream: UInt64(stream))
      var x = [Double](repeating: .nan, count: stars.count)
      var y = [Double](repeating: .nan, count: stars.count)
      stars.withUnsafeBufferPointer { stars in
        x.withUnsafeMutableBufferPointer { x in
          y.withUnsafeMutableBufferPointer { y in
            morphology.samplePixelPositions(
              count: count, generator: generator, ofStars: stars, placement: placement,
              pixelsPerParsec: pixelsPerParsec, x: x, y: y, workspace: workspace)
          }
        }
      }
      let expected = stars.map {
        placement.pixelPosition(ofParsecOffset: offsets[Int($0)], pixelsPerParsec: pixelsPerParsec)
      }
      #expect(x.map(\.bitPattern) == expected.map(\.x.bitPattern), "case \(stream)")
      #expect(y.map(\.bitPattern) == expected.map(\.y.bitPattern), "case \(stream)")
      #expect(generator.uniform() == reference.uniform(), "case \(stream): the streams part")
    }
  }
}
