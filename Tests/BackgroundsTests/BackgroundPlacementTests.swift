import Backgrounds
import Foundation
import Numerics
import Testing

@Suite struct BackgroundPlacementTests {
  /// A 2-band 5×3 library whose pixel value encodes (band, x, y).
  static func library(width: Int = 5, height: Int = 3) throws -> BackgroundLibrary {
    var pixels: [Float] = []
    for band in 0..<2 {
      for y in 0..<height { for x in 0..<width { pixels.append(Float(band * 10_000 + y * 100 + x)) } }
    }
    let patch = try BackgroundPatch(
      bandCount: 2, width: width, height: height, pixels: pixels, origin: .init(source: "test", x: 0, y: 0),
      densityClass: "test")
    return try BackgroundLibrary(
      name: "t", bands: ["A", "B"], pixelScaleArcsec: 0.05, patches: [patch], provenance: "")
  }

  /// Each of the 8 orientations is a bijection of the patch, and the cut-out follows the documented
  /// formulae (checked against explicit rotations of the pixel grid).
  @Test func orientationsAreTheDihedralGroup() throws {
    let library = try Self.library()
    let (w, h) = (5, 3)
    var images: Set<[Float]> = []
    for flipped in [false, true] {
      for turns in 0..<4 {
        let ow = turns % 2 == 0 ? w : h
        let oh = turns % 2 == 0 ? h : w
        let placement = BackgroundPlacement(
          patchIndex: 0, flipped: flipped, quarterTurns: turns, originX: 0, originY: 0)
        let cut = try placement.cutout(from: library, bandIndices: [1], width: ow, height: oh)
        #expect(Set(cut).count == w * h)  // bijection
        images.insert(cut)
        // Independent construction: mirror, then rotate k times by (x, y) → (H−1−y, x) on the grid.
        var grid: [[Float]] = (0..<h).map { y in
          (0..<w).map { x in Float(10_000 + y * 100 + (flipped ? w - 1 - x : x)) }
        }
        for _ in 0..<turns {
          let gh = grid.count
          let gw = grid[0].count
          var turned = [[Float]](repeating: [Float](repeating: 0, count: gh), count: gw)
          for y in 0..<gh { for x in 0..<gw { turned[x][gh - 1 - y] = grid[y][x] } }
          grid = turned
        }
        #expect(cut == grid.flatMap { $0 }, "flip \(flipped) turns \(turns)")
      }
    }
    #expect(images.count == 8)
  }

  @Test func drawsStayInsideAndCoverEveryOrientation() throws {
    let library = try Self.library(width: 12, height: 9)
    let generator = RandomGenerator(seed: 5, stream: 1)
    var seen: Set<Int> = []
    for _ in 0..<400 {
      let p = try BackgroundPlacement.draw(
        in: library, width: 6, height: 4, flips: true, rotations: true, generator: generator)
      seen.insert(p.quarterTurns * 2 + (p.flipped ? 1 : 0))
      _ = try p.cutout(from: library, bandIndices: [0, 1], width: 6, height: 4)  // throws if outside
    }
    #expect(seen.count == 8)
    let fixed = try BackgroundPlacement.draw(
      in: library, width: 6, height: 4, flips: false, rotations: false, generator: generator)
    #expect(!fixed.flipped && fixed.quarterTurns == 0)
    #expect(
      throws: FieldError(
        field: "library[t].patchSize", value: "12×9",
        rule: "an image of 10×4 px in every orientation must fit inside a patch")
    ) {
      try BackgroundPlacement.draw(
        in: library, width: 10, height: 4, flips: false, rotations: true, generator: generator)
    }
  }

  /// Constant SFR: each node's mass fraction is the exact integral of a constant rate over its bin.
  @Test func constantStarFormationHistoryIntegratesLinearTime() throws {
    let nodes = stride(from: 6.6, through: 10.1, by: 0.05).map { ($0 * 100).rounded() / 100 }
    let sfh = try StarFormationHistory(constantFrom: 6.6, to: 10.1, ageNodes: nodes)
    #expect(sfh.components.count == nodes.count)
    #expect(abs(sfh.components.reduce(0) { $0 + $1.massFraction } - 1) < 1e-12)
    // Mass formed in the last Gyr before 10^10.1 yr vs. a closed form: fraction of time older than 10^9 yr.
    let old = sfh.components.filter { $0.logAgeYears >= 9.0 + 0.025 }.reduce(0) { $0 + $1.massFraction }
    let expected = (pow(10, 10.1) - pow(10, 9.025)) / (pow(10, 10.1) - pow(10, 6.6))
    #expect(abs(old - expected) < 1e-9)
  }

  @Test func screeningRules() {
    let screening = PatchScreening(saturationElectronsPerSecond: ["A": 50])
    let generator = RandomGenerator(seed: 9, stream: 0)
    let clean = (0..<400).map { _ in Float(generator.gaussian(mean: 1, sigma: 0.1)) }
    #expect(screening.rejection(band: "A", patch: clean, width: 20, height: 20) == nil)
    var nan = clean
    nan[17] = .nan
    #expect(screening.rejection(band: "A", patch: nan, width: 20, height: 20) == .nonFinite(band: "A", count: 1))
    var edge = clean
    for x in 0..<20 { edge[19 * 20 + x] = 0 }
    if case .zeroWeight(_, _, let isEdge) = screening.rejection(band: "A", patch: edge, width: 20, height: 20) {
      #expect(isEdge)
    } else {
      Issue.record("an all-zero edge row must be rejected")
    }
    var saturated = clean
    saturated[200] = 60
    #expect(
      screening.rejection(band: "A", patch: saturated, width: 20, height: 20)
        == .saturated(band: "A", peak: 60, limit: 50))
    var bright = clean
    bright[200] = 49  // below saturation but ≈ 480 σ above the median
    let strict = PatchScreening(maximumPeakSigmas: 100)
    if case .brightCore = strict.rejection(band: "A", patch: bright, width: 20, height: 20) {
    } else {
      Issue.record("a peak 480 σ above the median must break a 100 σ rule")
    }
    #expect(PatchScreening().rejection(band: "A", patch: bright, width: 20, height: 20) == nil)
  }
}
