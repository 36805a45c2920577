import Backgrounds
import Foundation
import Pipeline
import StarmillTestSupport
import Testing

/// The synthetic field against the real PHAT catalogue of brick 15 field 27, through the field's
/// own optical artificial-star tests, the catalogue's magnitude window and its F110W
/// forced-photometry S/N ≥ 4 cut with the catalogue's measured error law (numbers in
/// Backgrounds/phat-synthetic/README.md; `starmill backgrounds calibrate`).
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
    let zeroPoint = 26.046  // Instruments/phat.yaml, F110W
    let infrared = try ForcedPhotometrySelection(
      band: "F110W", vegaZeroPoint: zeroPoint,
      errorLaw: FieldCalibration.measuredErrorLaw(
        catalogue: SharedData.data("phat/b15_data_test.fits").path, band: "F110W", vegaZeroPoint: zeroPoint
      ).law)
    let result = try FieldCalibration.compare(
      catalogue: catalogue, detection: detection, forced: [infrared], set: set, model: SyntheticFieldModel(),
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
    // Each kept star carries its measured F110W; S/N ≥ 4 with σ ≥ σ(0) = √b bounds it by
    // ZP − 2.5 log10(4√b) = 26.276 for this law.
    #expect(result.modelStars.count == 3 && result.modelStars[2].count == result.detectedModelStars)
    let bound = zeroPoint - 2.5 * log10(4 * infrared.errorLaw.backgroundVariance.squareRoot())
    #expect(abs(bound - 26.276) < 0.001 && result.modelStars[2].allSatisfy { $0 <= bound })
    // The IR step acts where it should. The same model stars (same seed; the IR draws shift the
    // later artificial-star picks, so detection is redrawn) without it: the red-giant bins
    // F814W 24–25 (F110W ≈ 23–24, S/N > 20, never cut) agree within the redraw's noise (≈ 130
    // and 220 model stars, binomial/bin-migration scatter ≲ 10 %), while F814W 26.5–27.0 (upper
    // main sequence, F110W ≈ 26.2–27, around the S/N = 4 point 26.23) keeps only ≈ ¼.
    let optical = try FieldCalibration.compare(
      catalogue: catalogue, detection: detection, set: set, model: SyntheticFieldModel(),
      formedMassPerArcsec2: SynthDefaults.fittedDensity, simulatedAreaArcsec2: 600, checkBins: SynthDefaults.checkBins,
      seed: 16)
    func row(_ calibration: FieldCalibration, _ band: String, _ lower: Double) -> FieldCalibration.Row {
      calibration.rows.first { $0.band == band && $0.lower == lower }!
    }
    for lower in [24.0, 24.5] {
      #expect(abs(row(result, "F814W", lower).model / row(optical, "F814W", lower).model - 1) < 0.12)
    }
    let faint = row(result, "F814W", 26.5).model / row(optical, "F814W", 26.5).model
    #expect(faint > 0.15 && faint < 0.35, "\(faint)")
    // The acceptance criteria of issue #5 (30 % per 0.5-mag bin, 0.15 mag colour median) are
    // still not met with the IR step and the refitted SFH (README, "Calibration"): the model has
    // 2–4× the catalogue's stars at F814W 26–27 and about half its stars at F475W 24.5–25.5 and
    // F814W 25.0–25.5. This realisation (seed 16, 600 arcsec²) gives F814W 26.5–27.0 at 3.9×.
    // Recorded as a known issue so the gap stays visible.
    #expect(abs(row(result, "F814W", 26.5).ratio - 3.93) < 0.01, "\(row(result, "F814W", 26.5).ratio)")
    withKnownIssue("luminosity-function bins not within 30 % (README, Calibration)") {
      let met = result.meets()
      #expect(met, "\(result.markdown)\n\nwithout the F110W step:\n\(optical.markdown)")
    }
  }
}
