import FITS
import Foundation
import Optics

/// Shape measures of one PSF, as compared between the model and the reference.
public struct PSFShape: Sendable, Equatable {
  public let fwhmArcsec: Double
  /// EE(r) / EE(normalisation radius) at `PSFComparison.radiiArcsec`.
  public let encircledEnergy: [Double]

  /// Measures an ePSF sampled at 1/4 of a native pixel (101×101 like PSFSTD).
  public init(_ image: DiffractionImage, normalisationRadiusArcsec: Double) {
    fwhmArcsec = image.halfMaximumDiameterArcsec()
    encircledEnergy = PSFComparison.radiiArcsec.map {
      image.encircledEnergyFraction(radiusArcsec: $0, normalisationRadiusArcsec: normalisationRadiusArcsec)
    }
  }
}

/// One band's model-vs-reference comparison.
public struct PSFComparisonRow: Sendable {
  public let band: PHATPSFBand
  public let model: PSFShape
  public let reference: PSFShape
  public let normalisationRadiusArcsec: Double

  public var fwhmRelativeDifference: Double { model.fwhmArcsec / reference.fwhmArcsec - 1 }
  public var encircledEnergyDifferences: [Double] { zip(model.encircledEnergy, reference.encircledEnergy).map(-) }

  /// Whether the model meets the tolerances (FWHM within 10 %, each EE within 0.05).
  public var passes: Bool {
    abs(fwhmRelativeDifference) <= PSFComparison.fwhmTolerance
      && encircledEnergyDifferences.allSatisfy { abs($0) <= PSFComparison.encircledEnergyTolerance }
  }
}

/// Compares Starmill's physical ePSFs with Anderson's empirical PSFSTD libraries like with like:
/// both at the band's native pixel, both pixel-convolved, both sampled at 1/4 native pixel on a
/// 101×101 grid, both measured by the same code (area FWHM; EE normalised within the same radius).
/// The reference is the library's central plane, index (NYPSFS/2)·NXPSFS + NXPSFS/2, with its
/// flagged samples (≤ −0.01, the −0.1 fill of the WFC3/UVIS edges) set to zero.
public enum PSFComparison {
  public static let radiiArcsec = [0.1, 0.2, 0.4]
  public static let fwhmTolerance = 0.10
  public static let encircledEnergyTolerance = 0.05
  static let flaggedSampleLimit = -0.01

  /// The model's native-pixel ePSF in the PSFSTD sampling.
  public static func modelNativePSF(_ band: PHATPSFBand, options: PSFBuildOptions) throws -> DiffractionImage {
    let spectrum = try PSFBuilder.spectrum(for: band, options: options)
    let model = PSFBuilder.model(for: band, options: options)
    return model.nativeEffectivePSF(spectrum: spectrum, oversampling: 4, halfWidthSamples: 50, workers: options.workers)
  }

  /// The central plane of a PSFSTD cube as an image of 1/4-native-pixel samples.
  public static func referencePSF(at url: URL, nativePixelScaleArcsec: Double) throws -> DiffractionImage {
    let file = try FITSFile(openingAtPath: url.path)
    defer { try? file.close() }
    let cube = try file.readImage(as: Double.self)
    guard cube.shape.count == 3, cube.shape[1] == cube.shape[2] else {
      throw PSFComparisonError.notACube(path: url.path, shape: cube.shape)
    }
    // Some files spell the keys in mixed case (NXPSFs): match case-insensitively.
    var grid: [String: Int] = [:]
    for keyword in try file.keywords() {
      let name = keyword.name.uppercased()
      if name == "NXPSFS" || name == "NYPSFS", case .int(let value) = keyword.value { grid[name] = value }
    }
    guard let nx = grid["NXPSFS"], let ny = grid["NYPSFS"], nx * ny == cube.shape[0] else {
      throw PSFComparisonError.missingGrid(path: url.path, planes: cube.shape[0])
    }
    let index = (ny / 2) * nx + nx / 2
    let side = cube.shape[1]
    var plane = Array(cube.pixels[(index * side * side)..<((index + 1) * side * side)])
    for k in plane.indices where plane[k] <= flaggedSampleLimit { plane[k] = 0 }
    return DiffractionImage(size: side, spacingArcsec: nativePixelScaleArcsec / 4, values: plane)
  }

  /// Compares every band of `options`, reading the references from `referenceDirectory`.
  public static func compare(options: PSFBuildOptions, referenceDirectory: URL) throws -> [PSFComparisonRow] {
    try options.bands.map { band in
      let model = try modelNativePSF(band, options: options)
      let reference = try referencePSF(
        at: referenceDirectory.appendingPathComponent(band.referenceFileName),
        nativePixelScaleArcsec: band.detector.pixelScaleArcsec)
      let radius = band.normalisationRadiusArcsec
      return PSFComparisonRow(
        band: band, model: PSFShape(model, normalisationRadiusArcsec: radius),
        reference: PSFShape(reference, normalisationRadiusArcsec: radius), normalisationRadiusArcsec: radius)
    }
  }

  /// The comparison as a Markdown table.
  public static func markdownTable(_ rows: [PSFComparisonRow]) -> String {
    func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
    func signed(_ x: Double, _ digits: Int = 3) -> String { String(format: "%+.\(digits)f", x) }
    var text = "| band | camera | FWHM model (″) | FWHM PSFSTD (″) | ΔFWHM | EE 0.1″ model / ref | "
    text += "EE 0.2″ model / ref | EE 0.4″ model / ref | EE norm. r (″) | max abs ΔEE | within tolerance |\n"
    text += "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    for row in rows {
      let ee = (0..<radiiArcsec.count).map {
        "\(f(row.model.encircledEnergy[$0])) / \(f(row.reference.encircledEnergy[$0]))"
      }
      let maxDifference = row.encircledEnergyDifferences.map(abs).max() ?? 0
      text += "| \(row.band.rawValue) | \(row.band.camera.rawValue) | \(f(row.model.fwhmArcsec, 4)) | "
      text += "\(f(row.reference.fwhmArcsec, 4)) | \(signed(row.fwhmRelativeDifference * 100, 1)) % | "
      text += ee.joined(separator: " | ")
      text += " | \(f(row.normalisationRadiusArcsec, 2)) | \(f(maxDifference)) | \(row.passes ? "yes" : "NO") |\n"
    }
    return text
  }
}

/// Why a reference PSF could not be used.
public enum PSFComparisonError: Error, CustomStringConvertible {
  case notACube(path: String, shape: [Int])
  case missingGrid(path: String, planes: Int)

  public var description: String {
    switch self {
    case .notACube(let path, let shape):
      return "\(path): shape \(shape); a PSFSTD library is a cube of square planes"
    case .missingGrid(let path, let planes):
      return "\(path): NXPSFS × NYPSFS must be present and equal the \(planes) planes"
    }
  }
}
