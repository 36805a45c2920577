import Backgrounds
import FITS
import Foundation
import Numerics

/// Builds a background library from a user's real images: one FITS image per band (a PHAT brick
/// mosaic or a cut-out, drizzled, any size; the `SCI` extension when present, else the primary
/// HDU, else the first image extension).
///
/// Checks, each failing with the file and keyword: every band has a readable 2-D image; all
/// bands share NAXIS1×NAXIS2 and the celestial WCS (CD or PC·CDELT to 10⁻⁴ of the pixel scale;
/// CRVAL/CRPIX to 0.01 px) — or none has a WCS and a pixel scale is given; the data unit is known.
///
/// Units → e⁻/s (first that applies): the user's `scales[band]` (e⁻/s per data unit); BUNIT
/// ELECTRONS/S, COUNTS/S, CPS, E-/S → ×1 (drizzled HST counts are electrons); ELECTRONS or
/// COUNTS → ÷ EXPTIME; a flux density (BUNIT with ERG, or any BUNIT with PHOTFLAM present and no
/// count unit) → ÷ PHOTFLAM (PHOTFLAM is the flux density of 1 e⁻/s). Header keys are looked up
/// in the image HDU, then the primary HDU.
///
/// Patches of `patchSize`² px start every `stride` px; each is screened by `PatchScreening` and
/// the survivors keep their source files and 0-based pixel origin.
public enum BackgroundImport {
  public struct Request: Sendable {
    public var name: String
    public var bands: [String]
    /// Band → FITS file.
    public var images: [String: String]
    public var scales: [String: Double]
    public var patchSize: Int
    public var stride: Int
    public var densityClass: String
    public var pixelScaleArcsec: Double?
    public var screening: PatchScreening

    public init(
      name: String, bands: [String], images: [String: String], scales: [String: Double] = [:], patchSize: Int = 128,
      stride: Int = 128, densityClass: String = "imported", pixelScaleArcsec: Double? = nil,
      screening: PatchScreening = PatchScreening()
    ) {
      self.name = name
      self.bands = bands
      self.images = images
      self.scales = scales
      self.patchSize = patchSize
      self.stride = stride
      self.densityClass = densityClass
      self.pixelScaleArcsec = pixelScaleArcsec
      self.screening = screening
    }
  }

  public struct Summary: Sendable {
    public var library: BackgroundLibrary
    public var candidates: Int
    /// Rejection reason (first rule broken) → count.
    public var rejections: [String: Int]
  }

  struct OpenedBand {
    let band: String
    let path: String
    let file: FITSFile
    let grid: PixelGrid
    let scale: Double
    let unitNote: String
  }

  public static func run(_ request: Request) throws -> Summary {
    guard request.patchSize >= 8, request.stride >= 1 else {
      throw FieldError(
        file: "(command line)", field: "patch size / stride", value: "\(request.patchSize) / \(request.stride)",
        rule: "patch size must be ≥ 8 px and stride ≥ 1 px")
    }
    guard !request.bands.isEmpty else {
      throw FieldError(
        file: "(command line)", field: "bands", value: "none", rule: "name at least one band")
    }
    for band in request.bands where request.images[band] == nil {
      throw FieldError(
        file: "(command line)", field: "image for \(band)", value: "missing",
        rule:
          "every band needs one image (--image \(band)=PATH); given: \(request.images.keys.sorted().joined(separator: ", "))"
      )
    }
    for band in request.images.keys where !request.bands.contains(band) {
      throw FieldError(
        file: request.images[band]!, field: "band", value: band,
        rule: "not among the library's bands \(request.bands.joined(separator: ", "))")
    }
    var opened: [OpenedBand] = []
    for band in request.bands { opened.append(try open(band: band, path: request.images[band]!, request: request)) }

    let first = opened[0]
    for other in opened.dropFirst() {
      if let difference = first.grid.mismatch(other.grid) {
        throw FieldError(
          file: other.path, field: "pixel grid of \(other.band)", value: difference,
          rule: "all bands must share one pixel grid and WCS (first band \(first.band): \(first.path))")
      }
    }
    let pixelScale: Double
    if let world = first.grid.world {
      pixelScale = world.pixelScaleArcsec
      if let given = request.pixelScaleArcsec, abs(given - pixelScale) > 1e-4 * pixelScale {
        throw FieldError(
          file: first.path, field: "CD matrix pixel scale", value: "\(pixelScale)″",
          rule: "differs from the given --pixel-scale \(given)″")
      }
    } else if let given = request.pixelScaleArcsec {
      pixelScale = given
    } else {
      throw FieldError(
        file: first.path, field: "CD1_1/CDELT1", value: "missing",
        rule: "the images carry no celestial WCS: give the pixel scale (--pixel-scale)")
    }

    let size = request.patchSize
    let width = first.grid.width
    let height = first.grid.height
    guard width >= size, height >= size else {
      throw FieldError(
        file: first.path, field: "NAXIS1×NAXIS2", value: "\(width)×\(height)",
        rule: "smaller than one \(size)×\(size) patch")
    }
    let sourceName = opened.map { "\($0.band):\(URL(fileURLWithPath: $0.path).lastPathComponent)" }.joined(
      separator: ",")
    var patches: [BackgroundPatch] = []
    var rejections: [String: Int] = [:]
    // Bands read at least once, and bands that showed any finite non-zero pixel.
    var readBands: Set<String> = []
    var bandsWithData: Set<String> = []
    var candidates = 0
    for y0 in stride(from: 0, through: height - size, by: request.stride) {
      for x0 in stride(from: 0, through: width - size, by: request.stride) {
        candidates += 1
        var pixels: [Float] = []
        var rejected: PatchScreening.Rejection?
        for band in opened {
          var region = try band.file.readImageRegion(start: [y0, x0], shape: [size, size], as: Float.self).pixels
          for index in region.indices { region[index] *= Float(band.scale) }
          readBands.insert(band.band)
          if !bandsWithData.contains(band.band), region.contains(where: { $0.isFinite && $0 != 0 }) {
            bandsWithData.insert(band.band)
          }
          if let reason = request.screening.rejection(band: band.band, patch: region, width: size, height: size) {
            rejected = reason
            break
          }
          pixels += region
        }
        if let rejected {
          rejections[Self.ruleName(rejected), default: 0] += 1
          continue
        }
        patches.append(
          try BackgroundPatch(
            bandCount: opened.count, width: size, height: size, pixels: pixels,
            origin: .init(source: sourceName, x: x0, y: y0), densityClass: request.densityClass))
      }
    }
    for band in opened { try band.file.close() }
    if let band = request.bands.first(where: { readBands.contains($0) && !bandsWithData.contains($0) }) {
      throw FieldError(
        file: request.images[band]!, field: "pixels of \(band)", value: "all NaN or zero",
        rule: "the image holds no data where the other bands do")
    }
    guard !patches.isEmpty else {
      let reasons = rejections.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
      throw FieldError(
        file: first.path, field: "patches", value: "0 of \(candidates) usable",
        rule: "every candidate patch broke a screening rule (\(reasons))")
    }
    let notes = opened.map { "\($0.band): \($0.path) (\($0.unitNote))" }.joined(separator: "; ")
    let library = try BackgroundLibrary(
      name: request.name, bands: request.bands, pixelScaleArcsec: pixelScale, patches: patches,
      provenance:
        "starmill backgrounds import; patch \(size) px, stride \(request.stride) px; \(candidates) candidates, "
        + "\(patches.count) kept; inputs: \(notes)")
    return Summary(library: library, candidates: candidates, rejections: rejections)
  }

  static func ruleName(_ rejection: PatchScreening.Rejection) -> String {
    switch rejection {
    case .nonFinite: "NaN"
    case .zeroWeight: "zero-weight"
    case .saturated: "saturated"
    case .brightCore: "bright-core"
    }
  }

  static func open(band: String, path: String, request: Request) throws -> OpenedBand {
    let file: FITSFile
    do {
      file = try FITSFile(openingAtPath: path)
    } catch {
      throw FieldError(file: path, field: "file of \(band)", value: "unreadable", rule: "\(error)")
    }
    do {
      let names = try file.extensionNames()
      var hdu: Int?
      if let sci = names.firstIndex(where: { $0?.uppercased() == "SCI" }) {
        hdu = sci
      } else {
        for index in names.indices {
          try file.move(to: .index(index))
          if try file.currentHDUType == .image, try file.imageShape.count >= 2 {
            hdu = index
            break
          }
        }
      }
      guard let hdu else {
        throw FieldError(
          file: path, field: "NAXIS", value: "no image", rule: "needs a 2-D image (SCI extension or primary HDU)")
      }
      try file.move(to: .index(hdu))
      let shape = try file.imageShape
      guard shape.count == 2 || (shape.count == 3 && shape[0] == 1) else {
        throw FieldError(
          file: path, field: "NAXIS (HDU \(hdu))", value: "\(shape.reversed())", rule: "needs a 2-D image")
      }
      guard shape.count == 2 else {
        throw FieldError(
          file: path, field: "NAXIS3 (HDU \(hdu))", value: "1", rule: "give a 2-D image, not a cube")
      }
      // Header keys: image HDU first, then the primary.
      func number(_ key: String) throws -> Double? {
        if let value = try file.double(forKey: key) { return value }
        guard hdu != 0 else { return nil }
        try file.move(to: .primary)
        defer { _ = try? file.move(to: .index(hdu)) }
        return try file.double(forKey: key)
      }
      func text(_ key: String) throws -> String? {
        if let value = try file.string(forKey: key) { return value }
        guard hdu != 0 else { return nil }
        try file.move(to: .primary)
        defer { _ = try? file.move(to: .index(hdu)) }
        return try file.string(forKey: key)
      }
      let world = try readWorld(path: path, number: number, text: text)
      let grid = PixelGrid(width: shape[1], height: shape[0], world: world)
      let (scale, note) = try unitScale(
        band: band, path: path, given: request.scales[band], unit: try text("BUNIT"), number: number)
      try file.move(to: .index(hdu))
      return OpenedBand(band: band, path: path, file: file, grid: grid, scale: scale, unitNote: note)
    } catch let error as FieldError {
      throw error
    } catch {
      throw FieldError(file: path, field: "FITS header of \(band)", value: "unreadable", rule: "\(error)")
    }
  }

  static func readWorld(path: String, number: (String) throws -> Double?, text: (String) throws -> String?) throws
    -> PixelGrid.World?
  {
    let keys = ["CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2"]
    let values = try keys.map { try number($0) }
    let cd11 = try number("CD1_1")
    let cd22 = try number("CD2_2")
    let hasCD = cd11 != nil || cd22 != nil
    let hasCDELT = try number("CDELT1") != nil
    if values.allSatisfy({ $0 == nil }) && !hasCD && !hasCDELT { return nil }
    if let missing = zip(keys, values).first(where: { $0.1 == nil }) {
      throw FieldError(
        file: path, field: missing.0, value: "missing", rule: "a celestial WCS needs CRVAL1,2 and CRPIX1,2")
    }
    var cd: [[Double]]
    if hasCD {
      cd = [
        [try number("CD1_1") ?? 0, try number("CD1_2") ?? 0], [try number("CD2_1") ?? 0, try number("CD2_2") ?? 0],
      ]
    } else if hasCDELT {
      let cdelt = [try number("CDELT1") ?? 1, try number("CDELT2") ?? 1]
      let pc = [
        [try number("PC1_1") ?? 1, try number("PC1_2") ?? 0], [try number("PC2_1") ?? 0, try number("PC2_2") ?? 1],
      ]
      cd = [[pc[0][0] * cdelt[0], pc[0][1] * cdelt[0]], [pc[1][0] * cdelt[1], pc[1][1] * cdelt[1]]]
    } else {
      throw FieldError(
        file: path, field: "CD1_1 / CDELT1", value: "missing", rule: "a celestial WCS needs a CD matrix or CDELT")
    }
    let det = cd[0][0] * cd[1][1] - cd[0][1] * cd[1][0]
    guard det.isFinite, det != 0 else {
      throw FieldError(
        file: path, field: "CD matrix", value: "\(cd)", rule: "must be invertible (non-zero determinant)")
    }
    return PixelGrid.World(
      referencePixel: (values[2]!, values[3]!), referenceSky: (values[0]!, values[1]!), cd: cd)
  }

  static func unitScale(
    band: String, path: String, given: Double?, unit: String?, number: (String) throws -> Double?
  ) throws -> (Double, String) {
    if let given {
      guard given.isFinite, given > 0 else {
        throw FieldError(
          file: path, field: "--scale \(band)", value: "\(given)", rule: "must be a finite number > 0")
      }
      return (given, "user scale \(given) e⁻/s per unit")
    }
    let normalized = (unit ?? "").uppercased().replacingOccurrences(of: " ", with: "")
    let rates: Set<String> = [
      "ELECTRONS/S", "ELECTRONS/SEC", "ELECTRON/S", "E-/S", "E/S", "COUNTS/S", "COUNTS/SEC", "CPS",
    ]
    let totals: Set<String> = ["ELECTRONS", "ELECTRON", "E-", "COUNTS"]
    if rates.contains(normalized) { return (1, "BUNIT \(unit!)") }
    if totals.contains(normalized) {
      guard let exposure = try number("EXPTIME"), exposure > 0 else {
        throw FieldError(
          file: path, field: "EXPTIME", value: "missing or ≤ 0",
          rule: "BUNIT \(unit!) is a total: EXPTIME is needed to make a rate (or give --scale \(band)=…)")
      }
      return (1 / exposure, "BUNIT \(unit!) / EXPTIME \(exposure) s")
    }
    let photflamValue = try number("PHOTFLAM")
    if normalized.contains("ERG") || (!normalized.isEmpty && photflamValue != nil) {
      guard let photflam = photflamValue, photflam > 0 else {
        throw FieldError(
          file: path, field: "PHOTFLAM", value: "missing or ≤ 0",
          rule: "BUNIT \(unit!) is a flux density: PHOTFLAM (flux of 1 e⁻/s) is needed (or give --scale \(band)=…)")
      }
      return (1 / photflam, "BUNIT \(unit!) / PHOTFLAM \(photflam)")
    }
    throw FieldError(
      file: path, field: "BUNIT", value: unit.map { "'\($0)'" } ?? "missing",
      rule:
        "not a known count-rate unit (ELECTRONS/S, COUNTS/S, ELECTRONS+EXPTIME, flux+PHOTFLAM): give --scale \(band)=e⁻/s per unit"
    )
  }
}
