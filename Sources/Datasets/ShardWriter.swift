import Foundation
import HDF5

/// Writes one complete shard atomically: the file is written under a temporary name in the
/// destination folder, flushed, synced and renamed, so the folder never holds a partial shard.
/// An interrupted write leaves at most a `.<name>.tmp-<host>-<pid>` file, which
/// `removeStaleTemporaryFiles` deletes on resume. The host name keeps writers on different nodes
/// of a cluster, which may share a pid, from sharing a temporary file on a shared file system.
public enum ShardWriter {
  public static let temporaryMarker = ".tmp-"

  /// Writes `observations` (sample `metadata.firstSample + k` at position k) to `path`: the
  /// temporary file is written, synced and renamed before this returns.
  public static func write(_ observations: [Observation], metadata: ShardMetadata, to path: String) throws {
    try writeUnpublished(observations, metadata: metadata, to: path).publish()
  }

  /// Writes `observations` to the temporary file of `path` and returns it unpublished: the file
  /// is complete but not yet synced to the disk nor renamed to `path`, which
  /// `UnpublishedShard.publish()` does (on another thread, if the caller has computing to do
  /// meanwhile: the sync only waits for the disk). Nothing is left behind if the write fails.
  public static func writeUnpublished(
    _ observations: [Observation], metadata: ShardMetadata, to path: String
  ) throws -> UnpublishedShard {
    guard observations.count == metadata.sampleCount else {
      throw ShardError(path: path, problem: "\(observations.count) observations for \(metadata.sampleCount) samples")
    }
    let url = URL(fileURLWithPath: path)
    let temporaryPath = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent)\(temporaryMarker)\(hostName)-\(getpid())").path
    do {
      try writeFile(observations, metadata: metadata, path: temporaryPath)
    } catch {
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw error
    }
    return UnpublishedShard(path: path, temporaryPath: temporaryPath)
  }

  /// Deletes temporary files left by interrupted writers in `directory`.
  public static func removeStaleTemporaryFiles(in directory: String) {
    removeStaleTemporaryFiles(in: directory) { _ in true }
  }

  /// Deletes temporary files left by interrupted writers of the shards named in `shardNames`
  /// only: the other tasks of a partitioned run may be writing theirs into the same folder.
  public static func removeStaleTemporaryFiles(in directory: String, of shardNames: Set<String>) {
    removeStaleTemporaryFiles(in: directory) { shardNames.contains($0) }
  }

  /// The shard a temporary file name `.<name>.h5.tmp-…` belongs to, or nil for other names.
  public static func shardName(ofTemporaryFile name: String) -> String? {
    guard name.hasPrefix("."), let marker = name.range(of: ".h5\(temporaryMarker)") else { return nil }
    return String(name[name.index(after: name.startIndex)..<marker.lowerBound]) + ".h5"
  }

  private static func removeStaleTemporaryFiles(in directory: String, where owned: (String) -> Bool) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names {
      guard let shard = shardName(ofTemporaryFile: name), owned(shard) else { continue }
      try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
    }
  }

  /// This machine's host name (no lookups), with `/` made safe for a file name.
  private static let hostName: String = {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return name.isEmpty ? "host" : name.replacingOccurrences(of: "/", with: "_")
  }()

  private static func writeFile(_ observations: [Observation], metadata m: ShardMetadata, path: String) throws {
    let file = try HDF5File(creatingAtPath: path, overwrite: true)
    let root = file.root
    let n = observations.count
    let bandCount = m.bands.count
    let perImage = m.pixelsPerImage
    for (k, observation) in observations.enumerated() where observation.pixels.count != perImage {
      throw ShardError(
        path: path, problem: "sample \(m.firstSample + k) has \(observation.pixels.count) pixels, expected \(perImage)")
    }

    let imageShape = [bandCount, m.imageHeightPixels, m.imageWidthPixels]
    let images = try root.createDataset(
      "images", of: Float.self, shape: [n] + imageShape,
      layout: .chunked([1] + imageShape, shuffle: m.deflateLevel != nil, deflateLevel: m.deflateLevel))
    // One chunk per image, written straight from each observation's pixels: no gathered copy of
    // the whole shard (which cost a copy and fresh pages of S × image bytes per shard). Without
    // compression each image is its chunk's raw bytes, written directly (no selection, type
    // conversion or chunk cache: ≈ 0.2 M instructions per 3 × 80 × 80 image saved); with it,
    // through HDF5's filters.
    for (k, observation) in observations.enumerated() {
      if m.deflateLevel == nil {
        try observation.pixels.withUnsafeBufferPointer { try images.writeChunk($0, start: [k, 0, 0, 0]) }
      } else {
        try images.write(observation.pixels, start: [k, 0, 0, 0], count: [1] + imageShape)
      }
    }
    try images.setAttribute("units", .string(m.units))
    try images.setAttribute("bands", .string(m.bands.joined(separator: ",")))

    // Groups made explicitly (not as intermediates) so they too carry no timestamps.
    try root.createGroup("labels")
    try root.createGroup("truth")
    let first = observations.first ?? Observation(pixels: [], labels: [:])
    for name in first.labels.keys.sorted() {
      let values = try column(observations, path: path, name: "labels/\(name)") { $0.labels[name] }
      try root.createDataset("labels/\(name)", values: values)
    }
    let indices = (0..<n).map { Int64(m.firstSample + $0) }
    try root.createDataset("truth/sample_index", values: indices)
    for name in first.truthReals.keys.sorted() {
      let values = try column(observations, path: path, name: "truth/\(name)") { $0.truthReals[name] }
      try root.createDataset("truth/\(name)", values: values)
    }
    for name in first.truthIntegers.keys.sorted() {
      let values = try column(observations, path: path, name: "truth/\(name)") { $0.truthIntegers[name] }
      try root.createDataset("truth/\(name)", values: values)
    }
    for name in first.truthPerBand.keys.sorted() {
      var values: [Double] = []
      values.reserveCapacity(n * bandCount)
      for (k, observation) in observations.enumerated() {
        guard let row = observation.truthPerBand[name], row.count == bandCount else {
          throw ShardError(path: path, problem: "sample \(m.firstSample + k): truth/\(name) needs \(bandCount) values")
        }
        values.append(contentsOf: row)
      }
      try root.createDataset("truth/\(name)", values: values, shape: [n, bandCount])
    }

    let attributes: [(String, HDF5AttributeValue)] = [
      ("format_name", .string(ShardMetadata.formatName)),
      ("format_version", .int64(Int64(ShardMetadata.formatVersion))),
      ("bands", .string(m.bands.joined(separator: ","))),
      ("pixel_scale_arcsec", .double(m.pixelScaleArcsec)),
      ("image_height", .int64(Int64(m.imageHeightPixels))),
      ("image_width", .int64(Int64(m.imageWidthPixels))),
      ("zero_points_vega", .doubles(m.zeroPointsVega)),
      ("exposure_s", .doubles(m.exposureSeconds)),
      ("units", .string(m.units)),
      ("recipe_name", .string(m.recipeName)),
      ("recipe_text", .string(m.recipeText)),
      ("recipe_sha256", .string(m.recipeSHA256)),
      ("seed", .string(String(m.seed))),
      ("first_sample", .int64(Int64(m.firstSample))),
      ("sample_count", .int64(Int64(m.sampleCount))),
      ("dataset_samples", .int64(Int64(m.datasetSamples))),
      ("shard_index", .int64(Int64(m.shardIndex))),
      ("shard_count", .int64(Int64(m.shardCount))),
      ("starmill_version", .string(m.starmillVersion)),
      ("compression", .string(m.deflateLevel.map { "shuffle+deflate \($0)" } ?? "none")),
    ]
    for (name, value) in attributes { try root.setAttribute(name, value) }
    try file.close()
  }

  private static func column<Value>(
    _ observations: [Observation], path: String, name: String, _ value: (Observation) -> Value?
  ) throws -> [Value] {
    try observations.enumerated().map { k, observation in
      guard let v = value(observation) else {
        throw ShardError(path: path, problem: "sample \(k) lacks \(name) that the first sample has")
      }
      return v
    }
  }
}

/// A shard written completely under its temporary name (`ShardWriter.writeUnpublished`), not yet
/// synced nor renamed: until `publish()` succeeds the folder holds no file under `path`, so an
/// interruption leaves only the temporary file, which a resumed run deletes and rewrites.
public struct UnpublishedShard: Sendable {
  /// The shard's final path.
  public let path: String
  let temporaryPath: String

  /// Syncs the temporary file to the disk and renames it to `path` (atomic on POSIX file
  /// systems). On failure the temporary file is deleted and the error thrown.
  public func publish() throws {
    do {
      let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporaryPath))
      try handle.synchronize()
      try handle.close()
      guard rename(temporaryPath, path) == 0 else {
        throw ShardError(path: path, problem: "cannot rename \(temporaryPath): \(String(cString: strerror(errno)))")
      }
    } catch {
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw error
    }
  }
}
