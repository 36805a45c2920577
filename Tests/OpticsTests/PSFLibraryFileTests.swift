import Foundation
import Optics
import Pipeline
import StarmillTestSupport
import Testing

@Suite("HST PSF files (PSFSTD, TinyTim)")
struct PSFLibraryFileTests {
  /// Band, native pixel scale (″), README's measured ePSF FWHM (″), plane count.
  static let bands: [(String, Double, Double, Int)] = [
    ("WFC3UV_F275W", 0.0396, 0.07, 56), ("WFC3UV_F336W", 0.0396, 0.07, 56),
    ("ACSWFC_F475W", 0.05, 0.086, 90), ("ACSWFC_F814W", 0.05, 0.086, 90),
    ("WFC3IR_F110W", 0.128, 0.17, 9), ("WFC3IR_F160W", 0.128, 0.17, 9),
  ]

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func psfstdLibrariesLoadRenormaliseAndHaveTheQuotedWidths() throws {
    for (band, scale, fwhm, planes) in Self.bands {
      let library = try PSFFileReader.effectivePSFLibrary(atPath: SharedData.data("psf/PSFSTD_\(band).fits").path)
      #expect(library.planeCount == planes && library.width == 101 && library.oversampling == 4)
      // Raw plane sums are ~16 = 4² (F110W ~35); renormalised planes hold unit light.
      let rawSum = library.planeSamples[library.centralPlaneIndex].reduce(0, +)
      #expect(rawSum > 15 && rawSum < 36, "\(band) raw sum \(rawSum)")
      let central = try library.plane(library.centralPlaneIndex)
      #expect(abs(central.totalLight - 1) < 1e-12)
      // README: "about 0.07″/0.086″/0.17″"; the IR F110W plane measures 0.151″, hence 15 %.
      let measured = central.fwhmPixels() * scale
      #expect(abs(measured / fwhm - 1) < 0.15, "\(band) central-plane FWHM \(measured)″ vs \(fwhm)″")
    }
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func psfstdEncircledEnergyMatchesReadme() throws {
    // README: EE within 0.1″/0.2″/0.4″, normalised within 0.6″ (ACS) or 1.5″ (IR).
    for (band, scale, norm, expected) in [
      ("ACSWFC_F475W", 0.05, 0.6, [0.76, 0.93, 0.99]), ("ACSWFC_F814W", 0.05, 0.6, [0.65, 0.90, 0.98]),
      ("WFC3IR_F160W", 0.128, 1.5, [0.36, 0.64, 0.88]),
    ] {
      let library = try PSFFileReader.effectivePSFLibrary(atPath: SharedData.data("psf/PSFSTD_\(band).fits").path)
      let central = try library.plane(library.centralPlaneIndex)
      for (radius, value) in zip([0.1, 0.2, 0.4], expected) {
        let ee = central.encircledEnergy(radiusPixels: radius / scale, normalizingRadiusPixels: norm / scale)
        #expect(abs(ee - value) < 0.02, "\(band) EE(\(radius)″) = \(ee), README \(value)")
      }
    }
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func tinyTimImageConvertsToAnEPSFLikePSFSTD() throws {
    let image = try PSFFileReader.psfImage(
      atPath: SharedData.data("psf/tinytim_ACS_WFC_F475W.fits").path, detectorPixelScaleArcsec: 0.05)
    #expect(abs(image.sampleSpacingPixels - 0.99) < 1e-12)
    #expect(image.centerX == 262 && image.centerY == 262)
    let epsf = try EffectivePSF(integrating: image, oversampling: 4, halfWidthPixels: 10)
    #expect(abs(epsf.totalLight - 1) < 1e-12)
    // Same band, independent model: the pixel-convolved TinyTim core should be as wide as the
    // empirical PSFSTD one (0.0876″ measured) within 15 % (TinyTim lacks charge diffusion).
    let fwhm = epsf.fwhmPixels() * 0.05
    #expect(fwhm > 0.07 && fwhm < 0.1, "TinyTim F475W ePSF FWHM \(fwhm)″")
  }
}
