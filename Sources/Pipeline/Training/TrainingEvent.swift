import Network

/// What a training run reports as it goes (the CLI draws a progress bar or prints lines).
public enum TrainingEvent: Sendable {
  /// The run is set up: sample counts, steps, parameters, and where it resumed from.
  case started(TrainingPlan)
  case batchFinished(
    epoch: Int, batch: Int, batchesPerEpoch: Int, loss: Double, imagesPerSecond: Double, learningRate: Double)
  case checkpointWritten(path: String, epoch: Int, batch: Int)
  case epochFinished(EpochSummary)
  case finished(modelPath: String, seconds: Double)
}

public struct TrainingPlan: Sendable {
  public var trainingSamples: Int
  public var validationSamples: Int
  public var batchesPerEpoch: Int
  public var epochs: Int
  public var parameterCount: Int
  public var multiplyAddsPerImage: Int
  public var resumedAtEpoch: Int?
  public var resumedAtBatch: Int?
  public var machine: String
}

public struct EpochSummary: Sendable {
  public var epoch: Int
  public var trainingLoss: Double
  public var validationLoss: Double
  public var validationMetrics: [(label: String, metrics: RegressionMetrics)]
  public var seconds: Double
  public var imagesPerSecond: Double
}
