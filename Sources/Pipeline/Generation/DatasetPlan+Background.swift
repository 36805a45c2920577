import Backgrounds
import Numerics
import Rendering

/// A recipe's background, resolved once per run: the library in memory, which library band
/// feeds each recipe band, the augmentations, and the cluster's own photon-noise models.
public struct PlannedBackground: Sendable {
  public let library: BackgroundLibrary
  /// Index in `library.bands` of each recipe band.
  public let bandIndices: [Int]
  public let flips: Bool
  public let rotations: Bool
  /// Source shot noise only, per recipe band (`NoiseModel.sourceShotNoiseOnly`): the patch already
  /// carries the sky, the field's light and their noise.
  public let shotNoiseModels: [NoiseModel]

  public init(library: BackgroundLibrary, bands: [String], exposureTimes: [Double], flips: Bool, rotations: Bool)
    throws
  {
    self.library = library
    self.bandIndices = bands.map { library.bands.firstIndex(of: $0)! }
    self.flips = flips
    self.rotations = rotations
    self.shotNoiseModels = try exposureTimes.map { try NoiseModel.sourceShotNoiseOnly(exposureTimeSeconds: $0) }
  }
}

extension DatasetPlan {
  /// Lays the rendered (noiseless) cluster on this plan's background: adds the cluster's photon
  /// noise (source shot noise only, when the recipe asks for Poisson noise), then draws a
  /// placement (`BackgroundPlacement.draw`: patch, flip, rotation, origin) and adds the patch.
  ///
  /// Draws, after every cluster draw: eight words seeding the pixel-noise stream, which draws the
  /// shot noise band by band (one Poisson per pixel), then the placement. Returns the placement for the sample's truth record.
  func applyBackground(_ background: PlannedBackground, to image: inout ImageCube, generator: RandomGenerator)
    throws -> BackgroundPlacement
  {
    if recipe.noise.poisson {
      var noise = PixelNoiseStream(generator.pixelNoiseStream())
      for band in 0..<bands.count {
        background.shotNoiseModels[band].addNoise(to: &image, band: band, generator: &noise)
      }
    }
    let placement = try BackgroundPlacement.draw(
      in: background.library, width: image.width, height: image.height, flips: background.flips,
      rotations: background.rotations, generator: generator)
    try placement.add(
      from: background.library, bandIndices: background.bandIndices, to: &image.pixels, width: image.width,
      height: image.height)
    return placement
  }

  /// Re-creates the background under a sample from its truth record (the integers written as
  /// `background_patch`, `background_flip`, `background_rotation`, `background_origin_x/y`).
  public func backgroundCutout(truth: [String: Int64]) throws -> [Float]? {
    guard let background else { return nil }
    guard let patch = truth["background_patch"], let flip = truth["background_flip"],
      let turns = truth["background_rotation"], let x = truth["background_origin_x"],
      let y = truth["background_origin_y"]
    else { return nil }
    let placement = BackgroundPlacement(
      patchIndex: Int(patch), flipped: flip != 0, quarterTurns: Int(turns), originX: Int(x), originY: Int(y))
    return try placement.cutout(
      from: background.library, bandIndices: background.bandIndices, width: recipe.imageWidthPixels,
      height: recipe.imageHeightPixels)
  }
}

extension BackgroundPlacement {
  /// The shard truth columns of this placement (integers).
  var truthIntegers: [String: Int64] {
    [
      "background_patch": Int64(patchIndex), "background_flip": flipped ? 1 : 0,
      "background_rotation": Int64(quarterTurns), "background_origin_x": Int64(originX),
      "background_origin_y": Int64(originY),
    ]
  }
}
