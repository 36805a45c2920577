import FITS
import StarmillTestSupport
import Testing

/// Files written here are read by astropy and the reverse (`Tests/Interop/check_fits.py`).
@Suite("FITS interoperability with astropy")
struct FITSInteropTests {
  static let available = PythonInterop.canImport(["numpy", "astropy.io.fits"])

  @Test(
    "astropy reads a cube, keywords and a table written here",
    .enabled(if: available, "needs \(PythonInterop.interpreter) with numpy and astropy (set STARMILL_PYTHON)"))
  func astropyReadsSwift() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("interop.fits")
    let file = try FITSFile(creatingAtPath: path)
    try file.appendEmptyPrimary()
    try file.appendImage(try FITSRoundTripTests.indexCube(nz: 3, ny: 5, nx: 7), extensionName: "CUBE")
    try file.setKeyword("PIXSCALE", .double(0.1), comment: "arcsec / pixel")
    try file.setKeyword("NBANDS", .int(3))
    try file.setKeyword("NOISY", .bool(false))
    try file.setKeyword("BAND", .string("F475W"))
    try file.appendBinaryTable(
      [
        FITSTableColumn(name: "ID", numbers: [Int32(1), 2, 3]),
        FITSTableColumn(name: "MAG", numbers: [21.0, 22.5, 23.25]),
        FITSTableColumn(name: "XY", numbers: [Int64(1), 2, 3, 4, 5, 6], repeatCount: 2),
        FITSTableColumn(name: "GOOD", values: .logical([true, false, true])),
        FITSTableColumn(name: "NAME", values: .string(["alpha", "b", "gamma"])),
      ], extensionName: "STARS")
    try file.close()
    let result = try PythonInterop.run([PythonInterop.script("check_fits.py"), "read", path])
    #expect(result.status == 0, "astropy check failed:\n\(result.output)")
  }

  @Test(
    "A file written by astropy reads here: scaled integers, extension names, vector columns",
    .enabled(if: available, "needs \(PythonInterop.interpreter) with numpy and astropy (set STARMILL_PYTHON)"))
  func swiftReadsAstropy() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("astropy.fits")
    let result = try PythonInterop.run([PythonInterop.script("check_fits.py"), "write", path])
    try #require(result.status == 0, "astropy could not write:\n\(result.output)")

    let file = try FITSFile(openingAtPath: path)
    #expect(try file.string(forKey: "ORIGIN") == "astropy")
    try file.move(to: .name("SCALED"))
    #expect(try file.int(forKey: "BITPIX") == 16)
    let image = try file.readImage(as: Double.self)
    #expect(image.shape == [2, 3, 4])
    #expect(image.pixels == (0..<24).map { Double($0) * 0.5 + 10 })
    #expect(try file.keyword(named: "GAIN") == FITSKeyword(name: "GAIN", value: .double(2.5), comment: "e-/ADU"))
    try file.move(to: .name("TAB"))
    #expect(try file.readColumn(named: "FLUX") == [1.5, -2])
    #expect(try file.readColumn(named: "ID", as: Int32.self) == [7, 8])
    let vector = try file.readVectorColumn(named: "VEC")
    #expect(vector.repeatCount == 3)
    #expect(vector.values == [1, 2, 3, 4, 5, 6])
  }
}
