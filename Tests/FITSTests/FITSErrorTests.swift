import FITS
import Foundation
import StarmillTestSupport
import Testing

/// Every failure is a typed `FITSError` naming the file and, when cfitsio detected it, carrying
/// cfitsio's own status text.
@Suite("FITS error paths")
struct FITSErrorTests {
  static func sampleFile(_ directory: TemporaryDirectory) throws -> String {
    let path = directory.path("sample.fits")
    let file = try FITSFile(creatingAtPath: path)
    try file.appendImage(try FITSImage(shape: [2, 2], pixels: [Float(1), 2, 3, 4]), extensionName: "SCI")
    try file.setKeyword("LABEL", .string("text"))
    try file.appendBinaryTable([FITSTableColumn(name: "NAME", values: .string(["a", "b"]))], extensionName: "TAB")
    try file.close()
    return path
  }

  @Test("A missing file reports cfitsio's message and the path")
  func missingFile() {
    let path = "/nonexistent/starmill/nothing.fits"
    let error = #expect(throws: FITSError.self) { try FITSFile(openingAtPath: path) }
    #expect(error?.kind == .openFailed)
    #expect(error?.path == path)
    #expect(error?.status == 104)
    #expect(error?.message.contains("could not open") == true)
    #expect(error?.description.contains(path) == true)
  }

  @Test("A file that is not FITS is refused")
  func notFITS() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("text.fits")
    try "not a FITS file at all\n".write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: FITSError.self) { try FITSFile(openingAtPath: path) }
    #expect(error?.kind == .openFailed)
    #expect(error?.status != nil)
    #expect(error?.message.isEmpty == false)
  }

  @Test("Missing extension by name and by index")
  func missingExtension() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try FITSFile(openingAtPath: try Self.sampleFile(directory))
    let byName = #expect(throws: FITSError.self) { try file.move(to: .name("NOPE")) }
    #expect(byName?.kind == .missingExtension)
    #expect(byName?.message.contains("SCI") == true)  // lists what exists
    let byIndex = #expect(throws: FITSError.self) { try file.move(to: .index(7)) }
    #expect(byIndex?.kind == .missingExtension)
    #expect(try file.currentHDUIndex == 0)
  }

  @Test("Wrong HDU type, missing column, wrong column type, wrong keyword type")
  func wrongTypes() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try FITSFile(openingAtPath: try Self.sampleFile(directory))
    #expect(throws: FITSError.self) { try file.rowCount }
    let keywordError = #expect(throws: FITSError.self) { try file.double(forKey: "LABEL") }
    #expect(keywordError?.kind == .typeMismatch)
    #expect(keywordError?.message.contains("text") == true)
    let missingKeyword = #expect(throws: FITSError.self) { try file.requiredInt(forKey: "NOTHERE") }
    #expect(missingKeyword?.kind == .missingKeyword)

    try file.move(to: .name("TAB"))
    let imageError = #expect(throws: FITSError.self) { try file.readImage(as: Float.self) }
    #expect(imageError?.kind == .wrongHDUType)
    let columnError = #expect(throws: FITSError.self) { try file.readColumn(named: "FLUX") }
    #expect(columnError?.kind == .missingColumn)
    #expect(columnError?.message.contains("NAME") == true)
    let typeError = #expect(throws: FITSError.self) { try file.readColumn(named: "NAME") }
    #expect(typeError?.kind == .typeMismatch)
  }

  @Test("Bad shapes are refused before anything is written")
  func badShapes() throws {
    let shapeError = #expect(throws: FITSError.self) { try FITSImage(shape: [2, 3], pixels: [Float(1), 2]) }
    #expect(shapeError?.kind == .shapeMismatch)
    #expect(throws: FITSError.self) { try FITSImage(shape: [0, 3], pixels: [Float]()) }

    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try FITSFile(creatingAtPath: directory.path("bad.fits"))
    let tableError = #expect(throws: FITSError.self) {
      try file.appendBinaryTable([
        FITSTableColumn(name: "A", numbers: [1.0, 2.0]), FITSTableColumn(name: "B", numbers: [1.0]),
      ])
    }
    #expect(tableError?.kind == .shapeMismatch)
    try file.appendImage(try FITSImage(shape: [2, 2], pixels: [Float](repeating: 0, count: 4)))
    let regionError = #expect(throws: FITSError.self) {
      try file.readImageRegion(start: [1, 1], shape: [2, 2], as: Float.self)
    }
    #expect(regionError?.kind == .shapeMismatch)
  }

  @Test("Calls after close throw .closed")
  func afterClose() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try FITSFile(openingAtPath: try Self.sampleFile(directory))
    try file.close()
    #expect(file.isClosed)
    let error = #expect(throws: FITSError.self) { try file.imageShape }
    #expect(error?.kind == .closed)
  }
}
