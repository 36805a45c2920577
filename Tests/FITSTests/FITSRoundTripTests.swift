import FITS
import StarmillTestSupport
import Testing

@Suite("FITS write and read back")
struct FITSRoundTripTests {
  /// A 3-D cube whose every pixel encodes its own (k, j, i) index, so an axis swap or an
  /// off-by-one in the 1-based conversion changes values rather than passing unnoticed.
  static func indexCube(nz: Int, ny: Int, nx: Int) throws -> FITSImage<Float> {
    var pixels: [Float] = []
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx { pixels.append(Float(10_000 * k + 100 * j + i) + 0.25) }
      }
    }
    return try FITSImage(shape: [nz, ny, nx], pixels: pixels)
  }

  @Test("3-D cube, typed keywords and a binary table survive a round trip")
  func cubeKeywordsAndTable() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("cube.fits")
    let cube = try Self.indexCube(nz: 3, ny: 5, nx: 7)
    let weights = try FITSImage(shape: [4, 6], pixels: (0..<24).map { Double($0) / 3 })
    do {
      let file = try FITSFile(creatingAtPath: path)
      try file.appendEmptyPrimary()
      try file.setKeyword("ORIGIN", .string("Starmill test"), comment: "who wrote it")
      try file.appendImage(cube, extensionName: "CUBE")
      try file.setKeyword("PIXSCALE", .double(0.1), comment: "arcsec / pixel")
      try file.setKeyword("NBANDS", .int(3), comment: "planes")
      try file.setKeyword("NOISY", .bool(false))
      try file.setKeyword("QUOTE", .string("it's here"))
      let long = String(repeating: "abcdefghij", count: 12)
      try file.setKeyword("LONGSTR", .string(long), comment: "CONTINUE convention")
      try file.addHistory("written by FITSRoundTripTests")
      try file.appendImage(weights, extensionName: "WEIGHTS")
      try file.appendBinaryTable(
        [
          FITSTableColumn(name: "ID", numbers: [Int64(1), 2, 3]),
          FITSTableColumn(name: "FLUX", numbers: [Float(1.5), 2.5, -3.5], unit: "e-/s"),
          FITSTableColumn(name: "MAG", numbers: [21.0, 22.5, 23.25]),
          FITSTableColumn(name: "XY", numbers: [Int16(1), 2, 3, 4, 5, 6], repeatCount: 2),
          FITSTableColumn(name: "GOOD", values: .logical([true, false, true])),
          FITSTableColumn(name: "BAND", values: .string(["F475W", "F814W", "F160W"])),
        ], extensionName: "STARS")
      try file.close()
      try file.close()  // a second close does nothing
    }

    let file = try FITSFile(openingAtPath: path)
    #expect(try file.hduCount == 4)
    #expect(try file.extensionNames() == [nil, "CUBE", "WEIGHTS", "STARS"])
    #expect(try file.string(forKey: "ORIGIN") == "Starmill test")
    #expect(try file.keyword(named: "ORIGIN")?.comment == "who wrote it")

    #expect(try file.move(to: .name("cube")) == .image)
    #expect(try file.imageShape == [3, 5, 7])
    let back = try file.readImage(as: Float.self)
    #expect(back == cube)
    #expect(back[[2, 4, 6]] == 20_406.25)
    #expect(try file.double(forKey: "PIXSCALE") == 0.1)
    #expect(try file.keyword(named: "PIXSCALE")?.comment == "arcsec / pixel")
    #expect(try file.int(forKey: "NBANDS") == 3)
    #expect(try file.double(forKey: "NBANDS") == 3)
    #expect(try file.bool(forKey: "NOISY") == false)
    #expect(try file.string(forKey: "QUOTE") == "it's here")
    #expect(try file.string(forKey: "LONGSTR") == String(repeating: "abcdefghij", count: 12))
    #expect(try file.keywords().contains { $0.name == "HISTORY" && $0.comment.contains("FITSRoundTripTests") })
    #expect(try file.string(forKey: "ABSENT") == nil)
    // A region read agrees with the whole read: plane 1, rows 2..3, columns 4..6.
    let region = try file.readImageRegion(start: [1, 2, 4], shape: [1, 2, 3], as: Float.self)
    #expect(region.pixels == [10_204.25, 10_205.25, 10_206.25, 10_304.25, 10_305.25, 10_306.25])

    try file.move(to: .index(2))
    #expect(try file.readImage(as: Double.self) == weights)
    // Doubles read as Float32 are rounded, not reinterpreted.
    #expect(try file.readImage(as: Float.self).pixels == weights.pixels.map { Float($0) })

    #expect(try file.move(to: .name("STARS")) == .binaryTable)
    #expect(try file.rowCount == 3)
    #expect(try file.columnNames == ["ID", "FLUX", "MAG", "XY", "GOOD", "BAND"])
    #expect(try file.readColumn(named: "ID") == [1, 2, 3])
    #expect(try file.readColumn(named: "FLUX") == [1.5, 2.5, -3.5])
    #expect(try file.column(named: "FLUX").unit == "e-/s")
    #expect(try file.readColumn(named: "MAG", as: Double.self) == [21.0, 22.5, 23.25])
    let xy = try file.readVectorColumn(named: "XY", as: Int32.self)
    #expect(xy.repeatCount == 2 && xy.rowCount == 3)
    #expect(Array(xy[row: 1]) == [3, 4])
    #expect(try file.readColumn(named: "GOOD") == [1, 0, 1])
    #expect(try file.readStringColumn(named: "BAND") == ["F475W", "F814W", "F160W"])
  }

  @Test("An image written into an empty file becomes the primary HDU")
  func primaryImage() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("primary.fits")
    let image = try FITSImage(shape: [2, 3], pixels: [Int16(-3), 0, 7, 32_767, -32_768, 1])
    let writer = try FITSFile(creatingAtPath: path)
    try writer.appendImage(image)
    try writer.close()
    let reader = try FITSFile(openingAtPath: path)
    #expect(try reader.hduCount == 1)
    #expect(try reader.int(forKey: "BITPIX") == 16)
    #expect(try reader.readImage(as: Int16.self) == image)
    #expect(try reader.readImage(as: Double.self).pixels == image.pixels.map(Double.init))
  }

  @Test("BSCALE/BZERO are applied on read")
  func scaledIntegers() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("scaled.fits")
    let writer = try FITSFile(creatingAtPath: path)
    try writer.appendImage(try FITSImage(shape: [4], pixels: [Int16(0), 1, 2, -1]))
    try writer.setKeyword("BSCALE", .double(0.5))
    try writer.setKeyword("BZERO", .double(100))
    try writer.close()
    let reader = try FITSFile(openingAtPath: path)
    #expect(try reader.readImage(as: Double.self).pixels == [100, 100.5, 101, 99.5])
  }

  @Test("Overwrite replaces a file; overwrite: false refuses")
  func overwrite() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("twice.fits")
    for value in [1.0, 2.0] {
      let file = try FITSFile(creatingAtPath: path)
      try file.appendImage(try FITSImage(shape: [1], pixels: [value]))
      try file.close()
    }
    #expect(try FITSFile(openingAtPath: path).readImage(as: Double.self).pixels == [2])
    let error = #expect(throws: FITSError.self) { try FITSFile(creatingAtPath: path, overwrite: false) }
    #expect(error?.kind == .openFailed)
    #expect(error?.status != nil)
  }
}
