import Backgrounds
import FITS
import Foundation
import Numerics

/// Reads and writes a background library folder `Backgrounds/<name>/`:
///
/// - `library.json`: name, bands, units ("e-/s"), pixel_scale_arcsec, patch_width/height,
///   provenance, and one entry per patch: file, source, origin_x/y (0-based pixel of the source
///   at the patch's pixel (0, 0)), density_class, mean and robust σ per band (e⁻/s).
/// - `patches/patch-NNNN.fits`: one multi-extension FITS per patch: an empty primary HDU with
///   SOURCE, ORIGINX, ORIGINY, DENSITY, BUNIT, PIXSCALE, then one Float32 IMAGE extension per band
///   with EXTNAME = band (opens in DS9 and astropy as `fits.open(f)['F475W'].data`).
///
/// `write` builds the folder under a temporary name next to the target and renames it when
/// complete, so an error never leaves a partial library behind.
public enum BackgroundLibraryFolder {
  public static let manifestName = "library.json"

  struct Manifest: Codable {
    var format: String
    var name: String
    var bands: [String]
    var units: String
    var pixel_scale_arcsec: Double
    var patch_width: Int
    var patch_height: Int
    var provenance: String
    var patches: [Entry]
  }

  struct Entry: Codable {
    var file: String
    var source: String
    var origin_x: Int
    var origin_y: Int
    var density_class: String
    var mean_electrons_per_second: [Double]
    var noise_sigma_electrons_per_second: [Double]
  }

  static let formatName = "starmill-background-library-1"

  /// Loads the whole library into memory.
  public static func load(_ folder: String) throws -> BackgroundLibrary {
    let manifestPath = URL(fileURLWithPath: folder).appendingPathComponent(manifestName).path
    guard let data = FileManager.default.contents(atPath: manifestPath) else {
      throw FieldError(
        file: manifestPath, field: "file", value: "missing", rule: "a background library folder holds \(manifestName)")
    }
    let manifest: Manifest
    do {
      manifest = try JSONDecoder().decode(Manifest.self, from: data)
    } catch {
      throw FieldError(file: manifestPath, field: "json", value: "unreadable", rule: "\(error)")
    }
    guard manifest.format == formatName else {
      throw FieldError(
        file: manifestPath, field: "format", value: manifest.format, rule: "expected \(formatName)")
    }
    var patches: [BackgroundPatch] = []
    for entry in manifest.patches {
      let path = URL(fileURLWithPath: folder).appendingPathComponent(entry.file).path
      var pixels: [Float] = []
      pixels.reserveCapacity(manifest.bands.count * manifest.patch_width * manifest.patch_height)
      let file = try FITSFile(openingAtPath: path)
      for band in manifest.bands {
        try file.move(to: .name(band))
        let image = try file.readImage(as: Float.self)
        guard image.shape == [manifest.patch_height, manifest.patch_width] else {
          throw FieldError(
            file: path, field: "extension \(band) NAXIS", value: "\(image.shape.reversed())",
            rule: "every patch is \(manifest.patch_width)×\(manifest.patch_height) (\(manifestName))")
        }
        pixels += image.pixels
      }
      try file.close()
      do {
        patches.append(
          try BackgroundPatch(
            bandCount: manifest.bands.count, width: manifest.patch_width, height: manifest.patch_height,
            pixels: pixels, origin: .init(source: entry.source, x: entry.origin_x, y: entry.origin_y),
            densityClass: entry.density_class))
      } catch {
        throw error.inFile(path)
      }
    }
    do {
      return try BackgroundLibrary(
        name: manifest.name, bands: manifest.bands, pixelScaleArcsec: manifest.pixel_scale_arcsec, patches: patches,
        provenance: manifest.provenance, units: manifest.units)
    } catch {
      throw error.inFile(manifestPath)
    }
  }

  /// Writes `library` to `folder` (replacing an existing library there only when `overwrite`),
  /// atomically: temp folder, then rename. `extraFiles` (name → text, e.g. a README) go in too.
  public static func write(
    _ library: BackgroundLibrary, to folder: String, overwrite: Bool = false, extraFiles: [String: String] = [:]
  ) throws {
    let fileManager = FileManager.default
    let target = URL(fileURLWithPath: folder).standardizedFileURL
    if fileManager.fileExists(atPath: target.path), !overwrite {
      throw FieldError(
        file: target.path, field: "output", value: "exists",
        rule: "refusing to replace an existing folder (--overwrite)")
    }
    try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    let temporary = target.deletingLastPathComponent().appendingPathComponent(
      ".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    try? fileManager.removeItem(at: temporary)
    do {
      try fileManager.createDirectory(
        at: temporary.appendingPathComponent("patches"), withIntermediateDirectories: true)
      var entries: [Entry] = []
      let size = library.patchWidth * library.patchHeight
      for (index, patch) in library.patches.enumerated() {
        let name = String(format: "patches/patch-%04d.fits", index)
        let file = try FITSFile(creatingAtPath: temporary.appendingPathComponent(name).path)
        try file.appendEmptyPrimary()
        try file.setKeyword(
          "SOURCE", .string(String(patch.origin.source.prefix(60))), comment: "where the patch was cut")
        try file.setKeyword("ORIGINX", .int(patch.origin.x), comment: "0-based source pixel x at patch (0,0)")
        try file.setKeyword("ORIGINY", .int(patch.origin.y), comment: "0-based source pixel y at patch (0,0)")
        try file.setKeyword("DENSITY", .string(patch.densityClass), comment: "star-density class")
        try file.setKeyword("BUNIT", .string("ELECTRONS/S"), comment: "e-/s per pixel")
        try file.setKeyword("PIXSCALE", .double(library.pixelScaleArcsec), comment: "arcsec per pixel")
        for (band, bandName) in library.bands.enumerated() {
          let pixels = Array(patch.pixels[(band * size)..<((band + 1) * size)])
          try file.appendImage(
            try FITSImage(shape: [library.patchHeight, library.patchWidth], pixels: pixels), extensionName: bandName)
          try file.setKeyword("BUNIT", .string("ELECTRONS/S"), comment: "e-/s per pixel")
          try file.setKeyword("FILTER", .string(bandName), comment: "band")
        }
        try file.close()
        entries.append(
          Entry(
            file: name, source: patch.origin.source, origin_x: patch.origin.x, origin_y: patch.origin.y,
            density_class: patch.densityClass, mean_electrons_per_second: patch.meanElectronsPerSecond,
            noise_sigma_electrons_per_second: patch.noiseSigmaElectronsPerSecond))
      }
      let manifest = Manifest(
        format: formatName, name: library.name, bands: library.bands, units: library.units,
        pixel_scale_arcsec: library.pixelScaleArcsec, patch_width: library.patchWidth,
        patch_height: library.patchHeight, provenance: library.provenance, patches: entries)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(manifest).write(to: temporary.appendingPathComponent(manifestName))
      for (name, text) in extraFiles {
        try Data(text.utf8).write(to: temporary.appendingPathComponent(name))
      }
      if fileManager.fileExists(atPath: target.path) { try fileManager.removeItem(at: target) }
      try fileManager.moveItem(at: temporary, to: target)
    } catch {
      try? fileManager.removeItem(at: temporary)
      throw error
    }
  }
}
