/// The provenance and layout attributes of one shard (see `docs/shards.md`).
public struct ShardMetadata: Sendable, Equatable {
  public static let formatName = "starmill-shard"
  public static let formatVersion = 1

  public var bands: [String]
  public var pixelScaleArcsec: Double
  public var imageHeightPixels: Int
  public var imageWidthPixels: Int
  /// Vega magnitude giving 1 e⁻/s, per band.
  public var zeroPointsVega: [Double]
  public var exposureSeconds: [Double]
  /// Pixel units of `/images` (`e-/s`).
  public var units: String
  public var recipeName: String
  public var recipeText: String
  public var recipeSHA256: String
  public var seed: UInt64
  public var firstSample: Int
  public var sampleCount: Int
  public var datasetSamples: Int
  public var shardIndex: Int
  public var shardCount: Int
  public var starmillVersion: String
  /// Shuffle + deflate level for `/images`, or nil for none.
  public var deflateLevel: Int?

  public init(
    bands: [String], pixelScaleArcsec: Double, imageHeightPixels: Int, imageWidthPixels: Int,
    zeroPointsVega: [Double], exposureSeconds: [Double], units: String, recipeName: String, recipeText: String,
    recipeSHA256: String, seed: UInt64, firstSample: Int, sampleCount: Int, datasetSamples: Int, shardIndex: Int,
    shardCount: Int, starmillVersion: String, deflateLevel: Int? = nil
  ) {
    self.bands = bands
    self.pixelScaleArcsec = pixelScaleArcsec
    self.imageHeightPixels = imageHeightPixels
    self.imageWidthPixels = imageWidthPixels
    self.zeroPointsVega = zeroPointsVega
    self.exposureSeconds = exposureSeconds
    self.units = units
    self.recipeName = recipeName
    self.recipeText = recipeText
    self.recipeSHA256 = recipeSHA256
    self.seed = seed
    self.firstSample = firstSample
    self.sampleCount = sampleCount
    self.datasetSamples = datasetSamples
    self.shardIndex = shardIndex
    self.shardCount = shardCount
    self.starmillVersion = starmillVersion
    self.deflateLevel = deflateLevel
  }

  public var pixelsPerImage: Int { bands.count * imageHeightPixels * imageWidthPixels }
  public var sampleRange: Range<Int> { firstSample..<(firstSample + sampleCount) }
}

/// A shard that cannot be written or read, with the file and what is wrong.
public struct ShardError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var problem: String
  public init(path: String, problem: String) {
    self.path = path
    self.problem = problem
  }
  public var description: String { "\(path): \(problem)" }
}
