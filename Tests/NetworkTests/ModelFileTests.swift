import Foundation
import HDF5
import Network
import StarmillTestSupport
import Testing

@Suite struct ModelFileTests {
  static func sampleModel(loss: LossFunction) throws -> RegressionModel {
    let architecture = NetworkArchitecture.starmillResNet(
      bands: 3, height: 16, width: 16, outputs: loss.outputCount(labels: 3), width: 4)
    let network = try Sequential(architecture: architecture)
    network.initializeWeights(seed: 99)
    TestTensors.randomize(network.parameters.filter { $0.role != .weight }, seed: 4)
    var labels = LabelSpecification.clusterParameters
    for k in labels.indices {
      labels[k].mean = Double(k) + 0.5
      labels[k].deviation = 0.1 * Double(k + 1)
    }
    let metrics = RegressionMetrics(predicted: [1, 2, 3.5, 4], truth: [1.1, 2, 3, 4], outlierDelta: 0.3)
    let card = ModelCard(
      bands: ["F275W", "F475W", "F814W"], imageHeightPixels: 16, imageWidthPixels: 16, pixelScaleArcsec: 0.05,
      trainingRecipes: ["phat-training"], trainingRecipeSHA256: [String(repeating: "ab", count: 32)],
      trainingSamples: 900, validationSamples: 100, epochs: 3, batchSize: 64, seed: 12_345_678_901_234,
      trainingRecipe: "AdamW", trainingSeconds: 12.5, machine: "test", starmillVersion: "0.0-test",
      createdUTC: "2026-01-01T00:00:00Z", validationMetrics: ["log_age": metrics],
      checkThresholds: ["log_age": .derived(from: metrics)])
    return try RegressionModel(
      network: network,
      inputNormalization: InputNormalization(
        bands: card.bands, stretchScales: [0.01, 0.02, 0.03], means: [0.1, 0.2, 0.3], deviations: [1, 2, 3]),
      labels: labels, loss: loss, card: card)
  }

  @Test(arguments: LossFunction.allCases)
  func roundTripKeepsEverything(loss: LossFunction) throws {
    let directory = try TemporaryDirectory("network-model")
    defer { directory.remove() }
    let model = try Self.sampleModel(loss: loss)
    let path = directory.path("model.h5")
    let file = try HDF5File(creatingAtPath: path)
    try model.write(to: file.root)
    try file.close()

    let reopened = try HDF5File(openingAtPath: path)
    let loaded = try RegressionModel(reading: reopened.root, path: path)
    #expect(loaded.architecture == model.architecture)
    #expect(loaded.loss == loss)
    #expect(loaded.inputNormalization == model.inputNormalization)
    #expect(loaded.labels == model.labels)
    #expect(loaded.card == model.card)
    for (a, b) in zip(loaded.network.parameters, model.network.parameters) {
      #expect(a.name == b.name && a.value == b.value)
    }
    let images = TestTensors.gaussian([5, 3, 16, 16], seed: 3).data.map { abs($0) * 0.05 }
    let original = model.predict(rawImages: images, count: 5)
    let restored = loaded.predict(rawImages: images, count: 5)
    #expect(original.means == restored.means)
    #expect((original.sigmas == nil) == (loss == .meanSquaredError))
    #expect(original.sigmas == restored.sigmas)
  }

  @Test func refusesAFileThatIsNotAModel() throws {
    let directory = try TemporaryDirectory("network-model")
    defer { directory.remove() }
    let path = directory.path("other.h5")
    let file = try HDF5File(creatingAtPath: path)
    try file.root.setAttribute("format_name", .string("starmill-shard"))
    try file.close()
    let reopened = try HDF5File(openingAtPath: path)
    #expect(
      throws: NetworkError.modelFile(path: path, problem: "not a Starmill model (format_name is 'starmill-shard')")
    ) {
      _ = try RegressionModel(reading: reopened.root, path: path)
    }
  }

  @Test func refusesAWeightOfTheWrongShape() throws {
    let directory = try TemporaryDirectory("network-model")
    defer { directory.remove() }
    let path = directory.path("model.h5")
    let file = try HDF5File(creatingAtPath: path)
    let model = try Self.sampleModel(loss: .meanSquaredError)
    try model.write(to: file.root)
    // Claim a wider network than the weights hold.
    let wider = NetworkArchitecture.starmillResNet(bands: 3, height: 16, width: 16, outputs: 3, width: 5)
    try file.root.setAttribute("architecture", .string(try wider.json()))
    try file.close()
    let reopened = try HDF5File(openingAtPath: path)
    do {
      _ = try RegressionModel(reading: reopened.root, path: path)
      Issue.record("a model with a wrong weight shape loaded")
    } catch let error as NetworkError {
      #expect("\(error)".contains("layers.0.weight"))
    }
  }

  @Test func foldedInferenceMatchesUnfolded() throws {
    let model = try Self.sampleModel(loss: .gaussianNegativeLogLikelihood)
    let images = TestTensors.gaussian([4, 3, 16, 16], seed: 8).data
    let plain = model.predict(rawImages: images, count: 4)
    let folded = model.predict(rawImages: images, count: 4, using: try model.network.foldedForInference())
    for (a, b) in zip(plain.means.joined(), folded.means.joined()) {
      #expect(abs(a - b) <= 1e-4 * max(1, abs(a)))
    }
  }
}
