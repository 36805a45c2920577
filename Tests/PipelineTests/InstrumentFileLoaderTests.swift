import Foundation
import Pipeline
import Rendering
import StarmillTestSupport
import Testing

@Suite struct InstrumentFileLoaderTests {
  static let phatFile = SharedData.repositoryRoot.appendingPathComponent("Instruments/phat.yaml")
  static let source = URL(fileURLWithPath: "/instruments/test.yaml")

  @Test func loadsTheBundledPHATDescription() throws {
    let loaded = try InstrumentFileLoader.load(from: Self.phatFile)
    let phat = loaded.instrument
    #expect(phat.name == "PHAT")
    #expect(phat.bandNames == ["F275W", "F336W", "F475W", "F814W", "F110W", "F160W"])
    #expect(phat.pixelScaleArcsec == 0.05)
    let f475w = try #require(phat.band(named: "F475W"))
    #expect(f475w.camera == "ACS/WFC")
    #expect(f475w.vegaZeroPoint == 26.188)
    #expect(f475w.exposureTimeSeconds == 1310)
    #expect(f475w.background == .effectivePerStar(electronsPerSecond: 2.4))
    #expect(
      loaded.psfFiles["F160W"]
        == Self.phatFile.deletingLastPathComponent().appendingPathComponent("psf/epsf_F160W.fits"))
  }

  /// The numbers in phat.yaml are the ones in their stated sources: the band summary table
  /// (camera, native scale, zero point, FWHM) and the data README's effective (T, K) pairs.
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func phatNumbersMatchTheirSources() throws {
    let phat = try InstrumentFileLoader.load(from: Self.phatFile).instrument
    let summary = try String(contentsOf: SharedData.data("phat_band_summary.ecsv"), encoding: .utf8)
    var columns: [String] = []
    var rows = 0
    for line in summary.split(separator: "\n") where !line.hasPrefix("#") {
      let cells = line.split(separator: " ").map(String.init)
      if columns.isEmpty {
        columns = cells
        continue
      }
      func cell(_ name: String) -> String { cells[columns.firstIndex(of: name)!] }
      let band = try #require(phat.band(named: cell("band")))
      #expect(band.camera == cell("camera"))
      #expect(band.nativePixelScaleArcsec == Double(cell("native_pixscale_arcsec")))
      #expect(band.vegaZeroPoint == Double(cell("vega_zp_eps")))
      #expect(band.psfFWHMArcsec == Double(cell("ePSF_fwhm_arcsec")), "\(band.name) FWHM")
      rows += 1
    }
    #expect(rows == 6)
    let readme = try String(contentsOf: SharedData.data("README.md"), encoding: .utf8)
    for band in phat.bands {
      guard case .effectivePerStar(let k) = band.background else {
        Issue.record("\(band.name): expected an effective per-star background")
        continue
      }
      let pair = "\(band.name) \(Int(band.exposureTimeSeconds))/\(k)"
      #expect(readme.contains(pair), "README lacks \(pair)")
    }
  }

  static let validBand = """
      - name: F475W
        camera: ACS/WFC
        native_pixel_scale_arcsec: 0.05
        vega_zero_point: 26.188
        exposure_time_seconds: 1310
        effective_background_electrons_per_second: 2.4
        read_noise_electrons: 0
        gain_electrons_per_dn: 2
        psf_fwhm_arcsec: 0.086
        psf_file: psf/F475W.fits
    """

  func loadError(_ yaml: String) -> InstrumentFileError? {
    do {
      _ = try InstrumentFileLoader.parse(yaml: yaml, source: Self.source)
      return nil
    } catch {
      return error
    }
  }

  @Test func minimalFileLoadsWithDefaults() throws {
    let loaded = try InstrumentFileLoader.parse(yaml: "name: T\nbands:\n" + Self.validBand, source: Self.source)
    #expect(loaded.instrument.pixelScaleArcsec == 0.05)
    #expect(loaded.psfFiles["F475W"]?.path == "/instruments/psf/F475W.fits")
  }

  @Test func unknownBandFieldIsNamedWithItsLine() throws {
    let yaml = "name: T\nbands:\n" + Self.validBand + "\n    exposure_tme: 3\n"
    let error = try #require(loadError(yaml))
    #expect(error.file == "/instruments/test.yaml")
    #expect(error.line == 13)
    #expect(error.field == "bands[0].exposure_tme")
    #expect(error.rule.contains("unknown field"))
    #expect(error.rule.contains("exposure_time_seconds"))
    #expect(error.description.hasPrefix("/instruments/test.yaml:13:"))
  }

  @Test func negativeExposureNamesFieldValueAndRule() throws {
    let yaml = "name: T\nbands:\n" + Self.validBand.replacingOccurrences(of: "1310", with: "-1310")
    let error = try #require(loadError(yaml))
    #expect(error.line == 7)
    #expect(error.field == "bands[0].exposure_time_seconds")
    #expect(error.value == "-1310.0")
    #expect(error.rule.contains("> 0"))
  }

  @Test func otherMistakesAreCaughtWithTheirLocation() throws {
    let header = "name: T\nbands:\n"
    // Missing field: located at the band.
    let missing = try #require(
      loadError(header + Self.validBand.replacingOccurrences(of: "    camera: ACS/WFC\n", with: "")))
    #expect(missing.field == "bands[0].camera")
    #expect(missing.line == 3)
    // Not a number.
    let text = try #require(loadError(header + Self.validBand.replacingOccurrences(of: "26.188", with: "bright")))
    #expect(text.field == "bands[0].vega_zero_point")
    #expect(text.value == "bright")
    // Both backgrounds.
    let both = try #require(loadError(header + Self.validBand + "\n    sky_electrons_per_second_per_pixel: 0.1\n"))
    #expect(both.rule.contains("exactly one"))
    // Duplicate band name: the second occurrence.
    let duplicate = try #require(loadError(header + Self.validBand + "\n" + Self.validBand))
    #expect(duplicate.field == "bands[1].name")
    #expect(duplicate.line == 13)
    // Escaping the instrument folder.
    let escape = try #require(loadError(header + Self.validBand.replacingOccurrences(of: "psf/F475W", with: "../x")))
    #expect(escape.field == "bands[0].psf_file")
    // An impossible image grid is reported at the instrument-wide field.
    let grid = try #require(loadError("name: T\npixel_scale_arcsec: -0.05\nbands:\n" + Self.validBand))
    #expect(grid.field == "pixel_scale_arcsec")
    #expect(grid.line == 2)
    // Unknown top-level key, malformed YAML, empty file.
    #expect(try #require(loadError("name: T\nband:\n" + Self.validBand)).field == "band")
    let malformed = try #require(loadError("name: [T\nbands: 1\n"))
    #expect(malformed.rule.contains("not valid YAML"))
    #expect(malformed.line != nil)
    #expect(loadError("") != nil)
    // A missing file names the file.
    #expect(throws: InstrumentFileError.self) {
      try InstrumentFileLoader.load(from: URL(fileURLWithPath: "/nonexistent/phat.yaml"))
    }
  }
}
