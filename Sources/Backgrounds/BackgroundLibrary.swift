import Numerics

/// A set of background patches on one pixel grid, in one set of bands, in e⁻/s per pixel.
///
/// Every patch has the library's bands (in `bands` order) and the same size. Patches are values:
/// the library is loaded once per run and shared read-only between sample tasks.
public struct BackgroundLibrary: Sendable, Equatable {
  public let name: String
  public let bands: [String]
  /// Pixel values are count rates in this unit (always "e-/s" for Starmill libraries).
  public let units: String
  public let pixelScaleArcsec: Double
  public let patchWidth: Int
  public let patchHeight: Int
  public let patches: [BackgroundPatch]
  /// Free-text provenance (command, parameters, inputs).
  public let provenance: String

  public static let electronsPerSecond = "e-/s"

  public init(
    name: String, bands: [String], pixelScaleArcsec: Double, patches: [BackgroundPatch], provenance: String,
    units: String = BackgroundLibrary.electronsPerSecond
  ) throws(FieldError) {
    let root = "library[\(name)]"
    guard !name.isEmpty, !name.contains("/") else {
      throw FieldError(field: "\(root).name", value: "'\(name)'", rule: "must be non-empty, without '/'")
    }
    guard !bands.isEmpty, Set(bands).count == bands.count else {
      throw FieldError(field: "\(root).bands", value: "\(bands)", rule: "must list at least one band, each once")
    }
    guard units == Self.electronsPerSecond else {
      throw FieldError(field: "\(root).units", value: units, rule: "must be \(Self.electronsPerSecond)")
    }
    guard pixelScaleArcsec.isFinite, pixelScaleArcsec > 0 else {
      throw FieldError(
        field: "\(root).pixel_scale_arcsec", value: "\(pixelScaleArcsec)", rule: "must be finite and > 0")
    }
    guard let first = patches.first else {
      throw FieldError(field: "\(root).patches", value: "0", rule: "a library needs at least one patch")
    }
    for (index, patch) in patches.enumerated() {
      guard patch.bandCount == bands.count, patch.width == first.width, patch.height == first.height else {
        throw FieldError(
          field: "\(root).patches[\(index)].shape",
          value: "\(patch.bandCount)×\(patch.height)×\(patch.width)",
          rule: "every patch must be \(bands.count)×\(first.height)×\(first.width) (bands × height × width)")
      }
    }
    self.name = name
    self.bands = bands
    self.units = units
    self.pixelScaleArcsec = pixelScaleArcsec
    self.patchWidth = first.width
    self.patchHeight = first.height
    self.patches = patches
    self.provenance = provenance
  }

  /// Whether an image of `width` × `height` fits inside every patch in every orientation that
  /// `rotations` allows.
  public func fits(width: Int, height: Int, rotations: Bool) -> Bool {
    let straight = width <= patchWidth && height <= patchHeight
    let turned = height <= patchWidth && width <= patchHeight
    return rotations ? straight && turned : straight
  }
}
