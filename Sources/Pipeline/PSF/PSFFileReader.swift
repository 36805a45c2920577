import FITS
import Numerics
import Optics

/// Reads PSF models from FITS files and hands them to `Optics` as values.
///
/// Formats:
/// - a 2-D effective PSF (like the render fixtures): `OVERSAMP` (samples per detector pixel)
///   and `CENTER` (0-based centre sample on both axes) when present, else the caller's
///   oversampling and the grid's middle;
/// - an HST "PSFSTD" cube (Anderson & King 2006, ACS ISR 2006-01): NAXIS3 planes of 101×101
///   samples, 4× oversampled, centre sample 50, plane `ix + NXPSFS·iy` measured at detector
///   position (`IPSFX<ix+1>`, `JPSFY<iy+1>`); keys are matched case-insensitively (the WFC3/UVIS
///   files write `NXPSFs`);
/// - a plain PSF image such as TinyTim's: samples of `PIXSCALE` arcsec (if present; else
///   `1/OVERSAMP` detector pixels, else the caller's spacing), centred on the brightest sample.
public enum PSFFileReader {
  /// PSFSTD samples at or below this value are flags, not light: several WFC3/UVIS planes carry
  /// a whole edge row of exactly −0.1 (measured), while genuine noise dips are ~10⁻⁵. They read as 0.
  public static let flaggedSampleLimit = -0.01

  /// Reads a 2-D effective PSF, normalised to unit light.
  public static func effectivePSF(atPath path: String, defaultOversampling: Int? = nil) throws -> EffectivePSF {
    let file = try FITSFile(openingAtPath: path)
    defer { try? file.close() }
    let image = try file.readImage(as: Double.self)
    guard image.shape.count == 2 else {
      throw FieldError(file: path, field: "NAXIS", value: "\(image.shape.count)", rule: "an ePSF must be 2-D")
    }
    let height = image.shape[0]
    let width = image.shape[1]
    guard let oversampling = try file.int(forKey: "OVERSAMP") ?? defaultOversampling else {
      throw FieldError(
        file: path, field: "OVERSAMP", value: "absent", rule: "needed (or pass defaultOversampling)")
    }
    guard oversampling >= 1 else {
      throw FieldError(file: path, field: "OVERSAMP", value: "\(oversampling)", rule: "must be ≥ 1")
    }
    let center = try file.double(forKey: "CENTER")
    let centerX = center ?? Double(width - 1) / 2
    let centerY = center ?? Double(height - 1) / 2
    return try wrap(path) {
      try EffectivePSF(
        samples: image.pixels, width: width, height: height, oversampling: oversampling, centerX: centerX,
        centerY: centerY)
    }
  }

  /// The PSF that generation and background synthesis render with: the file's ePSF
  /// (`effectivePSF(atPath:)`) with its outer quarter faded out (`TaperedPSF`), so that the
  /// file's truncation leaves no square edge around bright stars.
  public static func renderingPSF(atPath path: String) throws -> TaperedPSF {
    let psf = try effectivePSF(atPath: path)
    do {
      return try TaperedPSF(base: psf)
    } catch {
      throw FieldError(
        file: path, field: "samples", value: "\(psf.supportHalfWidthPixels) px support", rule: "\(error)")
    }
  }

  /// Reads a PSFSTD cube; flagged samples are zeroed, and `plane(_:)` renormalises each plane.
  public static func effectivePSFLibrary(atPath path: String) throws -> EffectivePSFLibrary {
    let file = try FITSFile(openingAtPath: path)
    defer { try? file.close() }
    let shape = try file.imageShape
    guard shape.count == 3, shape[1] >= 4, shape[2] >= 4 else {
      throw FieldError(
        file: path, field: "NAXIS", value: "\(shape)", rule: "a PSFSTD library is a cube of 2-D planes")
    }
    let planeCount = shape[0]
    let height = shape[1]
    let width = shape[2]
    let oversampling = try file.int(forKey: "OVERSAMP") ?? 4
    guard let nx = try file.int(forKey: "NXPSFS"), let ny = try file.int(forKey: "NYPSFS") else {
      throw FieldError(file: path, field: "NXPSFS/NYPSFS", value: "absent", rule: "PSFSTD cubes declare their grid")
    }
    guard nx >= 1, ny >= 1, nx * ny == planeCount else {
      throw FieldError(
        file: path, field: "NXPSFS×NYPSFS", value: "\(nx)×\(ny)", rule: "must equal NAXIS3 = \(planeCount)")
    }
    var xs: [Double] = []
    var ys: [Double] = []
    for i in 1...nx {
      let key = String(format2: "IPSFX", i)
      guard let value = try file.double(forKey: key) else {
        throw FieldError(file: path, field: key, value: "absent", rule: "each PSF column needs its x position")
      }
      xs.append(value)
    }
    for j in 1...ny {
      let key = String(format2: "JPSFY", j)
      guard let value = try file.double(forKey: key) else {
        throw FieldError(file: path, field: key, value: "absent", rule: "each PSF row needs its y position")
      }
      ys.append(value)
    }
    let cube = try file.readImage(as: Double.self)
    let planeSize = width * height
    var planes: [[Double]] = []
    for k in 0..<planeCount {
      var samples = Array(cube.pixels[(k * planeSize)..<((k + 1) * planeSize)])
      for index in samples.indices where samples[index] <= flaggedSampleLimit { samples[index] = 0 }
      guard samples.allSatisfy(\.isFinite), samples.reduce(0, +) > 0 else {
        throw FieldError(file: path, field: "planes[\(k)]", value: "non-finite or empty", rule: "needs positive light")
      }
      planes.append(samples)
    }
    let positions = (0..<planeCount).map { EffectivePSFLibrary.Position(x: xs[$0 % nx], y: ys[$0 / nx]) }
    return try wrap(path) {
      try EffectivePSFLibrary(
        planeSamples: planes, width: width, height: height, oversampling: oversampling, positions: positions)
    }
  }

  /// Reads a plain PSF image; `detectorPixelScaleArcsec` converts `PIXSCALE` into detector pixels.
  public static func psfImage(
    atPath path: String, detectorPixelScaleArcsec: Double, defaultSampleSpacingPixels: Double? = nil
  ) throws -> PSFImage {
    let file = try FITSFile(openingAtPath: path)
    defer { try? file.close() }
    let image = try file.readImage(as: Double.self)
    guard image.shape.count == 2 else {
      throw FieldError(file: path, field: "NAXIS", value: "\(image.shape.count)", rule: "a PSF image must be 2-D")
    }
    let spacing: Double
    if let scale = try file.double(forKey: "PIXSCALE") {
      guard scale > 0, detectorPixelScaleArcsec > 0 else {
        throw FieldError(file: path, field: "PIXSCALE", value: "\(scale)", rule: "must be > 0")
      }
      spacing = scale / detectorPixelScaleArcsec
    } else if let oversampling = try file.int(forKey: "OVERSAMP") {
      guard oversampling >= 1 else {
        throw FieldError(file: path, field: "OVERSAMP", value: "\(oversampling)", rule: "must be ≥ 1")
      }
      spacing = 1 / Double(oversampling)
    } else if let fallback = defaultSampleSpacingPixels {
      spacing = fallback
    } else {
      throw FieldError(file: path, field: "PIXSCALE/OVERSAMP", value: "absent", rule: "the sample size is needed")
    }
    let width = image.shape[1]
    let brightest = image.pixels.indices.max { image.pixels[$0] < image.pixels[$1] } ?? 0
    return try wrap(path) {
      try PSFImage(
        samples: image.pixels, width: width, height: image.shape[0], sampleSpacingPixels: spacing,
        centerX: Double(brightest % width), centerY: Double(brightest / width))
    }
  }

  /// Re-throws an `OpticsError` as a `FieldError` that names the file: a parameter keeps its
  /// name, value and rule; a grid problem is reported against the samples.
  private static func wrap<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as OpticsError {
      switch error {
      case .invalidParameter(let name, let value, let rule):
        throw FieldError(file: path, field: name, value: "\(value)", rule: rule)
      case .invalidGrid(let detail):
        throw FieldError(file: path, field: "samples", value: "", rule: detail)
      }
    }
  }
}

extension String {
  /// `"IPSFX"` + two-digit index, as the PSFSTD headers spell it.
  fileprivate init(format2 prefix: String, _ index: Int) {
    self = prefix + (index < 10 ? "0\(index)" : "\(index)")
  }
}
