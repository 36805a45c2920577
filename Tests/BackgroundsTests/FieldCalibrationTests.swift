import Backgrounds
import Foundation
import Pipeline
import StarmillTestSupport
import Testing

/// The synthetic field against the real PHAT catalogue of brick 15 field 27, through the field's
/// own artificial-star tests (numbers in Backgrounds/phat-synthetic/README.md;
/// `starmill backgrounds calibrate`).
@Suite struct FieldCalibrationTests {
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func syntheticFieldAgainstPHATCatalogue() throws {
    let set = try IsochroneSetFolder.load(SharedData.repositoryRoot.path + "/Isochrones/parsec-v1.2s-phat")
    let catalogue = try FieldCalibration.Catalogue.read(
      path: SharedData.data("phat/b15_data_test.fits").path, bands: ["F475W", "F814W"])
    let detection = try DetectionModel(
      tests: ArtificialStarTestFile.read(
        path: SharedData.data("phat/fake_stars_b15_27_opt.fits").path, bands: ["F475W", "F814W"]),
      referenceMagnitudes: ["F475W", "F814W"].map { catalogue.signalToNoise5Magnitude($0) })
    let result = try FieldCalibration.compare(
      catalogue: catalogue, detection: detection, set: set, model: SyntheticFieldModel(),
      formedMassPerArcsec2: SynthDefaults.fittedDensity, simulatedAreaArcsec2: 600, checkBins: SynthDefaults.checkBins,
      seed: 16)
    // The footprint: 7,250 stars in 234 occupied 5″ cells; S/N = 5 magnitudes as in the data README
    // (phat_band_summary.ecsv: 27.52, 26.75; median of 4.5 ≤ S/N < 5.5 here).
    #expect(abs(result.areaArcsec2 - 5850) < 1)
    #expect(abs(result.signalToNoise5Magnitude["F475W"]! - 27.52) < 0.05)
    #expect(abs(result.signalToNoise5Magnitude["F814W"]! - 26.75) < 0.06)
    // The fitted SFH's total normalisation: detected, selected model stars per area match the
    // catalogue's 7,250 within 10 % (Poisson noise of ~740 model stars: 3.7 %).
    let expected = Double(result.detectedModelStars) * result.areaArcsec2 / 600
    #expect(abs(expected / 7250 - 1) < 0.1, "\(expected)")
    // The acceptance criteria of issue #5 (30 % per 0.5-mag bin, 0.15 mag colour median) are not
    // met: the catalogue has far fewer faint blue stars (F814W > 26) and more bright blue ones
    // (F475W < 26) than any fitted combination of the PARSEC basis (README, "Calibration").
    // Recorded as a known issue so the gap stays visible.
    withKnownIssue("luminosity-function bins and colour median not yet within tolerance (README)") {
      let met = result.meets()
      #expect(met, "\(result.markdown)")
    }
  }
}
