/// What a model file says about how the model was made and how good it is, stored as
/// attributes of its `/card` group (h5py: `f["card"].attrs`).
public struct ModelCard: Codable, Sendable, Equatable {
  /// Band names in input order; images must come in this order.
  public var bands: [String]
  public var imageHeightPixels: Int
  public var imageWidthPixels: Int
  public var pixelScaleArcsec: Double
  /// Recipe(s) that made the training shards (names and SHA-256 of their texts).
  public var trainingRecipes: [String]
  public var trainingRecipeSHA256: [String]
  public var trainingSamples: Int
  public var validationSamples: Int
  public var epochs: Int
  public var batchSize: Int
  public var seed: UInt64
  /// Optimiser, schedule, loss and augmentation in words.
  public var trainingRecipe: String
  public var trainingSeconds: Double
  /// CPU, cores, BLAS kernels and threads of the training run.
  public var machine: String
  public var starmillVersion: String
  public var createdUTC: String
  /// Validation metrics per label name, in label order.
  public var validationMetrics: [String: RegressionMetrics]
  /// Default `starmill check` limits per label name.
  public var checkThresholds: [String: CheckThresholds]

  public init(
    bands: [String], imageHeightPixels: Int, imageWidthPixels: Int, pixelScaleArcsec: Double,
    trainingRecipes: [String] = [], trainingRecipeSHA256: [String] = [], trainingSamples: Int = 0,
    validationSamples: Int = 0, epochs: Int = 0, batchSize: Int = 0, seed: UInt64 = 0, trainingRecipe: String = "",
    trainingSeconds: Double = 0, machine: String = "", starmillVersion: String = "", createdUTC: String = "",
    validationMetrics: [String: RegressionMetrics] = [:], checkThresholds: [String: CheckThresholds] = [:]
  ) {
    self.bands = bands
    self.imageHeightPixels = imageHeightPixels
    self.imageWidthPixels = imageWidthPixels
    self.pixelScaleArcsec = pixelScaleArcsec
    self.trainingRecipes = trainingRecipes
    self.trainingRecipeSHA256 = trainingRecipeSHA256
    self.trainingSamples = trainingSamples
    self.validationSamples = validationSamples
    self.epochs = epochs
    self.batchSize = batchSize
    self.seed = seed
    self.trainingRecipe = trainingRecipe
    self.trainingSeconds = trainingSeconds
    self.machine = machine
    self.starmillVersion = starmillVersion
    self.createdUTC = createdUTC
    self.validationMetrics = validationMetrics
    self.checkThresholds = checkThresholds
  }
}
