import FITS
import Foundation
import Optics

/// What `starmill psf build` computes for each band.
public struct PSFBuildOptions: Sendable {
  /// Folder of the throughput curves (`*.par`).
  public var filtersDirectory: URL
  public var bands: [PHATPSFBand]
  /// Image-grid pixel scale of the recipes, arcsec.
  public var gridPixelScaleArcsec: Double
  /// ePSF samples per grid pixel.
  public var oversampling: Int
  /// Grid pixels kept either side of the centre.
  public var halfWidthPixels: Int
  /// Wavelength nodes across each band.
  public var wavelengthCount: Int
  /// Minimum pupil samples across the diameter.
  public var minimumPupilSamples: Int
  /// Threads.
  public var workers: Int

  public init(
    filtersDirectory: URL, bands: [PHATPSFBand] = PHATPSFBand.allCases,
    gridPixelScaleArcsec: Double = PSFBuildDefaults.gridPixelScaleArcsec,
    oversampling: Int = PSFBuildDefaults.oversampling, halfWidthPixels: Int = PSFBuildDefaults.halfWidthPixels,
    wavelengthCount: Int = PSFBuildDefaults.wavelengthCount,
    minimumPupilSamples: Int = PSFBuildDefaults.minimumPupilSamples,
    workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
  ) {
    self.filtersDirectory = filtersDirectory
    self.bands = bands
    self.gridPixelScaleArcsec = gridPixelScaleArcsec
    self.oversampling = oversampling
    self.halfWidthPixels = halfWidthPixels
    self.wavelengthCount = wavelengthCount
    self.minimumPupilSamples = minimumPupilSamples
    self.workers = workers
  }
}

/// One band's built effective PSF and how it was made.
public struct BuiltPSF: Sendable {
  public let band: PHATPSFBand
  public let spectrum: DiffractionSpectrum
  public let model: DiffractionPSFModel
  /// The ePSF on the image grid (fraction of the star's light per grid pixel).
  public let image: DiffractionImage
  public let options: PSFBuildOptions
}

/// Builds the bundled PHAT ePSFs from physics and writes them as FITS images.
///
/// File format (one 2-D Float32 image per band, `epsf_<BAND>.fits`): sample (i, j) (0-based) is
/// the fraction of a star's total light that falls in an image-grid pixel whose centre is offset
/// ((i − CENTER)/OVERSAMP, (j − CENTER)/OVERSAMP) grid pixels from the star. Keys: `PIXSCALE`
/// arcsec per sample OF THE FILE (TinyTim/WebbPSF convention) = GRIDSCAL/OVERSAMP; `OVERSAMP`
/// samples per image-grid pixel; `CENTER` the 0-based centre sample on both axes; `GRIDSCAL` the
/// grid pixel (arcsec); `DETSCALE` the native detector pixel (arcsec); `FLUXFRAC` the light
/// inside the file (sum over one sampling phase; < 1 because the far wings are cut).
public enum PSFBuilder {
  /// Reads the band's throughput and returns its photon-weighted wavelength nodes.
  public static func spectrum(for band: PHATPSFBand, options: PSFBuildOptions) throws -> DiffractionSpectrum {
    let curve = try ThroughputCurve.read(from: options.filtersDirectory.appendingPathComponent(band.throughputFileName))
    return DiffractionSpectrum.photonWeighted(
      wavelengthsNanometres: curve.wavelengthsNanometres, throughput: curve.throughput,
      count: options.wavelengthCount)
  }

  /// The band's model with the build's pupil sampling.
  public static func model(for band: PHATPSFBand, options: PSFBuildOptions) -> DiffractionPSFModel {
    var model = band.model
    model.minimumPupilSamples = options.minimumPupilSamples
    return model
  }

  /// Builds one band's ePSF on the image grid.
  public static func build(_ band: PHATPSFBand, options: PSFBuildOptions) throws -> BuiltPSF {
    let spectrum = try spectrum(for: band, options: options)
    let model = model(for: band, options: options)
    let image = model.gridEffectivePSF(
      spectrum: spectrum, gridPixelScaleArcsec: options.gridPixelScaleArcsec, oversampling: options.oversampling,
      halfWidthPixels: options.halfWidthPixels, workers: options.workers)
    return BuiltPSF(band: band, spectrum: spectrum, model: model, image: image, options: options)
  }

  /// The file name of a band's ePSF.
  public static func fileName(for band: PHATPSFBand) -> String { "epsf_\(band.rawValue).fits" }

  /// Writes `built` into `directory` (created if needed), under a temporary name renamed when
  /// complete, so a failure never leaves a half-written file behind.
  @discardableResult
  public static func write(_ built: BuiltPSF, to directory: URL) throws -> URL {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let final = directory.appendingPathComponent(fileName(for: built.band))
    let temporary = directory.appendingPathComponent(".\(fileName(for: built.band)).partial")
    try? FileManager.default.removeItem(at: temporary)
    do {
      let file = try FITSFile(creatingAtPath: temporary.path, overwrite: true)
      let image = built.image
      try file.appendImage(try FITSImage(shape: [image.size, image.size], pixels: image.values.map { Float($0) }))
      let options = built.options
      let model = built.model
      let oversampling = Double(options.oversampling)
      let phaseSum = image.total / (oversampling * oversampling)
      let keys: [(String, FITSHeaderValue, String)] = [
        ("PIXSCALE", .double(image.spacingArcsec), "arcsec per sample of this file"),
        ("OVERSAMP", .int(options.oversampling), "samples per image-grid pixel"),
        ("CENTER", .double(image.centreIndex), "0-based centre sample, both axes"),
        ("GRIDSCAL", .double(options.gridPixelScaleArcsec), "image-grid pixel, arcsec"),
        ("DETSCALE", .double(model.detector.pixelScaleArcsec), "native detector pixel, arcsec"),
        ("FLUXFRAC", .double(phaseSum), "light inside the file (one sampling phase)"),
        ("FILTER", .string(built.band.rawValue), "PHAT band"),
        ("CAMERA", .string(built.band.camera.rawValue), "HST camera"),
        ("PSFTYPE", .string("ePSF"), "pixel-convolved effective PSF"),
        ("NWAVE", .int(built.spectrum.nodes.count), "wavelength nodes"),
        ("MEANWAVE", .double(built.spectrum.meanWavelengthNanometres), "photon-weighted mean wavelength, nm"),
        ("JITTER", .double(model.jitterSigmaArcsec), "Gaussian jitter sigma, arcsec"),
        ("HALORMS", .double(model.halo.rmsNanometres), "scatter-halo wavefront RMS, nm"),
        ("ABERRMS", .double(model.aberration.totalRMSNanometres), "low-order wavefront RMS, nm"),
        ("NPUPIL", .int(model.minimumPupilSamples), "minimum pupil samples across D"),
        ("ORIGIN", .string("starmill \(StarmillVersion.string) psf build"), "software"),
      ]
      for (key, value, comment) in keys { try file.setKeyword(key, value, comment: comment) }
      try file.addComment("Starmill physical ePSF: diffraction (HST pupil, TinyTim tables) x band x detector.")
      try file.addComment("Value = fraction of a star's light in an image pixel centred at that sample offset.")
      try file.close()
      if FileManager.default.fileExists(atPath: final.path) { try FileManager.default.removeItem(at: final) }
      try FileManager.default.moveItem(at: temporary, to: final)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
    return final
  }
}
