import Foundation
import HDF5

/// Writes one shard sample by sample, as a run produces them, under the shard's temporary name
/// (`ShardWriter.temporaryPath(of:)`); `finish()` completes the file and returns it unpublished.
///
/// Each image is written to the file as it is appended (one chunk per image, straight from the
/// observation's pixels), so a shard's images are never all held in memory; only the labels and
/// truth, which are written as whole columns at the end, are kept. The file's bytes are those of
/// writing all the observations at once (`ShardWriter.writeUnpublished` is this writer): the
/// HDF5 calls are the same, in the same order.
///
/// Early write-back: every `writebackIntervalBytes` of images, the writer asks the kernel to start
/// writing the file's dirty pages to the disk (`posix_fadvise(POSIX_FADV_DONTNEED)`, which on
/// Linux starts write-back without waiting for it and drops the pages already written). So the
/// disk works while the run computes, and the sync in `UnpublishedShard.publish()` waits only
/// for the last few megabytes: the sync of a run's last shard, which nothing can overlap, cost
/// ≈ 0.1 s for a 38 MB shard (session 9, `strace -T`).
///
/// Any error thrown deletes the temporary file; so does `abandon()`, and so does releasing a
/// writer that was not finished. One writer belongs to one thread.
public final class ShardStreamWriter {
  /// The shard's final path.
  public let path: String
  let temporaryPath: String
  private let metadata: ShardMetadata
  private var file: HDF5File?
  private var images: HDF5Dataset?
  /// The appended observations without their pixels (already in the file).
  private var written: [Observation] = []
  /// A read-only descriptor of the temporary file for the write-back hint (−1: none).
  private var writebackDescriptor: Int32 = -1
  private var bytesSinceWriteback = 0

  /// Image bytes between two write-back hints (1 MiB: ≈ 14 images of 3 × 80 × 80).
  public static var writebackIntervalBytes: Int { 1 << 20 }

  /// Creates the temporary file of `path` with the `/images` dataset of `metadata.sampleCount`
  /// images.
  public init(metadata: ShardMetadata, path: String) throws {
    self.path = path
    self.metadata = metadata
    temporaryPath = ShardWriter.temporaryPath(of: path)
    written.reserveCapacity(metadata.sampleCount)
    do {
      let file = try HDF5File(creatingAtPath: temporaryPath, overwrite: true)
      self.file = file
      let imageShape = [metadata.bands.count, metadata.imageHeightPixels, metadata.imageWidthPixels]
      images = try file.root.createDataset(
        "images", of: Float.self, shape: [metadata.sampleCount] + imageShape,
        layout: .chunked([1] + imageShape, shuffle: metadata.deflateLevel != nil, deflateLevel: metadata.deflateLevel))
      writebackDescriptor = open(temporaryPath, O_RDONLY)
    } catch {
      abandon()
      throw error
    }
  }

  deinit {
    if file != nil { abandon() }
  }

  /// The observations appended so far.
  public var appendedCount: Int { written.count }

  /// Appends the next sample, `metadata.firstSample + appendedCount`: writes its image.
  public func append(_ observation: Observation) throws {
    do {
      guard let images, file != nil else {
        throw ShardError(path: path, problem: "the shard's writer was finished or abandoned")
      }
      let k = written.count
      guard k < metadata.sampleCount else {
        throw ShardError(path: path, problem: "more observations than the shard's \(metadata.sampleCount) samples")
      }
      guard observation.pixels.count == metadata.pixelsPerImage else {
        throw ShardError(
          path: path,
          problem: "sample \(metadata.firstSample + k) has \(observation.pixels.count) pixels, "
            + "expected \(metadata.pixelsPerImage)")
      }
      // Without compression each image is its chunk's raw bytes, written directly (no selection,
      // type conversion or chunk cache: ≈ 0.2 M instructions per 3 × 80 × 80 image saved); with
      // it, through HDF5's filters.
      if metadata.deflateLevel == nil {
        try observation.pixels.withUnsafeBufferPointer { try images.writeChunk($0, start: [k, 0, 0, 0]) }
      } else {
        try images.write(
          observation.pixels, start: [k, 0, 0, 0],
          count: [1, metadata.bands.count, metadata.imageHeightPixels, metadata.imageWidthPixels])
      }
      var kept = observation
      kept.pixels = []
      written.append(kept)
      bytesSinceWriteback += observation.pixels.count * MemoryLayout<Float>.size
      if bytesSinceWriteback >= Self.writebackIntervalBytes {
        bytesSinceWriteback = 0
        startWriteback()
      }
    } catch {
      abandon()
      throw error
    }
  }

  /// Writes the labels, truth and provenance attributes and closes the file, which must hold
  /// every sample of the shard; returns it unpublished (complete, not yet synced nor renamed).
  public func finish() throws -> UnpublishedShard {
    do {
      guard let file, let images else {
        throw ShardError(path: path, problem: "the shard's writer was finished or abandoned")
      }
      guard written.count == metadata.sampleCount else {
        throw ShardError(path: path, problem: "\(written.count) observations for \(metadata.sampleCount) samples")
      }
      try writeColumnsAndAttributes(file: file, images: images)
      try file.close()
      self.file = nil
      self.images = nil
      startWriteback()
      closeWritebackDescriptor()
      return UnpublishedShard(path: path, temporaryPath: temporaryPath)
    } catch {
      abandon()
      throw error
    }
  }

  /// Closes and deletes the temporary file (nothing is left behind). Safe to call more than once.
  public func abandon() {
    images = nil
    if let file {
      try? file.close()
      self.file = nil
      try? FileManager.default.removeItem(atPath: temporaryPath)
    }
    closeWritebackDescriptor()
  }

  private func startWriteback() {
    guard writebackDescriptor >= 0 else { return }
    // A hint: its failure changes nothing but the timing of the sync.
    _ = posix_fadvise(writebackDescriptor, 0, 0, POSIX_FADV_DONTNEED)
  }

  private func closeWritebackDescriptor() {
    if writebackDescriptor >= 0 { close(writebackDescriptor) }
    writebackDescriptor = -1
  }

  private func writeColumnsAndAttributes(file: HDF5File, images: HDF5Dataset) throws {
    let m = metadata
    let root = file.root
    let n = written.count
    let bandCount = m.bands.count
    try images.setAttribute("units", .string(m.units))
    try images.setAttribute("bands", .string(m.bands.joined(separator: ",")))

    // Groups made explicitly (not as intermediates) so they too carry no timestamps.
    try root.createGroup("labels")
    try root.createGroup("truth")
    let first = written.first ?? Observation(pixels: [], labels: [:])
    for name in first.labels.keys.sorted() {
      let values = try column(name: "labels/\(name)") { $0.labels[name] }
      try root.createDataset("labels/\(name)", values: values)
    }
    let indices = (0..<n).map { Int64(m.firstSample + $0) }
    try root.createDataset("truth/sample_index", values: indices)
    for name in first.truthReals.keys.sorted() {
      let values = try column(name: "truth/\(name)") { $0.truthReals[name] }
      try root.createDataset("truth/\(name)", values: values)
    }
    for name in first.truthIntegers.keys.sorted() {
      let values = try column(name: "truth/\(name)") { $0.truthIntegers[name] }
      try root.createDataset("truth/\(name)", values: values)
    }
    for name in first.truthPerBand.keys.sorted() {
      var values: [Double] = []
      values.reserveCapacity(n * bandCount)
      for (k, observation) in written.enumerated() {
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
  }

  private func column<Value>(name: String, _ value: (Observation) -> Value?) throws -> [Value] {
    try written.enumerated().map { k, observation in
      guard let v = value(observation) else {
        throw ShardError(path: path, problem: "sample \(k) lacks \(name) that the first sample has")
      }
      return v
    }
  }
}
