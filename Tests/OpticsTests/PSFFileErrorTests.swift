import FITS
import Foundation
import Numerics
import Optics
import Pipeline
import StarmillTestSupport
import Testing

/// A PSF file that cannot become a PSF model is refused with a `FieldError` naming the file, the
/// header key (or the samples), the value found and the rule; the Optics module's own errors
/// keep their parameter name, value and rule once the reader adds the file.
@Suite struct PSFFileErrorTests {
  /// Writes a primary image of `shape` (slowest axis first), all samples `value` but a bright
  /// centre, with the given header keys.
  static func write(
    _ path: String, shape: [Int], value: Double = 0.01, keys: [(String, FITSHeaderValue)] = []
  ) throws {
    var pixels = [Double](repeating: value, count: shape.reduce(1, *))
    pixels[pixels.count / 2] = 1
    let file = try FITSFile(creatingAtPath: path)
    try file.appendImage(try FITSImage(shape: shape, pixels: pixels))
    for (key, keyValue) in keys { try file.setKeyword(key, keyValue) }
    try file.close()
  }

  @Test func headerRulesNameTheFileAndKey() throws {
    let directory = try TemporaryDirectory("psf-file-errors")
    defer { directory.remove() }
    let path = directory.path("psf.fits")

    try Self.write(path, shape: [9, 9])
    #expect(
      throws: FieldError(
        file: path, field: "OVERSAMP", value: "absent", rule: "needed (or pass defaultOversampling)")
    ) { try PSFFileReader.effectivePSF(atPath: path) }

    try Self.write(path, shape: [9, 9], keys: [("OVERSAMP", .int(0))])
    #expect(throws: FieldError(file: path, field: "OVERSAMP", value: "0", rule: "must be ≥ 1")) {
      try PSFFileReader.effectivePSF(atPath: path)
    }

    try Self.write(path, shape: [3, 9, 9])
    #expect(throws: FieldError(file: path, field: "NAXIS", value: "3", rule: "an ePSF must be 2-D")) {
      try PSFFileReader.effectivePSF(atPath: path, defaultOversampling: 4)
    }

    try Self.write(path, shape: [3, 9, 9], keys: [("NXPSFS", .int(2)), ("NYPSFS", .int(2))])
    #expect(
      throws: FieldError(file: path, field: "NXPSFS×NYPSFS", value: "2×2", rule: "must equal NAXIS3 = 3")
    ) { try PSFFileReader.effectivePSFLibrary(atPath: path) }

    try Self.write(path, shape: [9, 9], keys: [("PIXSCALE", .double(-0.01))])
    #expect(throws: FieldError(file: path, field: "PIXSCALE", value: "-0.01", rule: "must be > 0")) {
      try PSFFileReader.psfImage(atPath: path, detectorPixelScaleArcsec: 0.05)
    }
  }

  /// Optics' parameter errors keep name, value and rule; grid errors land on the samples.
  @Test func opticsErrorsGainTheFile() throws {
    let directory = try TemporaryDirectory("psf-file-errors")
    defer { directory.remove() }
    let path = directory.path("psf.fits")

    try Self.write(path, shape: [9, 9])
    #expect(
      throws: FieldError(file: path, field: "sampleSpacingPixels", value: "-1.0", rule: "must be > 0")
    ) { try PSFFileReader.psfImage(atPath: path, detectorPixelScaleArcsec: 0.05, defaultSampleSpacingPixels: -1) }

    try Self.write(path, shape: [9, 9], keys: [("OVERSAMP", .int(4)), ("CENTER", .double(20))])
    #expect(
      throws: FieldError(file: path, field: "samples", value: "", rule: "centre (20.0, 20.0) outside the 9×9 grid")
    ) { try PSFFileReader.effectivePSF(atPath: path) }
    #expect(
      FieldError(file: path, field: "samples", value: "", rule: "r").description == "\(path): samples: r",
      "no single value: FILE: FIELD: RULE")
  }
}
