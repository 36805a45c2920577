import Foundation
import HDF5

/// Writes one shard sample by sample, as a run produces them, under the shard's temporary name
/// (`ShardWriter.temporaryPath(of:)`); `finish()` completes the file and returns it unpublished.
///
/// Images are held until `imageBatchBytes` of them are waiting (default 4 MiB), then written to the
/// file together (one chunk per image, straight from each observation's pixels), so a shard's
/// images are never all in memory; the labels and truth, written as whole columns at the end, are
/// kept. Writing in batches rather than image by image is cheaper (session 9, bench.yaml, one thread, interleaved runs: per-
/// image writes cost 2–10 % more process CPU than holding the whole shard; batches of 4 MiB cost
/// the same, median ratio 1.005 over fourteen pairs). The file's bytes are those of writing all the
/// observations at once (`ShardWriter.writeUnpublished` is this writer): the HDF5 calls are the
/// same, in the same order. Each observation is checked when appended, so an error names the sample
/// that caused it.
///
/// Early write-back: after each batch the writer asks the kernel to start writing the file's dirty
/// pages to the disk (`posix_fadvise(POSIX_FADV_DONTNEED)`, which on Linux starts write-back without
/// waiting for it and drops the pages already written). So the disk works while the run computes,
/// and the sync in `UnpublishedShard.publish()` waits mostly for the last batch: the sync of a
/// run's last shard, which nothing can overlap, took ≈ 0.1 s for a 38 MB shard before (session 9,
/// `strace -T`).
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
  /// The observations whose images are in the file, without their pixels.
  private var written: [Observation] = []
  /// The observations appended after them, images not yet written, and their image bytes.
  private var waiting: [Observation] = []
  private var waitingBytes = 0
  /// A read-only descriptor of the temporary file for the write-back hint (−1: none).
  private var writebackDescriptor: Int32 = -1

  /// Image bytes held before they are written together.
  public let imageBatchBytes: Int
  /// The default batch: 4 MiB, 54 images of 3 × 80 × 80.
  public static var defaultImageBatchBytes: Int { 4 << 20 }

  /// Creates the temporary file of `path` with the `/images` dataset of `metadata.sampleCount`
  /// images, written in batches of `imageBatchBytes` (at least one image per batch).
  public init(metadata: ShardMetadata, path: String, imageBatchBytes: Int = defaultImageBatchBytes) throws {
    self.path = path
    self.imageBatchBytes = imageBatchBytes
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
  public var appendedCount: Int { written.count + waiting.count }

  /// Appends the next sample, `metadata.firstSample + appendedCount` (its image is written with
  /// the next batch).
  public func append(_ observation: Observation) throws {
    do {
      guard file != nil else {
        throw ShardError(path: path, problem: "the shard's writer was finished or abandoned")
      }
      let k = appendedCount
      guard k < metadata.sampleCount else {
        throw ShardError(path: path, problem: "more observations than the shard's \(metadata.sampleCount) samples")
      }
      guard observation.pixels.count == metadata.pixelsPerImage else {
        throw ShardError(
          path: path,
          problem: "sample \(metadata.firstSample + k) has \(observation.pixels.count) pixels, "
            + "expected \(metadata.pixelsPerImage)")
      }
      waiting.append(observation)
      waitingBytes += observation.pixels.count * MemoryLayout<Float>.size
      if waitingBytes >= imageBatchBytes { try writeWaitingImages() }
    } catch {
      abandon()
      throw error
    }
  }

  /// Writes the waiting images, in sample order, then hints the kernel to write them back.
  private func writeWaitingImages() throws {
    guard let images, !waiting.isEmpty else { return }
    for var observation in waiting {
      let k = written.count
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
      observation.pixels = []
      written.append(observation)
    }
    waiting.removeAll(keepingCapacity: true)
    waitingBytes = 0
    startWriteback()
  }

  /// Writes the labels, truth and provenance attributes and closes the file, which must hold
  /// every sample of the shard; returns it unpublished (complete, not yet synced nor renamed).
  public func finish() throws -> UnpublishedShard {
    do {
      guard let file, let images else {
        throw ShardError(path: path, problem: "the shard's writer was finished or abandoned")
      }
      guard appendedCount == metadata.sampleCount else {
        throw ShardError(path: path, problem: "\(appendedCount) observations for \(metadata.sampleCount) samples")
      }
      try writeWaitingImages()
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
    waiting = []
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
