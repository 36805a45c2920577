import Datasets
import Foundation
import StarmillTestSupport
import Testing

@Suite struct ShardRoundTripTests {
  static func metadata(first: Int = 10, count: Int = 3) -> ShardMetadata {
    ShardMetadata(
      bands: ["F475W", "F814W"], pixelScaleArcsec: 0.05, imageHeightPixels: 4, imageWidthPixels: 5,
      zeroPointsVega: [26.188, 25.524], exposureSeconds: [1310, 950], units: "e-/s", recipeName: "unit",
      recipeText: "version: 1\n", recipeSHA256: String(repeating: "a", count: 64), seed: UInt64.max - 1,
      firstSample: first, sampleCount: count, datasetSamples: 100, shardIndex: 3, shardCount: 34,
      starmillVersion: "test")
  }

  static func observation(_ k: Int) -> Observation {
    Observation(
      pixels: (0..<40).map { Float($0) * 0.5 + Float(k) },
      labels: ["log_age": 7 + Double(k), "log_mass": 3 - Double(k) / 10],
      truthReals: ["a_v": Double(k) * 0.1], truthIntegers: ["star_count": Int64(1000 + k)],
      truthPerBand: ["integrated_mag": [20 + Double(k), 19 + Double(k)]])
  }

  @Test func writesAndReadsEveryColumn() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("unit-00003.h5")
    let observations = (0..<3).map(Self.observation)
    try ShardWriter.write(observations, metadata: Self.metadata(), to: path)

    let reader = try ShardReader(path: path)
    #expect(reader.metadata == Self.metadata())
    #expect(reader.labelNames == ["log_age", "log_mass"])
    #expect(try reader.images() == observations.flatMap(\.pixels))
    #expect(try reader.images(1..<2) == observations[1].pixels)
    #expect(try reader.label("log_mass") == [3, 2.9, 2.8])
    #expect(try reader.truth("star_count") == [1000, 1001, 1002])
    #expect(try reader.truthShape("integrated_mag") == [3, 2])
    #expect(try reader.truth("integrated_mag") == [20, 19, 21, 20, 22, 21])
    #expect(try reader.sampleIndices() == [10, 11, 12])
    // Only the final file is left: no temporary file.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["unit-00003.h5"])
  }

  @Test func refusesInconsistentObservationsAndLeavesNothing() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var observations = (0..<3).map(Self.observation)
    observations[2].labels["log_mass"] = nil
    #expect(throws: ShardError.self) {
      try ShardWriter.write(observations, metadata: Self.metadata(), to: directory.path("bad.h5"))
    }
    observations = (0..<3).map(Self.observation)
    observations[1].pixels.removeLast()
    #expect(throws: ShardError.self) {
      try ShardWriter.write(observations, metadata: Self.metadata(), to: directory.path("bad.h5"))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
  }

  @Test func readerRejectsDamagedAndForeignFiles() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("unit.h5")
    try ShardWriter.write((0..<3).map(Self.observation), metadata: Self.metadata(), to: path)
    // Truncate the file: HDF5 can no longer open it.
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: directory.path("truncated.h5")))
    #expect(throws: ShardError.self) { _ = try ShardReader(path: directory.path("truncated.h5")) }
    try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: directory.path("text.h5")))
    #expect(throws: ShardError.self) { _ = try ShardReader(path: directory.path("text.h5")) }
    #expect(throws: ShardError.self) { _ = try ShardReader(path: directory.path("missing.h5")) }
  }

  @Test func staleTemporaryFilesAreRemoved() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try Data("partial".utf8).write(to: URL(fileURLWithPath: directory.path(".unit-00000.h5.tmp-4242")))
    try Data("keep".utf8).write(to: URL(fileURLWithPath: directory.path("unit-00001.h5")))
    ShardWriter.removeStaleTemporaryFiles(in: directory.url.path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["unit-00001.h5"])
  }
}
