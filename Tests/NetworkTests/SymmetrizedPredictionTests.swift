import Foundation
import Network
import Testing

/// `predict(..., symmetrized: true)`: the average over the eight flips and quarter turns.
@Suite struct SymmetrizedPredictionTests {
  /// The symmetrised mean is the mean of the eight single-view predictions of the transformed
  /// images, and its variance the mean view variance plus the variance of the view means.
  @Test func averagesTheEightViewsWithTotalVariance() throws {
    let model = try ModelFileTests.sampleModel(loss: .gaussianNegativeLogLikelihood)
    let count = 3
    let images = TestTensors.gaussian([count, 3, 16, 16], seed: 8).data.map { abs($0) * 0.05 }
    let symmetrized = model.predict(rawImages: images, count: count, symmetrized: true)
    let views = DihedralTransform.allCases.map { transform in
      var pixels = images
      for image in 0..<count { transform.apply(to: &pixels, planes: 3, size: 16, offset: image * 3 * 256) }
      return model.predict(rawImages: pixels, count: count)
    }
    let sigmas = try #require(symmetrized.sigmas)
    var anyViewDiffers = false
    for n in 0..<count {
      for k in 0..<3 {
        let means = views.map { $0.means[n][k] }
        let average = means.reduce(0, +) / 8
        let spread = means.reduce(0) { $0 + ($1 - average) * ($1 - average) } / 8
        let noise = views.reduce(0) { $0 + $1.sigmas![n][k] * $1.sigmas![n][k] } / 8
        #expect(abs(symmetrized.means[n][k] - average) <= 1e-12 * max(1, abs(average)))
        #expect(abs(sigmas[n][k] - (noise + spread).squareRoot()) <= 1e-12)
        anyViewDiffers = anyViewDiffers || spread > 0
      }
    }
    // Random images are not symmetric: the views must differ, or the test proves nothing.
    #expect(anyViewDiffers)
  }

  /// An image symmetric under all eight transforms gives exactly the single-view prediction.
  @Test func symmetricImageGivesThePlainPrediction() throws {
    let model = try ModelFileTests.sampleModel(loss: .meanSquaredError)
    var image = [Float](repeating: 0, count: 3 * 16 * 16)
    for band in 0..<3 {
      for y in 0..<16 {
        for x in 0..<16 {
          let dx = Double(x) - 7.5
          let dy = Double(y) - 7.5
          image[(band * 16 + y) * 16 + x] = Float(exp(-(dx * dx + dy * dy) / Double(4 + band)))
        }
      }
    }
    let plain = model.predict(rawImages: image, count: 1)
    let symmetrized = model.predict(rawImages: image, count: 1, symmetrized: true)
    for k in 0..<3 {
      #expect(abs(symmetrized.means[0][k] - plain.means[0][k]) <= 1e-6 * max(1, abs(plain.means[0][k])))
    }
    #expect(symmetrized.sigmas == nil)
  }
}
