import Datasets
import Foundation
import HDF5

/// The cost of `starmill index` and of reading through its virtual datasets as the shard count
/// grows: check time, write time, index file size, open time, one random sample, a whole label
/// column (which opens every source file). Shards are tiny synthetic ones written by
/// `ShardWriter` (1 band, 8×8 px, 3 labels, 30 truth columns as a real shard has), so the numbers
/// are the per-shard metadata overhead, not data volume.
enum IndexBenchmark {
  static let benchmark = Benchmark(
    name: "index",
    summary: "starmill index on 100 and 1,000 tiny shards: check, write, index size, open and read costs"
  ) { quick in
    let counts = quick ? [4] : [100, 1_000]
    var table = BenchmarkTable(
      title: "Virtual-dataset index over N shards (4 samples each, 34 columns)",
      columns: [
        "shards", "check s", "write s", "index bytes", "bytes/shard", "open ms", "1 sample ms", "1 label column ms",
      ])
    for count in counts {
      let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("starmill-bench-index-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(atPath: directory) }
      try writeShards(count: count, samplesPerShard: 4, directory: directory)

      var catalogue: ShardCatalogue?
      let check = Stopwatch.seconds { catalogue = ShardCatalogue.scan(directory: directory) }
      guard let catalogue, catalogue.problems.isEmpty else {
        throw ShardError(path: directory, problem: "synthetic shards did not check: \(catalogue?.problems ?? [])")
      }
      let path = DatasetIndexWriter.defaultPath(for: catalogue)
      let write = try Stopwatch.seconds { try DatasetIndexWriter.write(catalogue, to: path) }
      let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
      var file: HDF5File?
      let open = try Stopwatch.seconds {
        file = try HDF5File(openingAtPath: path)
        _ = try file!.root.openDataset("images").shape
      }
      let n = count * 4
      let one = try Stopwatch.seconds { _ = try file!.root.openDataset("images").readItem(n / 2, as: Float.self) }
      var column: [Double] = []
      let label = try Stopwatch.seconds { column = try file!.root.openDataset("labels/log_age").read(as: Double.self) }
      try file!.close()
      guard column == (0..<n).map({ Double($0) * 0.001 }) else {
        throw ShardError(path: path, problem: "label column read through the index is wrong")
      }
      table.rows.append([
        "\(count)", String(format: "%.2f", check), String(format: "%.2f", write), "\(size)", "\(size / count)",
        String(format: "%.1f", open * 1e3), String(format: "%.1f", one * 1e3), String(format: "%.0f", label * 1e3),
      ])
    }
    table.notes = [
      "check: ShardCatalogue.scan (opens every shard, reads attributes, sample_index, last image).",
      "open: H5Fopen of the index + dataset shape; 1 sample: one image through the VDS (opens one source);",
      "1 label column: all N samples of labels/log_age (opens every source file once).",
    ]
    return [table]
  }

  /// Writes `count` shards of a synthetic dataset (`bench-index`) into `directory`.
  static func writeShards(count: Int, samplesPerShard: Int, directory: String) throws {
    let layout = ShardLayout(
      datasetName: "bench-index", sampleCount: count * samplesPerShard, shardSize: samplesPerShard)
    for shard in 0..<count {
      let range = layout.sampleRange(ofShard: shard)
      let observations = range.map { i in
        Observation(
          pixels: (0..<64).map { Float(i * 64 + $0) },
          labels: ["log_age": Double(i) * 0.001, "log_mass": 3, "r_h_pc": 1],
          truthReals: Dictionary(uniqueKeysWithValues: (0..<28).map { ("quantity_\($0)", Double(i + $0)) }),
          truthIntegers: ["star_count": Int64(i)], truthPerBand: ["integrated_mag": [20]])
      }
      let metadata = ShardMetadata(
        bands: ["F814W"], pixelScaleArcsec: 0.05, imageHeightPixels: 8, imageWidthPixels: 8,
        zeroPointsVega: [25.5], exposureSeconds: [1000], units: "e-/s", recipeName: "bench-index",
        recipeText: "name: bench-index\n", recipeSHA256: String(repeating: "a", count: 64), seed: 1,
        firstSample: range.lowerBound, sampleCount: range.count, datasetSamples: layout.sampleCount,
        shardIndex: shard, shardCount: layout.shardCount, starmillVersion: StarmillVersion.string)
      try ShardWriter.write(
        observations, metadata: metadata,
        to: (directory as NSString).appendingPathComponent(layout.fileName(ofShard: shard)))
    }
  }
}
