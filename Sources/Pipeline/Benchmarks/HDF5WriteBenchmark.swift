import Foundation
import HDF5
import Numerics

extension Benchmark {
  /// HDF5 write (and read-back) speed for shard-like image stacks: uncompressed against
  /// shuffle + deflate 1, whole-batch appends against one image per write.
  ///
  /// The images are 3×64×64 Float32: a sky of 100 e⁻ plus N(0, 3) noise plus 20 Gaussian stars,
  /// like a background-dominated training image (the interop guide's §5 data). Times run from
  /// file creation to close without fsync, so uncompressed numbers are page-cache speeds.
  public static let hdf5 = Benchmark(
    name: "hdf5",
    summary: "HDF5 write MB/s for 3×64×64 float32 image stacks: none vs shuffle+deflate-1, chunk 16"
  ) { quick in
    let imageCount = quick ? 32 : 2_000
    let images = HDF5WriteBenchmark.syntheticImages(count: imageCount)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("starmill-bench-hdf5-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let cases: [HDF5WriteBenchmark.Case] = [
      .init(label: "none", chunk: 16, batch: 64, shuffle: false, deflate: nil),
      .init(label: "shuffle+deflate 1", chunk: 16, batch: 64, shuffle: true, deflate: 1),
      .init(label: "none", chunk: 16, batch: 1, shuffle: false, deflate: nil),
      .init(label: "shuffle+deflate 1", chunk: 16, batch: 1, shuffle: true, deflate: 1),
    ]
    var table = BenchmarkTable(
      title:
        "HDF5 write: \(imageCount) images of 3×64×64 float32 (\(HDF5WriteBenchmark.megabytes(images.count * 4)) MB)",
      columns: ["filter", "chunk (images)", "batch (images)", "write MB/s", "read-all MB/s", "size ratio"])
    for (index, testCase) in cases.enumerated() {
      let path = directory.appendingPathComponent("case-\(index).h5").path
      let result = try HDF5WriteBenchmark.run(testCase, images: images, imageCount: imageCount, path: path)
      table.rows.append([
        testCase.label, "\(testCase.chunk)", "\(testCase.batch)", String(format: "%.0f", result.writeMBps),
        String(format: "%.0f", result.readMBps), String(format: "%.2f", result.ratio),
      ])
    }
    table.notes = [
      "Write: H5Fcreate → appends → H5Fclose (no fsync). Read-all: one H5Dread of the whole dataset.",
      "Size ratio: raw bytes / file bytes. Values are checked after reading back.",
    ]
    return [table]
  }
}

/// The measurement behind `Benchmark.hdf5`.
enum HDF5WriteBenchmark {
  struct Case {
    var label: String
    var chunk: Int
    var batch: Int
    var shuffle: Bool
    var deflate: Int?
  }

  static let pixelsPerImage = 3 * 64 * 64

  static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }

  /// Sky 100 + N(0, 3) noise + 20 Gaussian stars (σ = 1.5 px) per band, fixed seed.
  static func syntheticImages(count: Int) -> [Float] {
    let generator = RandomGenerator(seed: 2019, stream: 2)
    var pixels = [Float](repeating: 0, count: count * pixelsPerImage)
    for image in 0..<count {
      var stars: [(x: Double, y: Double, flux: Double)] = []
      for _ in 0..<20 {
        stars.append((generator.uniform(0, 64), generator.uniform(0, 64), generator.uniform(100, 5_000)))
      }
      for band in 0..<3 {
        let base = (image * 3 + band) * 64 * 64
        for y in 0..<64 {
          for x in 0..<64 {
            var value = 100 + generator.gaussian(sigma: 3)
            for star in stars {
              let dx = Double(x) - star.x
              let dy = Double(y) - star.y
              let r2 = dx * dx + dy * dy
              if r2 < 49 { value += star.flux / (2 * Double.pi * 2.25) * exp(-r2 / 4.5) }
            }
            pixels[base + y * 64 + x] = Float(value)
          }
        }
      }
    }
    return pixels
  }

  static func run(_ testCase: Case, images: [Float], imageCount: Int, path: String) throws
    -> (writeMBps: Double, readMBps: Double, ratio: Double)
  {
    let bytes = Double(images.count * 4)
    let writeSeconds = try Stopwatch.seconds {
      let file = try HDF5File(creatingAtPath: path)
      let dataset = try file.root.createDataset(
        "images", of: Float.self, shape: [0, 3, 64, 64], unlimitedFirstAxis: true,
        layout: .chunked([testCase.chunk, 3, 64, 64], shuffle: testCase.shuffle, deflateLevel: testCase.deflate))
      try images.withUnsafeBufferPointer { all in
        var start = 0
        while start < imageCount {
          let end = min(imageCount, start + testCase.batch)
          try dataset.append(UnsafeBufferPointer(rebasing: all[(start * pixelsPerImage)..<(end * pixelsPerImage)]))
          start = end
        }
      }
      try dataset.close()
      try file.close()
    }
    var readBack: [Float] = []
    let readSeconds = try Stopwatch.seconds {
      let file = try HDF5File(openingAtPath: path)
      readBack = try file.root.openDataset("images").read(as: Float.self)
    }
    guard readBack == images else {
      throw HDF5Error(
        kind: .library, filePath: path, objectPath: "/images", operation: "benchmark read-back",
        message: "the values read back differ from those written")
    }
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? bytes
    return (bytes / writeSeconds / 1e6, bytes / readSeconds / 1e6, bytes / size)
  }
}
