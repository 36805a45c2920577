import Backgrounds
import Foundation
import Numerics
import Pipeline
import RecipeFormat
import StarmillTestSupport
import Testing

/// A recipe's `background:` end to end: planner checks, per-sample placement recorded in the
/// truth, and the background re-created from that record.
@Suite struct BackgroundRecipeTests {
  static let resources = ResourceLocator(searchRoots: [SharedData.repositoryRoot.path])

  static func recipe(background: String?, poisson: Bool = false, bands: String = "[F475W, F814W]") throws -> Recipe {
    let text = """
      version: 1
      name: background-test
      seed: 7
      samples: 3
      shard_size: 4
      instrument: phat
      bands: \(bands)
      image: {size_px: 24, pixel_scale_arcsec: 0.05}
      isochrones: parsec-v1.2s-phat
      imf: kroupa
      distance_modulus: 24.47
      cluster:
        log_age: {uniform: [7.0, 9.0]}
        log_mass: {uniform: [2.0, 2.5]}
        r_h_pc: 1.0
        metallicity: 0.0
        a_v: 0.3
        profile: {kind: eff, gamma: 2.5}
      noise: {poisson: \(poisson), read_noise: false}
      labels: [log_age, log_mass]
      """ + (background.map { "\nbackground: {library: \($0), flips: true, rotations: true}\n" } ?? "\n")
    return try Recipe.parse(text, sourceName: "background-test.yaml")
  }

  /// A library of 3 random 40×32 patches in F814W and F475W, written under `folder`.
  static func randomLibrary(in folder: TemporaryDirectory) throws -> String {
    let generator = RandomGenerator(seed: 3, stream: 0)
    let patches = try (0..<3).map { index in
      try BackgroundPatch(
        bandCount: 2, width: 40, height: 32, pixels: (0..<(2 * 40 * 32)).map { _ in Float(generator.uniform()) },
        origin: .init(source: "random \(index)", x: 0, y: 0), densityClass: "random")
    }
    let library = try BackgroundLibrary(
      name: "random", bands: ["F814W", "F475W"], pixelScaleArcsec: 0.05, patches: patches, provenance: "test")
    try BackgroundLibraryFolder.write(library, to: folder.path("random"))
    return folder.path("random")
  }

  @Test
  func sampleIsClusterPlusRecordedBackground() throws {
    let folder = try TemporaryDirectory()
    let path = try Self.randomLibrary(in: folder)
    let with = try DatasetPlanner.plan(try Self.recipe(background: path), resources: Self.resources)
    let without = try DatasetPlanner.plan(try Self.recipe(background: nil), resources: Self.resources)
    for index in 0..<3 {
      let sample = try with.simulate(sampleIndex: index)
      let cluster = try without.simulate(sampleIndex: index)
      // The cluster draws come first, so the noiseless cluster is the same with or without background.
      #expect(sample.labels == cluster.labels)
      for key in [
        "background_patch", "background_flip", "background_rotation", "background_origin_x", "background_origin_y",
      ] {
        #expect(sample.truthIntegers[key] != nil, "truth \(key)")
        #expect(cluster.truthIntegers[key] == nil)
      }
      let background = try #require(try with.backgroundCutout(truth: sample.truthIntegers))
      var worst: Float = 0
      for k in sample.pixels.indices { worst = max(worst, abs(sample.pixels[k] - background[k] - cluster.pixels[k])) }
      // Float32 rounding of one addition on values of order 1–10³ e⁻/s.
      #expect(worst <= 1e-3 * max(1, sample.pixels.map(abs).max()!))
    }
    // With Poisson noise on, the cluster noise is source shot noise only: the same sample twice is identical bytes.
    let noisy = try DatasetPlanner.plan(
      try Self.recipe(background: path, poisson: true), resources: Self.resources)
    #expect(try noisy.simulate(sampleIndex: 1).pixels == noisy.simulate(sampleIndex: 1).pixels)
  }

  @Test func plannerRefusesUnknownLibraryAndMissingBands() throws {
    #expect {
      try DatasetPlanner.plan(try Self.recipe(background: "no-such-library"), resources: Self.resources)
    } throws: { "\($0)".contains("background.library") && "\($0)".contains("no such background library") }

    // A library without F336W.
    let folder = try TemporaryDirectory()
    let patch = try BackgroundPatch(
      bandCount: 2, width: 32, height: 32, pixels: [Float](repeating: 0.5, count: 2 * 32 * 32),
      origin: .init(source: "flat", x: 0, y: 0), densityClass: "flat")
    let library = try BackgroundLibrary(
      name: "flat", bands: ["F475W", "F814W"], pixelScaleArcsec: 0.05, patches: [patch], provenance: "test")
    try BackgroundLibraryFolder.write(library, to: folder.path("flat"))
    let ok = try DatasetPlanner.plan(try Self.recipe(background: folder.path("flat")), resources: Self.resources)
    let sample = try ok.simulate(sampleIndex: 0)
    #expect(sample.truthIntegers["background_patch"] == 0)
    #expect {
      try DatasetPlanner.plan(
        try Self.recipe(background: folder.path("flat"), bands: "[F336W, F475W]"), resources: Self.resources)
    } throws: { "\($0)".contains("background.library") && "\($0)".contains("no band F336W") }
  }
}
