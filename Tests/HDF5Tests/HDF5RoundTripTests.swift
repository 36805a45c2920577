import HDF5
import StarmillTestSupport
import Testing

@Suite("HDF5 write and read back")
struct HDF5RoundTripTests {
  /// Image `n` of a `[N, 3, 8, 8]` stack: every value encodes (n, band, y, x), so an axis swap,
  /// an off-by-one batch offset or a wrong chunk order changes values. All are exact in Float32.
  static func image(_ n: Int) -> [Float] {
    var values: [Float] = []
    for band in 0..<3 {
      for y in 0..<8 {
        for x in 0..<8 { values.append(Float(n * 1000 + band * 100 + y * 10 + x) + 0.5) }
      }
    }
    return values
  }

  @Test("Chunked 4-D float32 dataset appended in batches, with labels, attributes and strings")
  func shardLikeFile() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("shard.h5")
    let batches = [5, 7, 1]  // 13 images across chunks of 4: batches straddle chunk boundaries
    do {
      let file = try HDF5File(creatingAtPath: path)
      let images = try file.root.createDataset(
        "images", of: Float.self, shape: [0, 3, 8, 8], unlimitedFirstAxis: true,
        layout: .chunked([4, 3, 8, 8], shuffle: true, deflateLevel: 1))
      var next = 0
      for batch in batches {
        let values = (next..<(next + batch)).flatMap(Self.image)
        #expect(try images.append(values) == next..<(next + batch))
        next += batch
      }
      try images.setAttribute("units", .string("e-/s"))
      try images.close()

      let ages = (0..<13).map { 6.6 + 0.05 * Double($0) }
      try file.root.createDataset("labels/log_age", values: ages)
      let seeds = try file.root.createDataset(
        "truth/seed", of: Int64.self, shape: [0], unlimitedFirstAxis: true)
      try seeds.append((0..<13).map { Int64($0) * 1_000_003 })
      try file.root.createDataset("truth/flags", values: [UInt8](repeating: 1, count: 13))
      try file.root.createDataset("truth/stars", values: (0..<13).map { Int32($0 * 10) })
      try file.root.createStringDataset("truth/background", values: ["synthetic-0", "M31 Ω field", ""])

      try file.root.setAttribute("format", .string("starmill-shard"))
      try file.root.setAttribute("format_version", .int64(1))
      try file.root.setAttribute("pixel_scale_arcsec", .double(0.05))
      try file.root.setAttribute("zero_points", .floats([26.19, 25.52, 24.67]))
      try file.root.setAttribute("bands", .strings(["F475W", "F814W", "F160W"]))
      try file.root.setAttribute("image_size", .int32s([8, 8]))
      try file.root.setAttribute("format", .string("starmill-shard"))  // replacing is allowed
      try file.flush()
      try file.close()
    }

    let file = try HDF5File(openingAtPath: path)
    #expect(try file.root.memberNames() == ["images", "labels", "truth"])
    #expect(try file.root.openGroup("truth").memberNames() == ["background", "flags", "seed", "stars"])
    #expect(try file.root.kind(of: "labels") == .group)
    #expect(try file.root.kind(of: "/labels/log_age") == .dataset)
    #expect(try file.root.contains("labels/log_age"))
    #expect(try !file.root.contains("labels/r_h_pc"))
    #expect(try !file.root.contains("nothing/at/all"))

    let images = try file.root.openDataset("images")
    #expect(try images.shape == [13, 3, 8, 8])
    #expect(try images.maxShape == [nil, 3, 8, 8])
    #expect(try images.chunkShape == [4, 3, 8, 8])
    #expect(try images.elementType == .float32)
    let all = try images.read(as: Float.self)
    #expect(all == (0..<13).flatMap(Self.image))
    #expect(try images.readItem(7, as: Float.self) == Self.image(7))
    #expect(try images.readItems(3..<6, as: Float.self) == (3..<6).flatMap(Self.image))
    // One pixel of one band of one image: (n=9, band=2, y=5, x=6).
    #expect(try images.read(as: Float.self, start: [9, 2, 5, 6], count: [1, 1, 1, 1]) == [9256.5])
    #expect(try images.read(as: Double.self, start: [12, 0, 0, 0], count: [1, 1, 1, 2]) == [12000.5, 12001.5])
    #expect(try images.stringAttribute("units") == "e-/s")
    #expect(images.path == "/images")

    let ages = try file.root.openDataset("labels/log_age")
    #expect(try ages.elementType == .float64)
    #expect(try ages.chunkShape == nil)
    #expect(try ages.read(as: Double.self) == (0..<13).map { 6.6 + 0.05 * Double($0) })
    #expect(try file.root.openDataset("truth/seed").read(as: Int64.self) == (0..<13).map { Int64($0) * 1_000_003 })
    #expect(try file.root.openDataset("truth/flags").elementType == .uint8)
    #expect(try file.root.openDataset("truth/stars").read(as: Int32.self)[12] == 120)
    let background = try file.root.openDataset("truth/background")
    #expect(try background.holdsStrings)
    #expect(try background.readStrings() == ["synthetic-0", "M31 Ω field", ""])

    #expect(
      try file.root.attributeNames()
        == ["bands", "format", "format_version", "image_size", "pixel_scale_arcsec", "zero_points"])
    #expect(try file.root.stringAttribute("format") == "starmill-shard")
    #expect(try file.root.intAttribute("format_version") == 1)
    #expect(try file.root.attribute("format_version") == .int64(1))
    #expect(try file.root.doubleAttribute("pixel_scale_arcsec") == 0.05)
    #expect(try file.root.attribute("zero_points") == .floats([26.19, 25.52, 24.67]))
    #expect(try file.root.doublesAttribute("image_size") == [8, 8])
    #expect(try file.root.stringsAttribute("bands") == ["F475W", "F814W", "F160W"])
    #expect(try file.root.attribute("absent") == nil)
  }

  @Test("Writing one image per call into compressed chunks stays correct")
  func singleImageWrites() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try HDF5File(creatingAtPath: directory.path("single.h5"))
    let images = try file.root.createDataset(
      "images", of: Float.self, shape: [10, 3, 8, 8], layout: .chunked([8, 3, 8, 8], shuffle: true, deflateLevel: 4))
    for n in (0..<10).reversed() {
      try images.write(Self.image(n), start: [n, 0, 0, 0], count: [1, 3, 8, 8])
    }
    #expect(try images.read(as: Float.self) == (0..<10).flatMap(Self.image))
    try images.resize([4, 3, 8, 8])  // chunked fixed-size datasets may shrink
    #expect(try images.shape == [4, 3, 8, 8])
    #expect(try images.read(as: Float.self) == (0..<4).flatMap(Self.image))
  }

  @Test("Automatic chunking for an unlimited dataset without a chunk shape")
  func automaticChunks() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try HDF5File(creatingAtPath: directory.path("auto.h5"))
    let images = try file.root.createDataset(
      "images", of: Float.self, shape: [0, 3, 64, 64], unlimitedFirstAxis: true)
    // 1 MiB / (3·64·64·4 B) = 21 images per chunk.
    #expect(try images.chunkShape == [21, 3, 64, 64])
    let labels = try file.root.createDataset("labels/x", of: Double.self, shape: [0], unlimitedFirstAxis: true)
    #expect(try labels.chunkShape == [131_072])
    try labels.append([1, 2, 3])
    try labels.append([4])
    #expect(try labels.read(as: Double.self) == [1, 2, 3, 4])
  }

  @Test("A virtual dataset stacks two shard files")
  func virtualDataset() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var sources: [HDF5VirtualSource] = []
    var first = 0
    for (index, count) in [3, 2].enumerated() {
      let name = "shard-\(index).h5"
      let file = try HDF5File(creatingAtPath: directory.path(name))
      try file.root.createDataset(
        "images", values: (first..<(first + count)).flatMap(Self.image), shape: [count, 3, 8, 8])
      try file.close()
      sources.append(
        HDF5VirtualSource(
          filePath: name, datasetPath: "/images", shape: [count, 3, 8, 8], destinationStart: [first, 0, 0, 0]))
      first += count
    }
    do {
      let index = try HDF5File(creatingAtPath: directory.path("index.h5"))
      try index.root.createVirtualDataset("images", of: Float.self, shape: [first, 3, 8, 8], sources: sources)
      try index.close()
    }
    let index = try HDF5File(openingAtPath: directory.path("index.h5"))
    let images = try index.root.openDataset("images")
    #expect(try images.shape == [5, 3, 8, 8])
    #expect(try images.read(as: Float.self) == (0..<5).flatMap(Self.image))
    #expect(try images.readItem(3, as: Float.self) == Self.image(3))
  }
}
