import Network

/// Everything that decides a training run's result (and is checked on `--resume`).
public struct TrainingOptions: Codable, Sendable, Equatable {
  public var epochs: Int = 15
  public var batchSize: Int = 64
  public var seed: UInt64 = 2019
  /// Fraction of samples (by sample index, `TrainingShardSet.isValidation`) held out.
  public var validationFraction: Double = 0.1
  public var peakLearningRate: Double = 2e-3
  public var finalLearningRate: Double = 2e-5
  /// Warm-up length as a fraction of all steps.
  public var warmupFraction: Double = 0.03
  public var weightDecay: Double = 5e-4
  public var loss: LossFunction = .gaussianNegativeLogLikelihood
  /// Channels of the first stage of `NetworkArchitecture.starmillResNet`.
  public var width: Int = 16
  /// Random flips and 90° rotations of training images.
  public var augment: Bool = true
  public var labels: [LabelSpecification] = LabelSpecification.clusterParameters
  /// Images used to fit the input normalisation.
  public var normalizationSamples: Int = 512
  /// A model file to start from (fine-tuning) instead of seeded weights: its weights, batch-norm
  /// statistics, input stretch and label scales are kept; AdamW starts afresh. Nil: a fresh model.
  public var initialModelPath: String? = nil

  public init() {}

  /// A one-line description for the model card.
  public var recipeDescription: String {
    "AdamW (β=0.9/0.999, decoupled weight decay \(weightDecay)), linear warm-up over "
      + "\(warmupFraction * 100)% of steps to \(peakLearningRate) then cosine to \(finalLearningRate); "
      + "loss \(loss.rawValue); batch \(batchSize); \(epochs) epochs; "
      + (augment ? "random flips and 90° rotations; " : "no augmentation; ")
      + "asinh input stretch fitted on \(normalizationSamples) training images; "
      + "validation fraction \(validationFraction) by sample-index hash; seed \(seed)"
      + (initialModelPath.map { "; started from the weights, input stretch and label scales of \($0)" } ?? "")
  }
}
