import FITS
import Foundation
import Optics
import Pipeline
import Rendering
import StarmillTestSupport
import Testing

/// Reads the fixture star list: `x,y,flux` per line after a `#` header (0-based pixels).
func readFixtureStarList() throws -> RenderStarList {
  let text = try String(contentsOf: SharedData.fixture("render/starlist.csv"), encoding: .utf8)
  var xs: [Double] = []
  var ys: [Double] = []
  var fluxes: [Double] = []
  for (number, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
    let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard fields.count == 3, let x = fields[0], let y = fields[1], let flux = fields[2] else {
      Issue.record("starlist.csv line \(number + 1) is not x,y,flux: \(line)")
      continue
    }
    xs.append(x)
    ys.append(y)
    fluxes.append(flux)
  }
  return try RenderStarList(x: xs, y: ys, flux: [fluxes])
}

func readFixtureImage(_ name: String) throws -> [Double] {
  let file = try FITSFile(openingAtPath: SharedData.fixture("render/\(name)").path)
  defer { try? file.close() }
  let image = try file.readImage(as: Double.self)
  #expect(image.shape == [64, 64])
  return image.pixels
}

/// Σ|ΔI| / ΣI, the fixtures' figure of merit.
func relativeAbsoluteResidual(_ rendered: [Float], _ reference: [Double]) -> Double {
  var difference = 0.0
  var total = 0.0
  for (value, truth) in zip(rendered, reference) {
    difference += abs(Double(value) - truth)
    total += truth
  }
  return difference / total
}

@Suite("Rendering against the exact fixtures")
struct RenderFixturesTests {
  // Tolerances are the issue's: the fixture is exact, so these bound the phase-table blend
  // (≈4·10⁻⁴ at 16 phases), the ePSF spline interpolation (≈10⁻⁵) and Float32 storage.

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func gaussianAnalyticMatchesFixture() throws {
    let stars = try readFixtureStarList()
    #expect(stars.count == 600)
    let reference = try readFixtureImage("gaussian_sigma1.10.fits")
    let psf = try GaussianPSF(sigmaPixels: 1.10)
    let renderer = try Renderer(width: 64, height: 64, tables: [RenderPSFTable(psf: psf)])
    let image = try renderer.render(stars)
    let residual = relativeAbsoluteResidual(image.pixels, reference)
    #expect(residual <= 1e-3, "fast renderer Σ|ΔI|/ΣI = \(residual)")
    // The direct evaluation is the exact analytic path: only Float32 rounding remains.
    let direct = try RenderReference.render(stars, psfs: [psf], width: 64, height: 64)
    let directResidual = relativeAbsoluteResidual(direct.map(Float.init), reference)
    #expect(directResidual <= 1e-6, "direct analytic Σ|ΔI|/ΣI = \(directResidual)")
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func gaussianEffectivePSFMatchesFixture() throws {
    let stars = try readFixtureStarList()
    let reference = try readFixtureImage("gaussian_sigma1.10.fits")
    let psf = try PSFFileReader.effectivePSF(
      atPath: SharedData.fixture("render/epsf_gaussian_sigma1.10_oversample4.fits").path)
    #expect(psf.oversampling == 4 && psf.centerX == 50 && psf.width == 101)
    let renderer = try Renderer(width: 64, height: 64, tables: [RenderPSFTable(psf: psf)])
    let residual = relativeAbsoluteResidual(try renderer.render(stars).pixels, reference)
    #expect(residual <= 2e-3, "ePSF Σ|ΔI|/ΣI = \(residual)")
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func moffatMatchesFixture() throws {
    let stars = try readFixtureStarList()
    let reference = try readFixtureImage("moffat_beta2.5_fwhm2.0.fits")
    let psf = try MoffatPSF(
      beta: 2.5, fwhmPixels: 2.0, truncationRadiusPixels: 15, normalization: .untruncatedProfile)
    let renderer = try Renderer(width: 64, height: 64, tables: [RenderPSFTable(psf: psf)])
    let residual = relativeAbsoluteResidual(try renderer.render(stars).pixels, reference)
    #expect(residual <= 5e-3, "Moffat Σ|ΔI|/ΣI = \(residual)")
  }
}
