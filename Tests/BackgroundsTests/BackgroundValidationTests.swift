import Backgrounds
import Foundation
import Numerics
import Pipeline
import StarmillTestSupport
import Testing

/// Every rule a background library, patch, placement or star-formation history enforces is
/// reported as a `FieldError` naming the field path, the value and the rule; the folder loader
/// adds the file.
@Suite struct BackgroundValidationTests {
  static func patch(width: Int = 4, height: Int = 3, bands: Int = 2, source: String = "test") throws
    -> BackgroundPatch
  {
    try BackgroundPatch(
      bandCount: bands, width: width, height: height, pixels: [Float](repeating: 1, count: bands * width * height),
      origin: .init(source: source, x: 0, y: 0), densityClass: "test")
  }

  @Test func patchRules() throws {
    #expect(
      throws: FieldError(
        field: "patch[m.fits].shape", value: "2×3×4",
        rule: "needs ≥ 1 band and pixel, and exactly bands × height × width = 5 pixels")
    ) {
      try BackgroundPatch(
        bandCount: 2, width: 4, height: 3, pixels: [Float](repeating: 0, count: 5),
        origin: .init(source: "m.fits", x: 0, y: 0), densityClass: "")
    }
    var pixels = [Float](repeating: 0, count: 12)
    pixels[7] = .infinity
    #expect(
      throws: FieldError(field: "patch[m.fits].pixels[7]", value: "inf", rule: "background pixels must be finite")
    ) {
      try BackgroundPatch(
        bandCount: 1, width: 4, height: 3, pixels: pixels, origin: .init(source: "m.fits", x: 0, y: 0),
        densityClass: "")
    }
  }

  @Test func libraryRules() throws {
    let patch = try Self.patch()
    func library(
      name: String = "lib", bands: [String] = ["A", "B"], scale: Double = 0.05, patches: [BackgroundPatch]? = nil,
      units: String = BackgroundLibrary.electronsPerSecond
    ) throws(FieldError) -> BackgroundLibrary {
      try BackgroundLibrary(
        name: name, bands: bands, pixelScaleArcsec: scale, patches: patches ?? [patch], provenance: "", units: units)
    }
    #expect(throws: FieldError(field: "library[a/b].name", value: "'a/b'", rule: "must be non-empty, without '/'")) {
      try library(name: "a/b")
    }
    #expect(
      throws: FieldError(
        field: "library[lib].bands", value: "[\"A\", \"A\"]", rule: "must list at least one band, each once")
    ) { try library(bands: ["A", "A"]) }
    #expect(throws: FieldError(field: "library[lib].units", value: "DN", rule: "must be e-/s")) {
      try library(units: "DN")
    }
    #expect(
      throws: FieldError(field: "library[lib].pixel_scale_arcsec", value: "nan", rule: "must be finite and > 0")
    ) { try library(scale: .nan) }
    #expect(
      throws: FieldError(field: "library[lib].patches", value: "0", rule: "a library needs at least one patch")
    ) { try library(patches: []) }
    let other = try Self.patch(width: 5)
    #expect(
      throws: FieldError(
        field: "library[lib].patches[1].shape", value: "2×3×5",
        rule: "every patch must be 2×3×4 (bands × height × width)")
    ) { try library(patches: [patch, other]) }
  }

  @Test func placementRules() throws {
    let library = try BackgroundLibrary(
      name: "lib", bands: ["A", "B"], pixelScaleArcsec: 0.05, patches: [try Self.patch()], provenance: "")
    func cut(_ placement: BackgroundPlacement, bands: [Int] = [0]) throws(FieldError) {
      _ = try placement.cutout(from: library, bandIndices: bands, width: 2, height: 2)
    }
    #expect(throws: FieldError(field: "placement.patchIndex", value: "1", rule: "must lie in 0..<1")) {
      try cut(BackgroundPlacement(patchIndex: 1, flipped: false, quarterTurns: 0, originX: 0, originY: 0))
    }
    #expect(throws: FieldError(field: "placement.quarterTurns", value: "4", rule: "must be 0…3")) {
      try cut(BackgroundPlacement(patchIndex: 0, flipped: false, quarterTurns: 4, originX: 0, originY: 0))
    }
    // A quarter turn makes the 4×3 patch 3×4: x origin 2 no longer leaves room for 2 columns.
    #expect(
      throws: FieldError(
        field: "placement.origin", value: "(2, 0)", rule: "a 2×2 cut-out must lie inside the 3×4 oriented patch")
    ) { try cut(BackgroundPlacement(patchIndex: 0, flipped: false, quarterTurns: 1, originX: 2, originY: 0)) }
    try cut(BackgroundPlacement(patchIndex: 0, flipped: false, quarterTurns: 0, originX: 2, originY: 0))
    #expect(
      throws: FieldError(
        field: "placement.bandIndices", value: "[2]",
        rule: "band indices must lie in the library's 2 bands and match the image")
    ) {
      try cut(BackgroundPlacement(patchIndex: 0, flipped: false, quarterTurns: 0, originX: 0, originY: 0), bands: [2])
    }
  }

  @Test func starFormationHistoryRules() throws {
    let nodes = [7.0, 8.0, 9.0]
    #expect(throws: FieldError(field: "starFormationHistory.bins", value: "[]", rule: "needs at least one bin")) {
      try StarFormationHistory(bins: [], ageNodes: nodes)
    }
    #expect(
      throws: FieldError(
        field: "starFormationHistory.bins[1].formedMass", value: "nan", rule: "must be a finite mass ≥ 0")
    ) {
      try StarFormationHistory(
        bins: [
          .init(logAgeMin: 7, logAgeMax: 8, metallicity: 0, formedMass: 1),
          .init(logAgeMin: 8, logAgeMax: 9, metallicity: 0, formedMass: .nan),
        ], ageNodes: nodes)
    }
    #expect(
      throws: FieldError(
        field: "starFormationHistory.bins[*].formedMass", value: "[0.0, 0.0]",
        rule: "the bins must form a positive total mass")
    ) {
      try StarFormationHistory(
        bins: [
          .init(logAgeMin: 7, logAgeMax: 8, metallicity: 0, formedMass: 0),
          .init(logAgeMin: 8, logAgeMax: 9, metallicity: 0, formedMass: 0),
        ], ageNodes: nodes)
    }
    #expect(
      throws: FieldError(
        field: "starFormationHistory.bins[1].logAgeRange", value: "[9.2, 9.8]",
        rule: "needs logAgeMax > logAgeMin and at least one isochrone age inside")
    ) {
      try StarFormationHistory(
        bins: [
          .init(logAgeMin: 7, logAgeMax: 8, metallicity: 0, formedMass: 1),
          .init(logAgeMin: 9.2, logAgeMax: 9.8, metallicity: 0, formedMass: 1),
        ], ageNodes: nodes)
    }
  }

  /// The folder loader reports the domain's field path against `library.json`.
  @Test func folderLoaderNamesTheManifest() throws {
    let directory = try TemporaryDirectory("background-validation")
    defer { directory.remove() }
    let folder = directory.path("lib")
    let library = try BackgroundLibrary(
      name: "lib", bands: ["A", "B"], pixelScaleArcsec: 0.05, patches: [try Self.patch()], provenance: "")
    try BackgroundLibraryFolder.write(library, to: folder)
    let manifest = URL(fileURLWithPath: folder).appendingPathComponent(BackgroundLibraryFolder.manifestName).path
    var json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as? [String: Any])
    json["units"] = "DN"
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: manifest))
    #expect(throws: FieldError(file: manifest, field: "library[lib].units", value: "DN", rule: "must be e-/s")) {
      try BackgroundLibraryFolder.load(folder)
    }
    try FileManager.default.removeItem(atPath: manifest)
    #expect(
      throws: FieldError(
        file: manifest, field: "file", value: "missing", rule: "a background library folder holds library.json")
    ) { try BackgroundLibraryFolder.load(folder) }
  }
}
