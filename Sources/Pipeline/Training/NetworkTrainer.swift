import Datasets
import Foundation
import HDF5
import LinearAlgebra
import Network
import Numerics

/// Trains the bundled ResNet on shards (`starmill train`).
///
/// Determinism: weights start from `options.seed`; epoch e visits the training samples in a
/// permutation drawn from a generator keyed by (seed, e); batch b of epoch e draws its flips and
/// rotations from a generator keyed by (seed, e, b). Nothing depends on the state of a
/// generator carried between batches, so a run resumed from a checkpoint after any batch
/// continues exactly as if it had not stopped (same thread count: OpenBLAS's summation order
/// depends on it).
///
/// Checkpoints (`<out>.checkpoint.h5`, atomic) hold the model, AdamW's moments and step, the
/// position (epoch, next batch), the running epoch loss, elapsed time, the options and the
/// shard list; `--resume` refuses a checkpoint whose options or shards differ.
public final class NetworkTrainer {
  public let shards: TrainingShardSet
  public let outputPath: String
  public let options: TrainingOptions
  public let threads: Int
  public let checkpointEveryBatches: Int
  public var checkpointPath: String { Self.checkpointPath(for: outputPath) }

  let trainingIndices: [Int]
  let validationIndices: [Int]
  let labelValues: [[Double]]
  let batchSize: Int

  public static func checkpointPath(for outputPath: String) -> String {
    let url = URL(fileURLWithPath: outputPath)
    let base = url.pathExtension.isEmpty ? url : url.deletingPathExtension()
    return base.path + ".checkpoint.h5"
  }

  public init(
    shardPaths: [String], outputPath: String, options: TrainingOptions, threads: Int, checkpointEveryBatches: Int = 500
  ) throws {
    guard options.epochs > 0, options.batchSize > 1 else {
      throw TrainingError.options("epochs must be ≥ 1 and the batch size ≥ 2 (batch normalisation needs two images)")
    }
    guard (0..<1).contains(options.validationFraction) else {
      throw TrainingError.options("the validation fraction must be in [0, 1), got \(options.validationFraction)")
    }
    let shards = try TrainingShardSet(paths: shardPaths)
    self.shards = shards
    self.outputPath = outputPath
    self.options = options
    self.threads = max(1, threads)
    self.checkpointEveryBatches = max(1, checkpointEveryBatches)
    labelValues = try shards.labelValues(options.labels)
    var training: [Int] = []
    var validation: [Int] = []
    for (index, sample) in shards.samples.enumerated() {
      if TrainingShardSet.isValidation(sampleIndex: sample.sampleIndex, fraction: options.validationFraction) {
        validation.append(index)
      } else {
        training.append(index)
      }
    }
    // Sample-index order, whatever the order of the files.
    training.sort { shards.samples[$0].sampleIndex < shards.samples[$1].sampleIndex }
    validation.sort { shards.samples[$0].sampleIndex < shards.samples[$1].sampleIndex }
    guard training.count >= 2 else {
      throw TrainingError.tooFewSamples("only \(training.count) training samples in \(shardPaths.count) shard(s)")
    }
    guard options.validationFraction == 0 || !validation.isEmpty else {
      throw TrainingError.tooFewSamples("no validation samples: use more samples or a larger --validation-fraction")
    }
    trainingIndices = training
    validationIndices = validation
    batchSize = min(options.batchSize, training.count)
  }

  public var batchesPerEpoch: Int { trainingIndices.count / batchSize }

  // MARK: - State

  struct Position: Equatable {
    var epoch = 0
    var nextBatch = 0
    var step = 0
    var epochLossSum: Double = 0
    var epochBatches = 0
    var elapsedSeconds: Double = 0
  }

  /// Builds a fresh model: architecture, seeded weights, input normalisation fitted on the first
  /// training images, label standardisation from the training labels.
  func freshModel() throws -> RegressionModel {
    let m = shards.metadata
    let architecture = NetworkArchitecture.starmillResNet(
      bands: m.bands.count, height: m.imageHeightPixels, width: m.imageWidthPixels,
      outputs: options.loss.outputCount(labels: options.labels.count), width: options.width)
    if let path = options.initialModelPath { return try initialModel(path, architecture: architecture) }
    let network = try Sequential(architecture: architecture)
    network.initializeWeights(seed: options.seed)
    let fitCount = min(options.normalizationSamples, trainingIndices.count)
    let normalization = InputNormalization.fit(
      images: try shards.images(Array(trainingIndices.prefix(fitCount))), count: fitCount, bands: m.bands,
      pixelsPerBand: m.imageHeightPixels * m.imageWidthPixels)
    var labels = options.labels
    for k in labels.indices {
      let values = trainingIndices.map { labelValues[$0][k] }
      let mean = values.reduce(0, +) / Double(values.count)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
      labels[k].mean = mean
      labels[k].deviation = max(variance.squareRoot(), 1e-6)
    }
    return try RegressionModel(
      network: network, inputNormalization: normalization, labels: labels, loss: options.loss,
      card: ModelCard(
        bands: m.bands, imageHeightPixels: m.imageHeightPixels, imageWidthPixels: m.imageWidthPixels,
        pixelScaleArcsec: m.pixelScaleArcsec))
  }

  /// The model at `path`, checked to fit these shards and options, to fine-tune from.
  func initialModel(_ path: String, architecture: NetworkArchitecture) throws -> RegressionModel {
    let model = try ModelStore.load(path)
    let m = shards.metadata
    func refuse(_ field: String, _ found: String, _ expected: String) -> TrainingError {
      .options("--initialize-from \(path): its \(field) is \(found), but these shards and options need \(expected)")
    }
    guard model.bands == m.bands else {
      throw refuse("bands", model.bands.joined(separator: ","), m.bands.joined(separator: ","))
    }
    guard model.card.imageHeightPixels == m.imageHeightPixels, model.card.imageWidthPixels == m.imageWidthPixels
    else {
      throw refuse(
        "image size", "\(model.card.imageWidthPixels)×\(model.card.imageHeightPixels)",
        "\(m.imageWidthPixels)×\(m.imageHeightPixels)")
    }
    guard abs(model.card.pixelScaleArcsec - m.pixelScaleArcsec) <= 1e-9 else {
      throw refuse("pixel scale", "\(model.card.pixelScaleArcsec)″", "\(m.pixelScaleArcsec)″")
    }
    guard model.architecture == architecture else {
      throw refuse("architecture", "different (another --width?)", "starmillResNet(width: \(options.width))")
    }
    guard model.loss == options.loss else { throw refuse("loss", model.loss.rawValue, options.loss.rawValue) }
    guard model.labels.map(\.name) == options.labels.map(\.name) else {
      throw refuse(
        "labels", model.labels.map(\.name).joined(separator: ","), options.labels.map(\.name).joined(separator: ","))
    }
    return model
  }

  var schedule: LearningRateSchedule {
    let total = options.epochs * batchesPerEpoch
    return LearningRateSchedule(
      peak: options.peakLearningRate, final: options.finalLearningRate,
      warmupSteps: Int((options.warmupFraction * Double(total)).rounded()), totalSteps: total)
  }

  /// The permutation of training positions for `epoch`.
  func order(epoch: Int) -> [Int] {
    let generator = RandomGenerator(seed: StreamSeeding.mix(options.seed, 1), stream: UInt64(epoch))
    var order = Array(0..<trainingIndices.count)
    for index in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(index, generator.uniformInteger(below: index + 1))
    }
    return order
  }

  /// Normalised, augmented input and standardised targets of batch `batch` of `epoch`.
  func batch(_ batch: Int, epoch: Int, order: [Int], model: RegressionModel) throws -> (Tensor, [Float]) {
    let positions = order[(batch * batchSize)..<((batch + 1) * batchSize)]
    let selection = positions.map { trainingIndices[$0] }
    var pixels = try shards.images(selection)
    let m = shards.metadata
    let perBand = m.imageHeightPixels * m.imageWidthPixels
    model.inputNormalization.apply(to: &pixels, pixelsPerBand: perBand)
    if options.augment && m.imageHeightPixels == m.imageWidthPixels {
      let generator = RandomGenerator(
        seed: StreamSeeding.mix(options.seed, 2), stream: UInt64(epoch) << 32 | UInt64(batch))
      for image in 0..<selection.count {
        DihedralTransform(index: generator.uniformInteger(below: 8)).apply(
          to: &pixels, planes: m.bands.count, size: m.imageWidthPixels, offset: image * m.pixelsPerImage)
      }
    }
    var targets: [Float] = []
    targets.reserveCapacity(selection.count * model.labels.count)
    for index in selection {
      for (k, label) in model.labels.enumerated() { targets.append(Float(label.standardized(labelValues[index][k]))) }
    }
    let input = Tensor(
      shape: [selection.count, m.bands.count, m.imageHeightPixels, m.imageWidthPixels], data: pixels)
    return (input, targets)
  }

  /// Validation loss (standardised units) and per-label metrics in physical units, with the
  /// outlier threshold at 3× each label's scatter.
  func validate(_ model: RegressionModel) throws -> (loss: Double, metrics: [(String, RegressionMetrics)]) {
    guard !validationIndices.isEmpty else { return (.nan, []) }
    var means: [[Double]] = []
    var lossSum: Double = 0
    let chunk = 64
    var start = 0
    let m = shards.metadata
    while start < validationIndices.count {
      let selection = Array(validationIndices[start..<min(start + chunk, validationIndices.count)])
      var pixels = try shards.images(selection)
      model.inputNormalization.apply(to: &pixels, pixelsPerBand: m.imageHeightPixels * m.imageWidthPixels)
      let output = model.network.forward(
        Tensor(shape: [selection.count] + model.imageShape, data: pixels), mode: .inference)
      var targets: [Float] = []
      for index in selection {
        for (k, label) in model.labels.enumerated() { targets.append(Float(label.standardized(labelValues[index][k]))) }
      }
      lossSum += model.loss.evaluate(prediction: output, targets: targets).loss * Double(selection.count)
      means += model.physical(output).means
      start += chunk
    }
    var metrics: [(String, RegressionMetrics)] = []
    for (k, label) in model.labels.enumerated() {
      let predicted = means.map { $0[k] }
      let truth = validationIndices.map { labelValues[$0][k] }
      let first = RegressionMetrics(predicted: predicted, truth: truth, outlierDelta: .infinity)
      metrics.append(
        (label.name, RegressionMetrics(predicted: predicted, truth: truth, outlierDelta: 3 * first.scatter)))
    }
    return (lossSum / Double(validationIndices.count), metrics)
  }

  // MARK: - Run

  /// Trains (or resumes) to the end, writing checkpoints and finally the model at `outputPath`.
  /// `shouldStop` is asked after every batch; when it says yes a checkpoint is written and the
  /// run returns without a final model (resume it later).
  @discardableResult
  public func run(resume: Bool, progress: (TrainingEvent) -> Void, shouldStop: () -> Bool = { false }) throws
    -> RegressionModel?
  {
    OpenBLAS.setThreadCount(threads)
    let model: RegressionModel
    let optimizer = AdamW(weightDecay: options.weightDecay)
    var position = Position()
    var resumed = false
    if resume {
      guard FileManager.default.fileExists(atPath: checkpointPath) else {
        throw TrainingError.checkpoint(path: checkpointPath, problem: "no checkpoint to resume from")
      }
      (model, position) = try TrainingCheckpoint.read(checkpointPath, trainer: self, optimizer: optimizer)
      resumed = true
    } else {
      model = try freshModel()
    }
    let machine = MachineDescription.current(threads: threads)
    progress(
      .started(
        TrainingPlan(
          trainingSamples: trainingIndices.count, validationSamples: validationIndices.count,
          batchesPerEpoch: batchesPerEpoch, epochs: options.epochs, parameterCount: model.network.parameterCount,
          multiplyAddsPerImage: model.architecture.multiplyAddsPerImage,
          resumedAtEpoch: resumed ? position.epoch : nil, resumedAtBatch: resumed ? position.nextBatch : nil,
          machine: machine)))
    let schedule = schedule
    var clock = DispatchTime.now().uptimeNanoseconds
    func tick() -> Double {
      let now = DispatchTime.now().uptimeNanoseconds
      defer { clock = now }
      return Double(now - clock) / 1e9
    }
    while position.epoch < options.epochs {
      let order = order(epoch: position.epoch)
      var epochSeconds: Double = 0
      var epochImages = 0
      while position.nextBatch < batchesPerEpoch {
        let started = DispatchTime.now().uptimeNanoseconds
        let (input, targets) = try batch(position.nextBatch, epoch: position.epoch, order: order, model: model)
        let rate = schedule.learningRate(atStep: position.step)
        let loss = model.network.trainingStep(
          input: input, targets: targets, loss: model.loss, optimizer: optimizer, learningRate: rate)
        guard loss.isFinite else {
          throw TrainingError.options(
            "the loss became \(loss) at epoch \(position.epoch + 1), batch \(position.nextBatch + 1): "
              + "lower the learning rate or check the shards")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        epochSeconds += seconds
        epochImages += batchSize
        position.epochLossSum += loss
        position.epochBatches += 1
        position.step += 1
        position.nextBatch += 1
        position.elapsedSeconds += tick()
        progress(
          .batchFinished(
            epoch: position.epoch, batch: position.nextBatch, batchesPerEpoch: batchesPerEpoch, loss: loss,
            imagesPerSecond: Double(batchSize) / seconds, learningRate: rate))
        let stopping = shouldStop()
        if stopping || (position.nextBatch % checkpointEveryBatches == 0 && position.nextBatch < batchesPerEpoch) {
          try TrainingCheckpoint.write(
            checkpointPath, model: model, optimizer: optimizer, position: position, trainer: self)
          progress(.checkpointWritten(path: checkpointPath, epoch: position.epoch, batch: position.nextBatch))
          if stopping { return nil }
        }
      }
      let (validationLoss, metrics) = try validate(model)
      position.elapsedSeconds += tick()
      progress(
        .epochFinished(
          EpochSummary(
            epoch: position.epoch, trainingLoss: position.epochLossSum / Double(max(1, position.epochBatches)),
            validationLoss: validationLoss, validationMetrics: metrics.map { (label: $0.0, metrics: $0.1) },
            seconds: epochSeconds, imagesPerSecond: Double(epochImages) / max(epochSeconds, 1e-9))))
      position.epoch += 1
      position.nextBatch = 0
      position.epochLossSum = 0
      position.epochBatches = 0
      try TrainingCheckpoint.write(
        checkpointPath, model: model, optimizer: optimizer, position: position, trainer: self)
      progress(.checkpointWritten(path: checkpointPath, epoch: position.epoch, batch: 0))
      if position.epoch < options.epochs && shouldStop() { return nil }
    }
    let (_, metrics) = try validate(model)
    position.elapsedSeconds += tick()
    model.card = card(for: model, metrics: metrics, seconds: position.elapsedSeconds, machine: machine)
    try ModelStore.save(model, to: outputPath)
    progress(.finished(modelPath: outputPath, seconds: position.elapsedSeconds))
    return model
  }

  func card(for model: RegressionModel, metrics: [(String, RegressionMetrics)], seconds: Double, machine: String)
    -> ModelCard
  {
    let recipes = Dictionary(shards.readers.map { ($0.metadata.recipeSHA256, $0.metadata.recipeName) }) { a, _ in a }
    let formatter = ISO8601DateFormatter()
    return ModelCard(
      bands: shards.metadata.bands, imageHeightPixels: shards.metadata.imageHeightPixels,
      imageWidthPixels: shards.metadata.imageWidthPixels, pixelScaleArcsec: shards.metadata.pixelScaleArcsec,
      trainingRecipes: recipes.keys.sorted().map { recipes[$0]! }, trainingRecipeSHA256: recipes.keys.sorted(),
      trainingSamples: trainingIndices.count, validationSamples: validationIndices.count, epochs: options.epochs,
      batchSize: batchSize, seed: options.seed, trainingRecipe: options.recipeDescription, trainingSeconds: seconds,
      machine: machine, starmillVersion: StarmillVersion.string, createdUTC: formatter.string(from: Date()),
      validationMetrics: Dictionary(uniqueKeysWithValues: metrics),
      checkThresholds: Dictionary(uniqueKeysWithValues: metrics.map { ($0.0, CheckThresholds.derived(from: $0.1)) }))
  }
}
