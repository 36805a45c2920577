import Backgrounds
import FITS
import Foundation
import Numerics
import Pipeline
import StarmillTestSupport
import Testing

/// `backgrounds import` on FITS mosaics made here (with WCS headers): a good import, and every bad
/// input refused with a message naming the file and keyword, leaving no library folder behind.
@Suite struct BackgroundImportTests {
  struct Mosaic {
    var width = 70
    var height = 60
    var crpix = (35.0, 30.0)
    var crval = (11.13, 41.86)
    var scaleDegrees = 0.05 / 3600
    var unit: String? = "ELECTRONS/S"
    var exptime: Double?
    var fill: Float? = nil
    var sciExtension = true
    var level: Float = 1
  }

  static func write(_ mosaic: Mosaic, to path: String, seed: UInt64) throws {
    let generator = RandomGenerator(seed: seed, stream: 0)
    var pixels = (0..<(mosaic.width * mosaic.height)).map { _ in
      mosaic.level + Float(generator.gaussian(sigma: 0.05))
    }
    if let fill = mosaic.fill { pixels = pixels.map { _ in fill } }
    // Zero-weight border (as drizzle writes): the left 10 columns.
    for y in 0..<mosaic.height { for x in 0..<10 { pixels[y * mosaic.width + x] = 0 } }
    let file = try FITSFile(creatingAtPath: path)
    if mosaic.sciExtension { try file.appendEmptyPrimary() }
    if let exptime = mosaic.exptime { try file.setKeyword("EXPTIME", .double(exptime)) }
    try file.appendImage(
      try FITSImage(shape: [mosaic.height, mosaic.width], pixels: pixels),
      extensionName: mosaic.sciExtension ? "SCI" : nil)
    if let unit = mosaic.unit { try file.setKeyword("BUNIT", .string(unit)) }
    try file.setKeyword("CRPIX1", .double(mosaic.crpix.0))
    try file.setKeyword("CRPIX2", .double(mosaic.crpix.1))
    try file.setKeyword("CRVAL1", .double(mosaic.crval.0))
    try file.setKeyword("CRVAL2", .double(mosaic.crval.1))
    try file.setKeyword("CD1_1", .double(-mosaic.scaleDegrees))
    try file.setKeyword("CD1_2", .double(0))
    try file.setKeyword("CD2_1", .double(0))
    try file.setKeyword("CD2_2", .double(mosaic.scaleDegrees))
    try file.close()
  }

  /// Runs import + write with the given mosaics; returns the error text (nil on success).
  func importing(_ mosaics: [String: Mosaic], bands: [String] = ["F475W", "F814W"], in folder: TemporaryDirectory)
    throws -> (error: String?, output: String)
  {
    var images: [String: String] = [:]
    for (index, (band, mosaic)) in mosaics.sorted(by: { $0.key < $1.key }).enumerated() {
      let path = folder.path("\(band).fits")
      try Self.write(mosaic, to: path, seed: UInt64(index))
      images[band] = path
    }
    let output = folder.path("library")
    do {
      let summary = try BackgroundImport.run(
        .init(name: "test", bands: bands, images: images, patchSize: 20, stride: 10))
      try BackgroundLibraryFolder.write(summary.library, to: output)
      return (nil, output)
    } catch {
      return ("\(error)", output)
    }
  }

  @Test func goodMosaicsBecomeALibraryThatRoundTrips() throws {
    let folder = try TemporaryDirectory()
    var counts = Mosaic()
    counts.unit = "COUNTS"
    counts.exptime = 400
    counts.level = 400  // 1 e⁻/s after ÷ EXPTIME
    let (error, output) = try importing(["F475W": Mosaic(), "F814W": counts], in: folder)
    #expect(error == nil)
    let library = try BackgroundLibraryFolder.load(output)
    // Columns 0–9 are zero weight: patch corners x ∈ {10, 20, …, 50}, y ∈ {0, 10, …, 40}.
    #expect(library.patches.count == 5 * 5)
    #expect(library.patches.allSatisfy { $0.origin.x >= 10 })
    #expect(abs(library.pixelScaleArcsec - 0.05) < 1e-9)
    for patch in library.patches {
      for band in 0..<2 {
        #expect(abs(patch.meanElectronsPerSecond[band] - 1) < 0.02)
        #expect(
          abs(patch.noiseSigmaElectronsPerSecond[band] - (band == 0 ? 0.05 : 0.05 / 400)) < 0.2
            * (band == 0 ? 0.05 : 0.05 / 400))
      }
    }
    // Astropy-friendly: EXTNAME per band.
    let file = try FITSFile(openingAtPath: output + "/patches/patch-0000.fits")
    try file.move(to: .name("F814W"))
    #expect(try file.imageShape == [20, 20])
  }

  @Test func badInputsAreRefusedWithoutAPartialLibrary() throws {
    var cases: [(String, [String: Mosaic], [String], String)] = []
    cases.append(("band missing", ["F475W": Mosaic()], ["F475W", "F814W"], "image for F814W"))
    var wide = Mosaic()
    wide.width = 80
    cases.append(("shapes differ", ["F475W": Mosaic(), "F814W": wide], ["F475W", "F814W"], "NAXIS1×NAXIS2"))
    var coarse = Mosaic()
    coarse.scaleDegrees = 0.06 / 3600
    cases.append(("pixel scales differ", ["F475W": Mosaic(), "F814W": coarse], ["F475W", "F814W"], "CD1_1"))
    var shifted = Mosaic()
    shifted.crval = (11.13 + 0.5 / 3600, 41.86)
    cases.append(("WCS mismatch", ["F475W": Mosaic(), "F814W": shifted], ["F475W", "F814W"], "CRVAL/CRPIX"))
    var empty = Mosaic()
    empty.fill = .nan
    cases.append(("all NaN", ["F475W": Mosaic(), "F814W": empty], ["F475W", "F814W"], "F814W"))
    var unitless = Mosaic()
    unitless.unit = nil
    cases.append(("no unit", ["F475W": unitless, "F814W": Mosaic()], ["F475W", "F814W"], "BUNIT"))
    for (name, mosaics, bands, keyword) in cases {
      let folder = try TemporaryDirectory()
      let (error, output) = try importing(mosaics, bands: bands, in: folder)
      #expect(error != nil, "\(name) must fail")
      let text = error ?? "no error"
      #expect(text.contains(keyword), "\(name): \(text)")
      #expect(!FileManager.default.fileExists(atPath: output), "\(name) left a library behind")
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains("tmp") }
      #expect(leftovers.isEmpty)
    }
    // Unreadable file.
    let folder = try TemporaryDirectory()
    let junk = folder.path("junk.fits")
    try Data("not a FITS file".utf8).write(to: URL(fileURLWithPath: junk))
    try Self.write(Mosaic(), to: folder.path("good.fits"), seed: 1)
    #expect {
      try BackgroundImport.run(
        .init(name: "t", bands: ["F475W", "F814W"], images: ["F475W": folder.path("good.fits"), "F814W": junk]))
    } throws: { "\($0)".contains("junk.fits") && "\($0)".contains("unreadable") }
  }
}
