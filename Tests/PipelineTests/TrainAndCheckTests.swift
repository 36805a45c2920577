import Datasets
import Foundation
import Network
import Pipeline
import StarmillTestSupport
import Testing

/// `starmill train` and `starmill check` end to end on synthetic shards (`SyntheticClusterShards`).
@Suite struct TrainAndCheckTests {
  static func options(epochs: Int, batchSize: Int) -> TrainingOptions {
    var options = TrainingOptions()
    options.epochs = epochs
    options.batchSize = batchSize
    options.width = 4
    options.seed = 11
    options.peakLearningRate = 5e-3
    options.finalLearningRate = 5e-5
    options.warmupFraction = 0.05
    options.loss = .meanSquaredError
    options.normalizationSamples = 128
    return options
  }

  /// A tiny model trained in the test (≈ 430 samples, 6 epochs) passes a fresh shard from the
  /// same distribution and fails each damaged one: band planes swapped (colour → age), pixel
  /// values × 2.5 (flux → mass), labels shuffled among samples (no relation left). Shards with
  /// other bands, image size or pixel scale are refused before any prediction.
  @Test func checkPassesAGoodShardAndFailsBrokenOnes() throws {
    let directory = try TemporaryDirectory("train-check")
    defer { directory.remove() }
    try SyntheticClusterShards.write(directory.path("train-0.h5"), range: 0..<240)
    try SyntheticClusterShards.write(directory.path("train-1.h5"), range: 240..<480)
    let modelPath = directory.path("model.h5")
    let trainer = try NetworkTrainer(
      shardPaths: [directory.path("train-0.h5"), directory.path("train-1.h5")], outputPath: modelPath,
      options: Self.options(epochs: 6, batchSize: 32), threads: 1)
    var epochs: [EpochSummary] = []
    try trainer.run(resume: false) { event in
      if case .epochFinished(let summary) = event { epochs.append(summary) }
    }
    #expect(epochs.count == 6)
    #expect(epochs.last!.validationLoss < 0.5 * epochs.first!.validationLoss, "\(epochs.map(\.validationLoss))")

    let model = try ModelStore.load(modelPath)
    #expect(model.card.trainingSamples + model.card.validationSamples == 480)
    #expect(model.card.validationSamples > 20)
    #expect(model.card.bands == SyntheticClusterShards.bands)
    #expect(Set(model.card.checkThresholds.keys) == ["log_age", "log_mass", "log_r_h_pc"])
    let checker = try ShardChecker(model: model)

    let good = directory.path("good.h5")
    try SyntheticClusterShards.write(good, range: 10_000..<10_200)
    let goodResult = try checker.check(good)
    let goodReport = goodResult.report
    #expect(goodResult.selected == Array(0..<200), "no --range: every sample is judged")
    #expect(
      goodReport.passed,
      "\(goodReport.parameters.map { ($0.name, $0.metrics.bias, $0.metrics.scatter, $0.violations) })")
    #expect(!goodReport.nodes.isEmpty)
    #expect(goodReport.nodes.map(\.node) == [0, 1, 2])

    // --range: only samples whose true log age lies in [7.5, 8.5] are judged.
    let ranged = try ShardChecker(model: model, selection: ["log_age": 7.5...8.5])
    let rangedResult = try ranged.check(good)
    let insideIndices = rangedResult.truth.indices.filter { (7.5...8.5).contains(rangedResult.truth[$0][0]) }
    let inside = insideIndices.count
    #expect(rangedResult.selected == insideIndices)
    #expect(rangedResult.report.samples == inside)
    #expect(rangedResult.predicted.count == rangedResult.truth.count, "every sample is predicted, judged or not")
    #expect(inside > 20 && inside < 180, "the range should cut the shard (uniform log age 7–9)")
    #expect(throws: TrainingError.self) { try ShardChecker(model: model, selection: ["age": 1...2]) }

    let damages: [(String, SyntheticClusterShards.Damage, String)] = [
      ("swapped.h5", .bandsSwapped, "log_age"), ("scaled.h5", .imagesScaled(2.5), "log_mass"),
      ("shuffled.h5", .labelsShuffled, "log_age"),
    ]
    for (name, damage, mostAffected) in damages {
      let path = directory.path(name)
      try SyntheticClusterShards.write(path, range: 10_000..<10_200, damage: damage)
      let report = try checker.check(path).report
      #expect(!report.passed, "\(name) passed")
      let result = try #require(report.parameters.first { $0.name == mostAffected })
      #expect(!result.passed, "\(name): \(mostAffected) passed with \(result.metrics)")
    }

    // Refusals: the shard's layout differs from the model's.
    let refusals: [(String, ShardMetadata, String)] = [
      (
        "bands.h5", SyntheticClusterShards.metadata(first: 0, count: 4, bands: ["F814W", "F475W", "F275W"]),
        "bands F814W,F475W,F275W differ from the model's F275W,F475W,F814W"
      ),
      (
        "scale.h5", SyntheticClusterShards.metadata(first: 0, count: 4, pixelScale: 0.1),
        "pixel scale 0.1″ differs from the model's 0.05″"
      ),
    ]
    for (name, metadata, message) in refusals {
      let path = directory.path(name)
      let observations = (0..<4).map { SyntheticClusterShards.observation(sampleIndex: $0, seed: 1) }
      try ShardWriter.write(observations, metadata: metadata, to: path)
      #expect(throws: TrainingError.incompatibleShard(path: path, problem: message)) { try checker.check(path) }
    }
    let small = directory.path("small.h5")
    var smallMetadata = SyntheticClusterShards.metadata(first: 0, count: 1, size: 8)
    smallMetadata.imageHeightPixels = 8
    try ShardWriter.write(
      [
        Datasets.Observation(
          pixels: [Float](repeating: 0, count: 3 * 64), labels: ["log_age": 8, "log_mass": 3, "r_h_pc": 1])
      ],
      metadata: smallMetadata, to: small)
    #expect(
      throws: TrainingError.incompatibleShard(path: small, problem: "image size 8×8 differs from the model's 16×16")
    ) {
      try checker.check(small)
    }
  }

  /// Stopping after any batch and resuming from the checkpoint ends with exactly the weights of
  /// an uninterrupted run (same thread count).
  @Test(arguments: [3, 4])
  func resumeContinuesExactly(stopAfterBatches: Int) throws {
    let directory = try TemporaryDirectory("train-resume")
    defer { directory.remove() }
    let shard = directory.path("train.h5")
    try SyntheticClusterShards.write(shard, range: 0..<72)
    let options = Self.options(epochs: 2, batchSize: 16)
    let straight = try NetworkTrainer(
      shardPaths: [shard], outputPath: directory.path("straight.h5"), options: options, threads: 1
    ).run(resume: false) { _ in }
    let reference = try #require(straight)

    let interruptedPath = directory.path("interrupted.h5")
    var batches = 0
    let first = try NetworkTrainer(
      shardPaths: [shard], outputPath: interruptedPath, options: options, threads: 1, checkpointEveryBatches: 2
    ).run(resume: false, progress: { event in if case .batchFinished = event { batches += 1 } }) {
      batches == stopAfterBatches
    }
    #expect(first == nil)
    #expect(!FileManager.default.fileExists(atPath: interruptedPath))
    let resumed = try #require(
      try NetworkTrainer(shardPaths: [shard], outputPath: interruptedPath, options: options, threads: 1)
        .run(resume: true) { _ in })
    for (a, b) in zip(resumed.network.parameters, reference.network.parameters) {
      #expect(a.value == b.value, "\(a.name) differs after resuming")
    }

    var other = options
    other.seed = 12
    #expect(throws: TrainingError.self) {
      try NetworkTrainer(shardPaths: [shard], outputPath: interruptedPath, options: other, threads: 1)
        .run(resume: true) { _ in }
    }
  }

  /// `--initialize-from`: a fine-tuning run starts from the given model (its weights, stretch and
  /// label scales, not the seeded ones): with zero learning rate, one epoch returns the same
  /// weights and normalisation. A model of another width is refused with the reason.
  @Test func fineTuningStartsFromTheGivenModel() throws {
    let directory = try TemporaryDirectory("train-initialize")
    defer { directory.remove() }
    let shard = directory.path("train.h5")
    try SyntheticClusterShards.write(shard, range: 0..<72)
    let base = try #require(
      try NetworkTrainer(
        shardPaths: [shard], outputPath: directory.path("base.h5"), options: Self.options(epochs: 1, batchSize: 16),
        threads: 1
      ).run(resume: false) { _ in })

    var frozen = Self.options(epochs: 1, batchSize: 16)
    frozen.seed = 99  // a different seed would give different fresh weights
    frozen.peakLearningRate = 0
    frozen.finalLearningRate = 0
    frozen.weightDecay = 0
    frozen.initialModelPath = directory.path("base.h5")
    let tuned = try #require(
      try NetworkTrainer(shardPaths: [shard], outputPath: directory.path("tuned.h5"), options: frozen, threads: 1)
        .run(resume: false) { _ in })
    #expect(tuned.inputNormalization == base.inputNormalization)
    #expect(tuned.labels == base.labels)
    for (a, b) in zip(tuned.network.parameters, base.network.parameters) where a.isTrainable {
      #expect(a.value == b.value, "\(a.name) moved with a zero learning rate")
    }
    #expect(tuned.card.trainingRecipe.contains("started from the weights"))

    var wider = frozen
    wider.width = 8
    #expect(
      throws: TrainingError.options(
        "--initialize-from \(directory.path("base.h5")): its architecture is different (another --width?), "
          + "but these shards and options need starmillResNet(width: 8)")
    ) {
      try NetworkTrainer(shardPaths: [shard], outputPath: directory.path("wide.h5"), options: wider, threads: 1)
        .run(resume: false) { _ in }
    }
  }

  @Test func validationSplitDependsOnlyOnTheSampleIndex() {
    let held = (0..<20_000).filter { TrainingShardSet.isValidation(sampleIndex: $0, fraction: 0.1) }
    // Binomial(20000, 0.1): σ ≈ 42; allow 5σ.
    #expect(abs(held.count - 2000) < 210)
    #expect(held == (0..<20_000).filter { TrainingShardSet.isValidation(sampleIndex: $0, fraction: 0.1) })
  }
}
