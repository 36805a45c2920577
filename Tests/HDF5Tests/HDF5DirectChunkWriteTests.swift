import Foundation
import HDF5
import StarmillTestSupport
import Testing

/// `HDF5Dataset.writeChunk`: raw chunk bytes straight to the file, for the shard writer's
/// one-image chunks. It must store exactly what a hyperslab `write` stores, and refuse every
/// dataset where raw bytes would not be that (filters, another type, a misaligned or partial chunk).
@Suite("HDF5 direct chunk writes")
struct HDF5DirectChunkWriteTests {
  static let shape = [5, 3, 4, 6]
  static let chunk = [1, 3, 4, 6]
  static func image(_ k: Int) -> [Float] { (0..<72).map { Float(k * 1000 + $0) * 0.25 - 7 } }

  @Test("Chunks written raw read back as written, like a hyperslab write of the same values")
  func rawChunksReadBack() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    for (name, raw) in [("raw.h5", true), ("hyperslab.h5", false)] {
      let file = try HDF5File(creatingAtPath: directory.path(name))
      let images = try file.root.createDataset(
        "images", of: Float.self, shape: Self.shape, layout: .chunked(Self.chunk, shuffle: false, deflateLevel: nil))
      for k in [3, 0, 4, 1, 2] {  // any order
        let values = Self.image(k)
        if raw {
          try values.withUnsafeBufferPointer { try images.writeChunk($0, start: [k, 0, 0, 0]) }
        } else {
          try images.write(values, start: [k, 0, 0, 0], count: Self.chunk)
        }
      }
      try file.close()
    }
    let rawFile = try HDF5File(openingAtPath: directory.path("raw.h5"))
    let hyperslabFile = try HDF5File(openingAtPath: directory.path("hyperslab.h5"))
    let raw = try rawFile.root.openDataset("images")
    let hyperslab = try hyperslabFile.root.openDataset("images")
    let expected = (0..<5).flatMap { Self.image($0) }
    #expect(try raw.read(as: Float.self) == expected)
    #expect(try hyperslab.read(as: Float.self) == expected)
    #expect(try raw.readItem(3, as: Float.self) == Self.image(3))
    // Conversion on read still works (the stored type is an ordinary float dataset).
    #expect(try raw.readItem(1, as: Double.self) == Self.image(1).map { Double($0) })
  }

  @Test("Refused where raw bytes would not be what the dataset stores")
  func refusals() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try HDF5File(creatingAtPath: directory.path("refusals.h5"))
    let plain = try file.root.createDataset(
      "plain", of: Float.self, shape: Self.shape, layout: .chunked(Self.chunk, shuffle: false, deflateLevel: nil))
    let compressed = try file.root.createDataset(
      "compressed", of: Float.self, shape: Self.shape, layout: .chunked(Self.chunk, shuffle: true, deflateLevel: 1))
    let contiguous = try file.root.createDataset("contiguous", values: Self.image(0), shape: [3, 4, 6])
    let doubles = try file.root.createDataset(
      "doubles", of: Double.self, shape: Self.shape, layout: .chunked(Self.chunk, shuffle: false, deflateLevel: nil))
    let values = Self.image(0)

    func refusal(_ dataset: HDF5Dataset, _ values: [Float], start: [Int]) -> HDF5Error? {
      #expect(throws: HDF5Error.self) {
        try values.withUnsafeBufferPointer { try dataset.writeChunk($0, start: start) }
      }
    }
    let filtered = refusal(compressed, values, start: [0, 0, 0, 0])
    #expect(filtered?.kind == .shapeMismatch)
    #expect(filtered?.description.contains("filters") == true)
    #expect(filtered?.description.contains("compressed") == true)
    #expect(refusal(contiguous, values, start: [0, 0, 0])?.description.contains("not chunked") == true)
    let misaligned = refusal(plain, values, start: [0, 0, 1, 0])
    #expect(misaligned?.kind == .shapeMismatch)
    #expect(misaligned?.description.contains("not a chunk corner") == true)
    #expect(refusal(plain, values, start: [5, 0, 0, 0])?.kind == .shapeMismatch)  // outside the shape
    #expect(refusal(plain, values, start: [0, 0, 0])?.kind == .shapeMismatch)  // wrong rank
    let short = refusal(plain, Array(values.prefix(71)), start: [0, 0, 0, 0])
    #expect(short?.description.contains("71 values given for a chunk of 72") == true)
    let wrongType = refusal(doubles, values, start: [0, 0, 0, 0])
    #expect(wrongType?.kind == .typeMismatch)
    #expect(wrongType?.description.contains("doubles") == true)
    // Nothing was written by any refusal.
    #expect(try plain.read(as: Float.self).allSatisfy { $0 == 0 })
  }
}
