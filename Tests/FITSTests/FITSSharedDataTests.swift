import FITS
import StarmillTestSupport
import Testing

/// Reads the real files other modules depend on. Expected values were read independently with
/// astropy 8 (`fits.open(path)[hdu].data[...]`); Float32 columns are compared as Float32 exactly,
/// sums with a relative tolerance of 1e-6 (Float32 data summed in a different order).
@Suite("FITS reading of the shared reference data")
struct FITSSharedDataTests {
  @Test("Castelli-Kurucz table: columns, rows and values", .enabled(if: SharedData.isAvailable, "needs ../shared"))
  func castelliKuruczTable() throws {
    let file = try FITSFile(openingAtPath: SharedData.data("ck04models/ckp00/ckp00_5000.fits").path)
    #expect(try file.hduCount == 2)
    #expect(try file.int(forKey: "TEFF") == 5000)
    #expect(try file.double(forKey: "LOG_Z") == 0)
    #expect(try file.move(to: .index(1)) == .binaryTable)
    #expect(try file.rowCount == 1221)
    let names = try file.columnNames
    #expect(names.count == 12)
    #expect(names.first == "WAVELENGTH")
    #expect(names.last == "g50")
    let wavelength = try file.readColumn(named: "WAVELENGTH")
    let flux = try file.readColumn(named: "g45")
    #expect(wavelength.count == 1221)
    #expect(Array(wavelength.prefix(3)) == [90.9, 93.5, 96.1].map { Double(Float($0)) })
    #expect(wavelength[600] == 8370)
    #expect(flux[0] == 0)
    #expect(flux[600] == Double(Float(2.873e6)))
    let info = try file.column(named: "g45")
    #expect(info.type == .float32)
    #expect(info.repeatCount == 1)
    // Wavelengths increase strictly: a check that rows come back in order.
    #expect(zip(wavelength, wavelength.dropFirst()).allSatisfy { $0 < $1 })
  }

  @Test("CALSPEC Vega spectrum by extension name", .enabled(if: SharedData.isAvailable, "needs ../shared"))
  func vegaSpectrum() throws {
    let file = try FITSFile(openingAtPath: SharedData.data("filters/vega/alpha_lyr_stis_011.fits").path)
    #expect(try file.move(to: .name("SCI")) == .binaryTable)
    #expect(try file.currentHDUIndex == 1)
    #expect(try file.rowCount == 9192)
    let wavelength = try file.readColumn(named: "WAVELENGTH")
    let flux = try file.readColumn(named: "FLUX", as: Float.self)
    #expect(wavelength[0] == 900.452)
    #expect(wavelength[9191] == 2993651.7027542153)
    #expect(flux[0] == 1.2837949e-17)
    #expect(flux[9191] == 1.3388032e-19)
    #expect(try file.column(named: "DATAQUAL").type == .int16)
    #expect(try file.readColumn(named: "dataqual").prefix(5) == [1, 1, 1, 1, 1])
    #expect(try file.extensionNames() == [nil, "SCI"])
  }

  @Test("PSFSTD cube: shape, keywords, a plane", .enabled(if: SharedData.isAvailable, "needs ../shared"))
  func psfStandardCube() throws {
    let file = try FITSFile(openingAtPath: SharedData.data("psf/PSFSTD_ACSWFC_F475W.fits").path)
    #expect(try file.imageShape == [90, 101, 101])
    // These headers use lowercase keyword names (NXPSFs): they must still be readable.
    #expect(try file.int(forKey: "NXPSFS") == 9)
    #expect(try file.int(forKey: "NYPSFs") == 10)
    #expect(try file.int(forKey: "IPSFX02") == 512)
    let cards = try file.keywords()
    #expect(cards.contains { $0.name.uppercased() == "JPSFY07" && $0.value == .int(2560) })
    let cube = try file.readImage(as: Float.self)
    #expect(cube.shape == [90, 101, 101])
    #expect(cube[[45, 50, 50]] == 0.20187354)
    let plane = try file.readImageRegion(start: [0, 0, 0], shape: [1, 101, 101], as: Double.self)
    let sum = plane.pixels.reduce(0, +)
    #expect(abs(sum - 15.998814) < 1e-5 * 16)
    #expect(plane.pixels.map(Float.init) == Array(cube.pixels[0..<(101 * 101)]))
  }

  @Test("Every PSFSTD header lists without failing", .enabled(if: SharedData.isAvailable, "needs ../shared"))
  func allPSFStandardHeaders() throws {
    for band in ["ACSWFC_F475W", "ACSWFC_F814W", "WFC3IR_F110W", "WFC3IR_F160W", "WFC3UV_F275W", "WFC3UV_F336W"] {
      let file = try FITSFile(openingAtPath: SharedData.data("psf/PSFSTD_\(band).fits").path)
      let cards = try file.keywords()
      #expect(cards.count > 10, "\(band)")
      let shape = try file.imageShape
      #expect(shape.count == 3 && shape[1] == 101 && shape[2] == 101, "\(band): \(shape)")
      #expect(try file.int(forKey: "NXPSFS")! * file.int(forKey: "NYPSFS")! >= shape[0], "\(band)")
    }
  }

  @Test("Render fixtures: Float64 images with keywords", .enabled(if: SharedData.isAvailable, "needs ../shared"))
  func renderFixtures() throws {
    let gaussian = try FITSFile(openingAtPath: SharedData.fixture("render/gaussian_sigma1.10.fits").path)
    let image = try gaussian.readImage(as: Double.self)
    #expect(image.shape == [64, 64])
    #expect(image[[10, 20]] == 26.485828563985006)
    #expect(abs(image.pixels.reduce(0, +) - 115491.29460197111) < 1e-9 * 115491)
    #expect(try gaussian.string(forKey: "PSF") == "GAUSSIAN")
    #expect(try gaussian.double(forKey: "SIGMA") == 1.1)

    let epsf = try FITSFile(
      openingAtPath: SharedData.fixture("render/epsf_gaussian_sigma1.10_oversample4.fits").path)
    #expect(try epsf.int(forKey: "OVERSAMP") == 4)
    let stamp = try epsf.readImage(as: Double.self)
    #expect(stamp.shape == [101, 101])
    #expect(abs(stamp.pixels.reduce(0, +) - 16) < 1e-9)
    #expect(stamp.pixels.max() == stamp[[50, 50]])
  }

  @Test(
    "PHAT catalogue: float, double, int16, int64 and logical columns",
    .enabled(if: SharedData.isAvailable, "needs ../shared"))
  func phatCatalogue() throws {
    let file = try FITSFile(openingAtPath: SharedData.data("phat/b15_data_test.fits").path)
    try file.move(to: .index(1))
    #expect(try file.rowCount == 7250)
    #expect(try file.columnNames.count == 75)
    #expect(try file.readColumn(named: "f475w_vega", as: Float.self).prefix(3) == [25.819, 27.265, 26.415])
    #expect(try file.column(named: "field").type == .int64)
    #expect(try file.readColumn(named: "field", as: Int64.self).prefix(3) == [18, 18, 18])
    #expect(try file.column(named: "f475w_gst").type == .logical)
    let good = try file.readColumn(named: "f475w_gst")
    #expect(good.count == 7250)
    #expect(good.allSatisfy { $0 == 1 })
  }
}
