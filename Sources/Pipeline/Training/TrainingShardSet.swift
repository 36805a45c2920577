import Datasets
import Foundation
import Network
import Numerics

/// The shards a network trains or is checked on, opened and cross-checked: every shard must
/// have the same bands (in order), image size and pixel scale, and no sample (recipe SHA-256,
/// sample index) may appear twice.
public final class TrainingShardSet {
  /// One sample: which shard, where in it, and its global sample index.
  public struct Sample: Sendable, Equatable {
    public var shard: Int
    public var position: Int
    public var sampleIndex: Int
  }

  public let paths: [String]
  public let readers: [ShardReader]
  public let samples: [Sample]
  public var metadata: ShardMetadata { readers[0].metadata }

  public init(paths: [String]) throws {
    guard !paths.isEmpty else { throw TrainingError.noShards }
    var readers: [ShardReader] = []
    var samples: [Sample] = []
    var seen: [String: String] = [:]
    for (shard, path) in paths.enumerated() {
      let reader = try ShardReader(path: path)
      if let first = readers.first {
        try Self.expectSameLayout(reader.metadata, as: first.metadata, path: path, reference: first.path)
      }
      for (position, index) in try reader.sampleIndices().enumerated() {
        let key = "\(reader.metadata.recipeSHA256)#\(index)"
        if let other = seen[key] {
          throw ShardError(
            path: path, problem: "sample \(index) of recipe \(reader.metadata.recipeName) is also in \(other)")
        }
        seen[key] = path
        samples.append(Sample(shard: shard, position: position, sampleIndex: index))
      }
      readers.append(reader)
    }
    self.paths = paths
    self.readers = readers
    self.samples = samples
  }

  static func expectSameLayout(_ metadata: ShardMetadata, as expected: ShardMetadata, path: String, reference: String)
    throws
  {
    let first = expected
    if metadata.bands != first.bands {
      throw ShardError(
        path: path,
        problem: "bands \(metadata.bands.joined(separator: ",")) differ from \(first.bands.joined(separator: ",")) "
          + "in \(reference)")
    }
    if metadata.imageHeightPixels != first.imageHeightPixels || metadata.imageWidthPixels != first.imageWidthPixels {
      throw ShardError(
        path: path,
        problem: "image size \(metadata.imageHeightPixels)×\(metadata.imageWidthPixels) differs from "
          + "\(first.imageHeightPixels)×\(first.imageWidthPixels) in \(reference)")
    }
    if abs(metadata.pixelScaleArcsec - first.pixelScaleArcsec) > 1e-9 * first.pixelScaleArcsec {
      throw ShardError(
        path: path,
        problem: "pixel scale \(metadata.pixelScaleArcsec)″ differs from \(first.pixelScaleArcsec)″ in \(reference)")
    }
  }

  /// Transformed label values `[sample][label]` for `specifications`; every shard must hold each
  /// source label and every value must be finite after the transform.
  public func labelValues(_ specifications: [LabelSpecification]) throws -> [[Double]] {
    var columns: [[[Double]]] = []
    for reader in readers {
      var perShard: [[Double]] = []
      for specification in specifications {
        guard reader.labelNames.contains(specification.source) else {
          throw ShardError(
            path: reader.path,
            problem: "has no label '\(specification.source)' (it has: \(reader.labelNames.joined(separator: ", ")))")
        }
        perShard.append(try reader.label(specification.source))
      }
      columns.append(perShard)
    }
    return try samples.map { sample in
      try specifications.enumerated().map { k, specification in
        let raw = columns[sample.shard][k][sample.position]
        let value = specification.transformed(raw)
        guard value.isFinite else {
          throw ShardError(
            path: paths[sample.shard],
            problem:
              "sample \(sample.sampleIndex): label \(specification.source) = \(raw) gives no finite \(specification.name)"
          )
        }
        return value
      }
    }
  }

  /// A truth column for every sample (nil when a shard lacks it).
  public func truthColumn(_ name: String) throws -> [Double]? {
    var columns: [[Double]] = []
    for reader in readers {
      guard reader.truthNames.contains(name) else { return nil }
      columns.append(try reader.truth(name))
    }
    return samples.map { columns[$0.shard][$0.position] }
  }

  /// Raw images of `selection` (indices into `samples`), `[n][band][y][x]`.
  public func images(_ selection: [Int]) throws -> [Float] {
    var pixels: [Float] = []
    pixels.reserveCapacity(selection.count * metadata.pixelsPerImage)
    for index in selection {
      let sample = samples[index]
      pixels += try readers[sample.shard].images(sample.position..<(sample.position + 1))
    }
    return pixels
  }

  /// Whether sample `sampleIndex` is held out for validation: a hash of the index alone
  /// (SplitMix64's finaliser, uniform in [0, 1)) below `fraction`. It does not depend on the
  /// seed, the shard layout or the order of files, so a split is the same for every run.
  public static func isValidation(sampleIndex: Int, fraction: Double) -> Bool {
    let hash = StreamSeeding.finalize(UInt64(bitPattern: Int64(sampleIndex)) &+ 0x5EED_DA7A_5E70_0001)
    return Double(hash >> 11) / Double(UInt64(1) << 53) < fraction
  }
}
