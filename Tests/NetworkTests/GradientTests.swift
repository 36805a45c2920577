import Foundation
import Network
import Testing

/// Finite-difference checks of every layer's backward pass (see `GradientCheck` for the
/// tolerance argument).
@Suite struct GradientTests {
  func expectGradients(_ layer: any Layer, input: Tensor, check: GradientCheck = GradientCheck()) {
    let report = check.run(layer, input: input)
    #expect(report.worst < check.tolerance, "\(report)")
    #expect(report.relativeErrors.count == 1 + layer.parameters.filter(\.isTrainable).count)
  }

  @Test(arguments: [(3, 1, 1, true), (3, 2, 1, false), (1, 2, 0, false), (2, 1, 0, true)])
  func convolution(kernel: Int, stride: Int, padding: Int, bias: Bool) {
    let layer = Convolution2D(
      name: "conv", inputChannels: 3, outputChannels: 4, kernel: kernel, stride: stride, padding: padding, bias: bias)
    TestTensors.randomize(layer.parameters, seed: 1)
    expectGradients(layer, input: TestTensors.gaussian([2, 3, 7, 6], seed: 2))
  }

  @Test func convolutionGroupsManyImagesPerProduct() {
    // 3×3 outputs: one GEMM covers the whole batch of 5 (the small-map path).
    let layer = Convolution2D(
      name: "conv", inputChannels: 2, outputChannels: 3, kernel: 3, stride: 1, padding: 0, bias: true)
    TestTensors.randomize(layer.parameters, seed: 3)
    expectGradients(layer, input: TestTensors.gaussian([5, 2, 5, 5], seed: 4))
  }

  @Test func batchNormalization() {
    let layer = BatchNormalization2D(name: "bn", channels: 3)
    TestTensors.randomize(layer.parameters, seed: 5)
    // Offsets and scales away from (0, 1) so every term of the formula matters.
    var input = TestTensors.gaussian([3, 3, 4, 4], seed: 6, sigma: 2)
    for index in input.data.indices { input.data[index] += 1.5 }
    expectGradients(layer, input: input, check: GradientCheck(step: 1e-2, tolerance: 1e-2))
  }

  @Test func relu() {
    expectGradients(ReLU(), input: TestTensors.separated([2, 2, 3, 3], seed: 7))
  }

  @Test(arguments: [(3, 6, 1), (3, 6, 2), (4, 4, 1)])
  func residualBlock(input channels: Int, output: Int, stride: Int) {
    let layer = ResidualBlock(name: "block", inputChannels: channels, outputChannels: output, stride: stride)
    TestTensors.randomize(layer.parameters, seed: 8)
    // Internal ReLUs can sit near a kink; a smaller step keeps such crossings rare and small.
    expectGradients(
      layer, input: TestTensors.gaussian([3, channels, 6, 6], seed: 9),
      check: GradientCheck(step: 2e-3, tolerance: 2e-2))
  }

  @Test(arguments: [Pooling2D.Kind.maximum, .average])
  func pooling(kind: Pooling2D.Kind) {
    expectGradients(Pooling2D(kind: kind, size: 2, stride: 2), input: TestTensors.separated([2, 2, 6, 6], seed: 10))
    expectGradients(Pooling2D(kind: kind, size: 3, stride: 1), input: TestTensors.separated([1, 2, 5, 5], seed: 11))
  }

  @Test func globalAveragePooling() {
    expectGradients(GlobalAveragePooling(), input: TestTensors.gaussian([3, 4, 3, 5], seed: 12))
  }

  @Test func dense() {
    let layer = Dense(name: "dense", inputs: 12, outputs: 5)
    TestTensors.randomize(layer.parameters, seed: 13)
    expectGradients(layer, input: TestTensors.gaussian([4, 3, 2, 2], seed: 14))
  }

  @Test func smallNetwork() throws {
    let network = try Sequential(
      architecture: NetworkArchitecture(
        inputShape: [2, 8, 8],
        layers: [
          .convolution(inputChannels: 2, outputChannels: 4, kernel: 3, stride: 1, padding: 1, bias: false),
          .batchNormalization(channels: 4), .relu, .maxPooling(size: 2, stride: 2),
          .residual(inputChannels: 4, outputChannels: 6, stride: 2), .globalAveragePooling,
          .dense(inputs: 6, outputs: 3),
        ]))
    network.initializeWeights(seed: 15)
    // ReLU zeros feed a max pool here, so near-ties and kinks abound; the error of a crossing
    // shrinks with the step (4 % at h = 2e-3, < 1 % at 5e-4), whereas a wrong formula would not.
    expectGradients(
      network, input: TestTensors.gaussian([3, 2, 8, 8], seed: 16), check: GradientCheck(step: 5e-4, tolerance: 2e-2))
  }

  @Test(arguments: LossFunction.allCases)
  func loss(_ loss: LossFunction) {
    let batch = 4
    let labels = 3
    let prediction = TestTensors.gaussian([batch, loss.outputCount(labels: labels)], seed: 17)
    let targets = TestTensors.gaussian([batch * labels], seed: 18).data
    let (_, gradient) = loss.evaluate(prediction: prediction, targets: targets)
    var worst: Double = 0
    for index in 0..<prediction.count {
      // The loss is computed in Double from Float inputs: h = 1e-3 in Float gives ~1e-4 relative accuracy.
      var plus = prediction
      plus.data[index] += 1e-3
      var minus = prediction
      minus.data[index] -= 1e-3
      let numeric =
        (loss.evaluate(prediction: plus, targets: targets).loss
          - loss.evaluate(prediction: minus, targets: targets).loss)
        / Double(plus.data[index] - minus.data[index])
      worst = max(worst, abs(numeric - Double(gradient.data[index])) / max(abs(numeric), 1e-3))
    }
    #expect(worst < 2e-3)
  }

  @Test func gaussianLikelihoodMatchesItsDefinition() {
    // One sample, one label: μ = 0.3, s = ln σ² = 0.4, t = −0.2 → ½(s + (t − μ)²/e^s).
    let prediction = Tensor(shape: [1, 2], data: [0.3, 0.4])
    let (loss, _) = LossFunction.gaussianNegativeLogLikelihood.evaluate(prediction: prediction, targets: [-0.2])
    let expected =
      0.5 * (Double(Float(0.4)) + pow(Double(Float(-0.2)) - Double(Float(0.3)), 2) / exp(Double(Float(0.4))))
    #expect(abs(loss - expected) < 1e-12)
  }
}
