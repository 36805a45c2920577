import FITS
import Foundation
import Optics
import Pipeline
import StarmillTestSupport
import Testing

@Suite("Physical HST ePSFs vs the real ones (PSFSTD) and the bundled files")
struct DiffractionHubbleTests {
  @Test("HST pupil: clear area of the OTA is π R²(1 − 0.33²) minus spiders and pads")
  func hubblePupilArea() {
    let grid = Pupil.hubbleOTA().sampled(samplesAcross: 256, subsamples: 4)
    let r = Pupil.hubbleRadiusMetres
    let annulus = Double.pi * r * r * (1 - 0.33 * 0.33)
    // Spiders: 4 arms of width 0.022 R from 0.33 R to R (overlaps at the centre lie inside the secondary).
    let spiders = 4 * 0.022 * r * (r - 0.33 * r)
    let pads = 3 * Double.pi * pow(0.065 * r, 2)
    // The pads straddle no spider (they sit at 0°, ±120°… from V3 and the spiders at 0°/90°: pad 1 is
    // on the V3 axis, so its overlap with that spider, ≈ 0.022 R × 0.13 R, is counted twice above).
    let padOnSpider = 0.022 * r * 2 * 0.065 * r
    let expected = annulus - spiders - pads + padOnSpider
    #expect(abs(grid.clearAreaSquareMetres / expected - 1) < 2e-3)
  }

  @Test("Throughput curves: read PHAT's, reject a malformed line with file, line and rule")
  func throughputReader() throws {
    let directory = try TemporaryDirectory("psf-throughput")
    defer { directory.remove() }
    let bad = directory.path("bad.par")
    try "# header\n4000 0.1\n4010 x\n".write(toFile: bad, atomically: true, encoding: .utf8)
    #expect(throws: ThroughputCurveError.self) { try ThroughputCurve.read(from: URL(fileURLWithPath: bad)) }
    do {
      _ = try ThroughputCurve.read(from: URL(fileURLWithPath: bad))
    } catch {
      #expect(error == .malformedLine(path: bad, line: 3, text: "4010 x", rule: "two numbers: Å, throughput"))
    }
    let descending = directory.path("descending.par")
    try "4000 0.1\n3990 0.2\n".write(toFile: descending, atomically: true, encoding: .utf8)
    #expect(throws: ThroughputCurveError.self) { try ThroughputCurve.read(from: URL(fileURLWithPath: descending)) }
  }

  @Test(
    "Built ePSFs match PSFSTD: FWHM within 10 %, EE(0.1/0.2/0.4″) within 0.05 (F475W, F814W, F160W)",
    .enabled(if: SharedData.isAvailable, "needs ../shared"))
  func matchesPSFSTD() throws {
    // Fewer wavelengths and a coarser pupil than the bundled build keep this quick in a debug build;
    // both change FWHM and EE by < 0.5 % / 0.003 (checked against the full build's README table).
    let options = PSFBuildOptions(
      filtersDirectory: SharedData.data("filters/hst"), bands: [.f475w, .f814w, .f160w], wavelengthCount: 8,
      minimumPupilSamples: 128, workers: 2)
    let rows = try PSFComparison.compare(options: options, referenceDirectory: SharedData.data("psf"))
    for row in rows {
      #expect(
        abs(row.fwhmRelativeDifference) <= 0.10,
        "\(row.band) FWHM \(row.model.fwhmArcsec) vs \(row.reference.fwhmArcsec)")
      for (k, difference) in row.encircledEnergyDifferences.enumerated() {
        #expect(abs(difference) <= 0.05, "\(row.band) EE(\(PSFComparison.radiiArcsec[k])″) off by \(difference)")
      }
    }
    // The data README's reference values (central plane) are what the comparison read.
    let f814w = rows.first { $0.band == .f814w }!
    #expect(abs(f814w.reference.encircledEnergy[0] - 0.65) < 0.01)
    #expect(abs(f814w.reference.encircledEnergy[1] - 0.90) < 0.01)
  }

  @Test(
    "The bundled epsf_F475W.fits is what `psf build` computes (central ±4 grid pixels, Float32 rounding)",
    .enabled(if: SharedData.isAvailable, "needs ../shared"))
  func bundledFileReproduces() throws {
    let path = SharedData.repositoryRoot.appendingPathComponent("Instruments/psf/epsf_F475W.fits").path
    let file = try FITSFile(openingAtPath: path)
    let stored = try file.readImage(as: Float.self)
    let oversampling = try file.requiredInt(forKey: "OVERSAMP")
    let nodes = try file.requiredInt(forKey: "NWAVE")
    try file.close()
    // The transform's samples do not depend on the field size, so a smaller stamp reproduces the centre.
    let halfWidth = 4
    let options = PSFBuildOptions(
      filtersDirectory: SharedData.data("filters/hst"), bands: [.f475w], oversampling: oversampling,
      halfWidthPixels: halfWidth, wavelengthCount: nodes, workers: 2)
    let rebuilt = try PSFBuilder.build(.f475w, options: options).image
    let side = stored.shape[0]
    let offset = (side - rebuilt.size) / 2
    var worst = 0.0
    for j in 0..<rebuilt.size {
      for i in 0..<rebuilt.size {
        let a = Double(stored.pixels[(j + offset) * side + i + offset])
        worst = max(worst, abs(a - rebuilt[i, j]))
      }
    }
    // Float32 storage: relative 6e-8 of a peak ≈ 0.19.
    #expect(worst < 1e-6, "largest difference \(worst)")
  }
}
