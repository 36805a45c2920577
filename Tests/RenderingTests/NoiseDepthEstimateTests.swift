import Foundation
import Numerics
import Rendering
import Testing

@Suite struct NoiseDepthEstimateTests {
  /// A synthetic catalogue with S/N(m) = F t/√(F t + K t) × lognormal scatter (0.1 dex): the
  /// estimator finds the analytic S/N = 5 magnitude within 0.03 mag when the catalogue runs past
  /// the depth (interpolation), and within 0.05 mag when it is cut 0.2 mag short of it
  /// (extrapolation; the cut leaves a partial last bin whose median magnitude is biased bright).
  @Test func recoversTheDepthOfASyntheticCatalogue() throws {
    let zp = 26.0
    let t = 1000.0
    let k = 2.0
    let trueDepth: Double = {
      let a = 25.0
      let ft = (a + (a * a + 4 * a * k * t).squareRoot()) / 2
      return zp - 2.5 * log10(ft / t)
    }()
    let generator = RandomGenerator(seed: 4)
    var magnitudes: [Double] = []
    var signalToNoise: [Double] = []
    for _ in 0..<20_000 {
      let m = generator.uniform(23, 29)
      let rate = pow(10, -0.4 * (m - zp))
      let sn = NoiseModel.effectiveSignalToNoise(
        countRateElectronsPerSecond: rate, effectiveBackgroundElectronsPerSecond: k, exposureTimeSeconds: t)
      magnitudes.append(m)
      signalToNoise.append(sn * pow(10, generator.gaussian(sigma: 0.1)))
    }
    // Non-detections (99.999) are ignored.
    magnitudes.append(contentsOf: [99.999, 99.999])
    signalToNoise.append(contentsOf: [0, 0])
    let full = try #require(NoiseDepthEstimate(magnitudes: magnitudes, signalToNoise: signalToNoise))
    #expect(full.method == .interpolated)
    #expect(abs(full.magnitude - trueDepth) < 0.03, "depth \(full.magnitude) vs \(trueDepth)")

    let cut = zip(magnitudes, signalToNoise).filter { $0.0 < trueDepth - 0.2 }
    let truncated = try #require(NoiseDepthEstimate(magnitudes: cut.map(\.0), signalToNoise: cut.map(\.1)))
    guard case .extrapolated = truncated.method else {
      Issue.record("expected extrapolation, got \(truncated.method)")
      return
    }
    #expect(abs(truncated.magnitude - trueDepth) < 0.05, "depth \(truncated.magnitude) vs \(trueDepth)")
    // A catalogue that stops far above its depth gives no answer rather than a wild guess.
    let shallow = zip(magnitudes, signalToNoise).filter { $0.0 < trueDepth - 1.5 }
    #expect(NoiseDepthEstimate(magnitudes: shallow.map(\.0), signalToNoise: shallow.map(\.1)) == nil)
  }
}
