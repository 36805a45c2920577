import Foundation
import HDF5

/// Reads a shard written by `ShardWriter` and checks it: format and version, shapes, and that
/// every label and truth column has one value per sample.
public final class ShardReader {
  public let path: String
  public let metadata: ShardMetadata
  public let labelNames: [String]
  public let truthNames: [String]
  private let file: HDF5File

  public init(path: String) throws {
    self.path = path
    guard FileManager.default.fileExists(atPath: path) else {
      throw ShardError(path: path, problem: "no such file")
    }
    do {
      file = try HDF5File(openingAtPath: path)
    } catch {
      throw ShardError(path: path, problem: "not a readable HDF5 file (\(error))")
    }
    let root = file.root
    func string(_ name: String) throws -> String {
      guard let value = try root.attribute(name)?.stringValue else {
        throw ShardError(path: path, problem: "missing root attribute '\(name)'")
      }
      return value
    }
    func int(_ name: String) throws -> Int {
      guard let value = try root.attribute(name)?.intValue else {
        throw ShardError(path: path, problem: "missing integer root attribute '\(name)'")
      }
      return value
    }
    func doubles(_ name: String) throws -> [Double] {
      guard let value = try root.attribute(name) else {
        throw ShardError(path: path, problem: "missing root attribute '\(name)'")
      }
      if let array = value.doublesValue { return array }
      if let scalar = value.doubleValue { return [scalar] }
      throw ShardError(path: path, problem: "root attribute '\(name)' is not numeric")
    }
    let format = try string("format_name")
    guard format == ShardMetadata.formatName else {
      throw ShardError(path: path, problem: "format_name is '\(format)', not '\(ShardMetadata.formatName)'")
    }
    let version = try int("format_version")
    guard version == ShardMetadata.formatVersion else {
      throw ShardError(
        path: path,
        problem: "format_version \(version) is not supported (this Starmill reads \(ShardMetadata.formatVersion))")
    }
    let compression = try string("compression")
    metadata = ShardMetadata(
      bands: try string("bands").split(separator: ",").map(String.init),
      pixelScaleArcsec: try doubles("pixel_scale_arcsec")[0], imageHeightPixels: try int("image_height"),
      imageWidthPixels: try int("image_width"), zeroPointsVega: try doubles("zero_points_vega"),
      exposureSeconds: try doubles("exposure_s"), units: try string("units"), recipeName: try string("recipe_name"),
      recipeText: try string("recipe_text"), recipeSHA256: try string("recipe_sha256"),
      seed: UInt64(try string("seed")) ?? 0, firstSample: try int("first_sample"),
      sampleCount: try int("sample_count"), datasetSamples: try int("dataset_samples"),
      shardIndex: try int("shard_index"), shardCount: try int("shard_count"),
      starmillVersion: try string("starmill_version"),
      deflateLevel: compression == "none" ? nil : Int(compression.split(separator: " ").last ?? ""))
    labelNames = try root.contains("labels") ? try root.openGroup("labels").memberNames().sorted() : []
    truthNames = try root.contains("truth") ? try root.openGroup("truth").memberNames().sorted() : []
    let shape = try root.openDataset("images").shape
    let expected = [
      metadata.sampleCount, metadata.bands.count, metadata.imageHeightPixels, metadata.imageWidthPixels,
    ]
    guard shape == expected else {
      throw ShardError(path: path, problem: "/images has shape \(shape), attributes say \(expected)")
    }
  }

  /// All images, `[n][band][y][x]` flattened.
  public func images() throws -> [Float] { try file.root.openDataset("images").read(as: Float.self) }

  /// Images of samples `range` (positions within the shard).
  public func images(_ range: Range<Int>) throws -> [Float] {
    try file.root.openDataset("images").readItems(range, as: Float.self)
  }

  public func label(_ name: String) throws -> [Double] {
    try file.root.openDataset("labels/\(name)").read(as: Double.self)
  }

  /// A truth column; integer columns are returned as Double.
  public func truth(_ name: String) throws -> [Double] {
    let dataset = try file.root.openDataset("truth/\(name)")
    let type = try dataset.elementType
    if type == .int64 || type == .int32 {
      return try dataset.read(as: Int64.self).map(Double.init)
    }
    return try dataset.read(as: Double.self)
  }

  public func truthShape(_ name: String) throws -> [Int] { try file.root.openDataset("truth/\(name)").shape }

  public func sampleIndices() throws -> [Int] {
    try file.root.openDataset("truth/sample_index").read(as: Int64.self).map { Int($0) }
  }
}
