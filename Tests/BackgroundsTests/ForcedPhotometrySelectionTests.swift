import Backgrounds
import Foundation
import Numerics
import Pipeline
import StarmillTestSupport
import Testing

@Suite struct ForcedPhotometrySelectionTests {
  /// The data README's F110W noise model (T = 250 s, K = 10.5 e⁻/s) at ZP 26.05.
  static func selection() throws -> ForcedPhotometrySelection {
    try ForcedPhotometrySelection(
      band: "F110W", vegaZeroPoint: 26.05,
      errorLaw: FluxErrorLaw(exposureTimeSeconds: 250, effectiveBackgroundElectronsPerSecond: 10.5))
  }

  @Test func farAboveAlwaysPassesFarBelowNeverAtThresholdHalf() throws {
    let cut = try Self.selection()
    // S/N = 4 where F² − 16F/250 − 16·10.5/250 = 0: F = 0.8524 e⁻/s, m = 26.05 − 2.5 log10 F.
    let a: Double = 16.0 / 250
    let discriminant: Double = a * a + 4 * 16 * 10.5 / 250
    let f: Double = 0.5 * (a + discriminant.squareRoot())
    #expect(abs(cut.halfPassMagnitude - (26.05 - 2.5 * log10(f))) < 1e-12)
    #expect(abs(cut.passProbability(magnitude: cut.halfPassMagnitude) - 0.5) < 1e-12)
    let generator = RandomGenerator(seed: 7, stream: 0)
    let draws = 2000
    // F110W 21: F ≈ 104 e⁻/s, S/N ≈ 148: z would have to be < −144.
    #expect((0..<draws).allSatisfy { _ in cut.passes(magnitude: 21, generator: generator) })
    // A dark star (F = 0) passes only if z ≥ 4 (P = 3.2e-5 per draw; 0.06 expected in 2000).
    #expect(abs(cut.passProbability(magnitude: .infinity) - StandardNormal.survival(4)) < 1e-15)
    #expect(!(0..<draws).contains { _ in cut.passes(magnitude: .infinity, generator: generator) })
    // F110W 29: F = 0.066 e⁻/s, S/N 0.32, P = Φ(−3.68) = 1.2e-4 per draw (none at this seed).
    #expect(abs(cut.passProbability(magnitude: 29) - StandardNormal.cdf(-3.68)) < 2e-5)
    #expect(!(0..<draws).contains { _ in cut.passes(magnitude: 29, generator: generator) })
    // At the threshold and 0.3 mag fainter the pass fraction is Φ(F/σ − 4) (binomial, 4σ band).
    for magnitude in [cut.halfPassMagnitude, cut.halfPassMagnitude + 0.3] {
      let p = cut.passProbability(magnitude: magnitude)
      let passed = (0..<4000).filter { _ in cut.passes(magnitude: magnitude, generator: generator) }.count
      #expect(abs(Double(passed) / 4000 - p) < 4 * (p * (1 - p) / 4000).squareRoot(), "\(magnitude): \(passed)")
    }
    // 0.3 mag below threshold: F = 0.6466, σ = 0.2112, F/σ = 3.062 → P = Φ(−0.938) = 0.1742.
    #expect(abs(cut.passProbability(magnitude: cut.halfPassMagnitude + 0.3) - 0.1742) < 0.0005)
  }

  @Test func deterministicWithASeed() throws {
    let cut = try Self.selection()
    func outcomes(_ seed: UInt64) -> [Bool] {
      let generator = RandomGenerator(seed: seed, stream: 3)
      return (0..<500).map { _ in cut.passes(magnitude: cut.halfPassMagnitude, generator: generator) }
    }
    #expect(outcomes(11) == outcomes(11))
    #expect(outcomes(11) != outcomes(12))
    #expect(
      throws: FieldError(
        field: "forcedPhotometrySelection.errorLaw", value: "a = 0.004, b = 0.0", rule: "needs finite a ≥ 0 and b > 0")
    ) {
      try ForcedPhotometrySelection(
        band: "F110W", vegaZeroPoint: 26, errorLaw: FluxErrorLaw(sourceCoefficient: 0.004, backgroundVariance: 0))
    }
  }

  /// Synthetic errors from a known law σ² = a·F + b: exact without scatter; with a mean-one
  /// log-normal scatter of σ² (0.3 in ln σ², like the catalogue's ±0.05 dex in σ) recovered
  /// within 3 % (statistical error of b with 4000 stars ≈ 0.3/√4000 × a few ≈ 1 %).
  @Test func errorLawFitRecoversKnownParameters() throws {
    let law = FluxErrorLaw(exposureTimeSeconds: 220, effectiveBackgroundElectronsPerSecond: 9)
    let generator = RandomGenerator(seed: 5, stream: 0)
    let rates = (0..<4000).map { _ in 0.5 + 20 * pow(generator.uniform(), 2) }
    let exact = try FluxErrorLaw.fit(
      rates: rates, errors: rates.map { law.sigma(countRateElectronsPerSecond: $0) })
    #expect(abs(exact.law.exposureTimeSeconds / 220 - 1) < 1e-9)
    #expect(abs(exact.law.effectiveBackgroundElectronsPerSecond / 9 - 1) < 1e-9)
    #expect(exact.rmsLogResidual < 1e-9 && exact.stars == 4000)
    let scattered = rates.map {
      (law.sigma(countRateElectronsPerSecond: $0) * law.sigma(countRateElectronsPerSecond: $0)
        * exp(generator.gaussian(sigma: 0.3) - 0.045)).squareRoot()
    }
    let fit = try FluxErrorLaw.fit(rates: rates + [-1, .nan], errors: scattered + [0.2, 0.2])
    #expect(fit.stars == 4000)
    #expect(abs(fit.law.exposureTimeSeconds / 220 - 1) < 0.03, "\(fit.law)")
    #expect(abs(fit.law.effectiveBackgroundElectronsPerSecond / 9 - 1) < 0.03, "\(fit.law)")
    // rms of log10(σ/law) = 0.3 / 2 / ln 10 = 0.065 dex.
    #expect(abs(fit.rmsLogResidual - 0.065) < 0.003)
    #expect(
      throws: FieldError(
        field: "fluxErrorLaw.rates", value: "1 usable stars",
        rule: "needs at least two distinct finite rates > 0 with errors > 0")
    ) { try FluxErrorLaw.fit(rates: [1, 0], errors: [0.1, 0.1]) }
  }

  /// The real catalogue's F110W errors (numbers from numpy on the same columns with the same
  /// IRLS): T = 212.9 s, K = 8.72 e⁻/s, 0.050 dex rms over 7,244 stars; at the catalogue's
  /// S/N = 5 magnitude (F110W 25.97, F = 1.07 e⁻/s) σ agrees with the data README's independent
  /// effective model (T = 250 s, K = 10.5 e⁻/s) within 1 %.
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func catalogueF110WErrorLaw() throws {
    let fit = try FieldCalibration.measuredErrorLaw(
      catalogue: SharedData.data("phat/b15_data_test.fits").path, band: "F110W", vegaZeroPoint: 26.046)
    #expect(fit.stars == 7244)
    #expect(abs(fit.law.exposureTimeSeconds - 212.9) < 0.5, "\(fit.law.exposureTimeSeconds)")
    #expect(abs(fit.law.effectiveBackgroundElectronsPerSecond - 8.72) < 0.05)
    #expect(abs(fit.rmsLogResidual - 0.050) < 0.001)
    let readme = FluxErrorLaw(exposureTimeSeconds: 250, effectiveBackgroundElectronsPerSecond: 10.5)
    let rate = pow(10, 0.4 * (26.046 - 25.97))
    let ratio = fit.law.sigma(countRateElectronsPerSecond: rate) / readme.sigma(countRateElectronsPerSecond: rate)
    #expect(abs(ratio - 1) < 0.01, "\(ratio)")
    let cut = try ForcedPhotometrySelection(band: "F110W", vegaZeroPoint: 26.046, errorLaw: fit.law)
    // S/N = 4 at F110W 26.23 (numpy: 26.225), 0.26 mag below the S/N = 5 magnitude.
    #expect(abs(cut.halfPassMagnitude - 26.225) < 0.005, "\(cut.halfPassMagnitude)")
  }
}
