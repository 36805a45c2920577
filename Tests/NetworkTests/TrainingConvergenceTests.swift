import Foundation
import Network
import Numerics
import Testing

/// Gaussian blobs on 16×16 pixels with noise: total flux F ∈ [10^2.5, 10^3.5] and width σ ∈ [1, 3] px,
/// the labels being log₁₀ F and log₁₀ σ. Both are recoverable (flux from the summed light,
/// width from the profile's curvature), so a working network must learn them.
enum GaussianBlobs {
  static let size = 16

  static func make(count: Int, seed: UInt64) -> (images: [Float], labels: [[Double]]) {
    var images: [Float] = []
    var labels: [[Double]] = []
    for index in 0..<count {
      let generator = RandomGenerator(seed: seed, stream: UInt64(index))
      let logFlux = generator.uniform(2.5, 3.5)
      let logWidth = generator.uniform(0, log10(3))
      let sigma = pow(10, logWidth)
      let centreX = 7.5 + generator.uniform(-1, 1)
      let centreY = 7.5 + generator.uniform(-1, 1)
      let peak = pow(10, logFlux) / (2 * Double.pi * sigma * sigma)
      for y in 0..<size {
        for x in 0..<size {
          let r2 = pow(Double(x) - centreX, 2) + pow(Double(y) - centreY, 2)
          images.append(Float(peak * exp(-r2 / (2 * sigma * sigma)) + generator.gaussian(sigma: 1)))
        }
      }
      labels.append([logFlux, logWidth])
    }
    return (images, labels)
  }
}

@Suite struct TrainingConvergenceTests {
  static let trainingCount = 384
  static let architecture = NetworkArchitecture(
    inputShape: [1, GaussianBlobs.size, GaussianBlobs.size],
    layers: [
      .convolution(inputChannels: 1, outputChannels: 8, kernel: 3, stride: 1, padding: 1, bias: false),
      .batchNormalization(channels: 8), .relu, .maxPooling(size: 2, stride: 2),
      .residual(inputChannels: 8, outputChannels: 16, stride: 2), .globalAveragePooling,
      .dense(inputs: 16, outputs: 16), .relu, .dense(inputs: 16, outputs: 2),
    ])

  /// 96 AdamW steps on 384 blobs bring the validation RMS error from ≈ 1 (standardised units:
  /// predicting the mean) to well under 0.3 for both labels, i.e. R² > 0.9. Pinned by seed; the
  /// margin is wide (this seed reaches 0.15 and 0.21), so it tests learning, not a lucky draw.
  @Test func recoversFluxAndWidthOfGaussianBlobs() throws {
    let (trainImages, trainLabels) = GaussianBlobs.make(count: Self.trainingCount, seed: 11)
    let (testImages, testLabels) = GaussianBlobs.make(count: 128, seed: 12)
    let network = try Sequential(architecture: Self.architecture)
    network.initializeWeights(seed: 3)
    let perImage = GaussianBlobs.size * GaussianBlobs.size
    let normalization = InputNormalization.fit(
      images: trainImages, count: Self.trainingCount, bands: ["blob"], pixelsPerBand: perImage)
    let specifications = [
      LabelSpecification(name: "log_flux", source: "log_flux", transform: .identity, mean: 3, deviation: 0.2887),
      LabelSpecification(
        name: "log_width", source: "log_width", transform: .identity, mean: 0.2386, deviation: 0.1377),
    ]
    let model = try RegressionModel(
      network: network, inputNormalization: normalization, labels: specifications, loss: .meanSquaredError,
      card: ModelCard(
        bands: ["blob"], imageHeightPixels: GaussianBlobs.size, imageWidthPixels: GaussianBlobs.size,
        pixelScaleArcsec: 1))

    func rmsErrors() -> [Double] {
      let predictions = model.predict(rawImages: testImages, count: 128)
      return (0..<2).map { k in
        let squares = zip(predictions.means, testLabels).map { pow(($0[k] - $1[k]) / specifications[k].deviation, 2) }
        return (squares.reduce(0, +) / Double(squares.count)).squareRoot()
      }
    }
    let before = rmsErrors()

    let optimizer = AdamW(weightDecay: 1e-4)
    let batch = 32
    let epochs = 8
    let schedule = LearningRateSchedule(
      peak: 5e-3, final: 5e-5, warmupSteps: 8, totalSteps: epochs * Self.trainingCount / batch)
    var step = 0
    for epoch in 0..<epochs {
      let generator = RandomGenerator(seed: 5, stream: UInt64(epoch))
      var order = Array(0..<Self.trainingCount)
      for index in stride(from: Self.trainingCount - 1, to: 0, by: -1) {
        order.swapAt(index, generator.uniformInteger(below: index + 1))
      }
      for start in stride(from: 0, to: Self.trainingCount, by: batch) {
        var pixels: [Float] = []
        var targets: [Float] = []
        for index in order[start..<(start + batch)] {
          pixels += trainImages[(index * perImage)..<((index + 1) * perImage)]
          for k in 0..<2 { targets.append(Float(specifications[k].standardized(trainLabels[index][k]))) }
        }
        normalization.apply(to: &pixels, pixelsPerBand: perImage)
        network.trainingStep(
          input: Tensor(shape: [batch, 1, GaussianBlobs.size, GaussianBlobs.size], data: pixels), targets: targets,
          loss: .meanSquaredError, optimizer: optimizer, learningRate: schedule.learningRate(atStep: step))
        step += 1
      }
    }
    let after = rmsErrors()
    #expect(before.allSatisfy { $0 > 0.6 }, "untrained RMS \(before)")
    #expect(after.allSatisfy { $0 < 0.3 }, "trained RMS \(after) (untrained \(before))")
  }
}
