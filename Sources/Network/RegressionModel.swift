import Foundation

/// A trained (or training) regressor: the network, how its inputs are prepared, what its outputs
/// mean, and its model card.
public final class RegressionModel {
  public let network: Sequential
  public var inputNormalization: InputNormalization
  public var labels: [LabelSpecification]
  public var loss: LossFunction
  public var card: ModelCard

  public init(
    network: Sequential, inputNormalization: InputNormalization, labels: [LabelSpecification], loss: LossFunction,
    card: ModelCard
  ) throws {
    let outputs = try network.architecture.outputCount()
    guard outputs == loss.outputCount(labels: labels.count) else {
      throw NetworkError.architecture(
        "the network outputs \(outputs) values; \(labels.count) labels with loss \(loss.rawValue) need "
          + "\(loss.outputCount(labels: labels.count))")
    }
    guard inputNormalization.bands.count == network.architecture.inputShape[0] else {
      throw NetworkError.architecture(
        "\(inputNormalization.bands.count) bands for a network taking \(network.architecture.inputShape[0]) channels")
    }
    self.network = network
    self.inputNormalization = inputNormalization
    self.labels = labels
    self.loss = loss
    self.card = card
  }

  public var architecture: NetworkArchitecture { network.architecture }
  public var bands: [String] { inputNormalization.bands }
  public var imageShape: [Int] { architecture.inputShape }
  public var pixelsPerImage: Int { imageShape.reduce(1, *) }

  /// Predictions in physical label units: `means[n][p]` and, for the Gaussian likelihood loss,
  /// `sigmas[n][p]` (nil otherwise).
  public struct Predictions: Sendable {
    public var means: [[Double]]
    public var sigmas: [[Double]]?
  }

  /// Normalises `count` raw images (`[n][band][y][x]`, shard units) and runs inference in
  /// batches with `network` (default: this model's network; pass `foldedForInference()`'s copy
  /// to skip the batch-norm passes).
  ///
  /// `symmetrized`: predicts each image in its eight flips and quarter turns (square images; the
  /// labels do not change under them, and the network saw them all as augmentation) and
  /// averages: the mean is the average of the eight means, the variance the average of the eight
  /// variances plus the variance of the eight means (the law of total variance over views).
  /// Costs eight forward passes.
  public func predict(
    rawImages: [Float], count: Int, batchSize: Int = 64, using network: Sequential? = nil,
    parallel: BatchParallelInference? = nil, symmetrized: Bool
  ) -> Predictions {
    guard symmetrized, imageShape[1] == imageShape[2] else {
      return predict(rawImages: rawImages, count: count, batchSize: batchSize, using: network, parallel: parallel)
    }
    let views = DihedralTransform.allCases.map { transform in
      var pixels = rawImages
      for image in 0..<count {
        transform.apply(
          to: &pixels, planes: imageShape[0], size: imageShape[1], offset: image * pixelsPerImage)
      }
      return predict(rawImages: pixels, count: count, batchSize: batchSize, using: network, parallel: parallel)
    }
    let viewCount = Double(views.count)
    var means: [[Double]] = []
    var sigmas: [[Double]] = []
    for n in 0..<count {
      var mean = [Double](repeating: 0, count: labels.count)
      var sigma = [Double](repeating: 0, count: labels.count)
      for k in labels.indices {
        let values = views.map { $0.means[n][k] }
        let average = values.reduce(0, +) / viewCount
        let spread = values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / viewCount
        let noise = views.reduce(0) { $0 + ($1.sigmas.map { s in s[n][k] * s[n][k] } ?? 0) } / viewCount
        mean[k] = average
        sigma[k] = (noise + spread).squareRoot()
      }
      means.append(mean)
      sigmas.append(sigma)
    }
    return Predictions(means: means, sigmas: loss == .gaussianNegativeLogLikelihood ? sigmas : nil)
  }

  /// The single-view prediction (see `predict(rawImages:count:batchSize:using:symmetrized:)`).
  /// `parallel`, when given, runs each batch split over its threads instead of `network`.
  public func predict(
    rawImages: [Float], count: Int, batchSize: Int = 64, using network: Sequential? = nil,
    parallel: BatchParallelInference? = nil
  ) -> Predictions {
    precondition(rawImages.count == count * pixelsPerImage, "predict: \(rawImages.count) pixels for \(count) images")
    let runner = network ?? self.network
    var means: [[Double]] = []
    var sigmas: [[Double]] = []
    let perBand = imageShape[1] * imageShape[2]
    var start = 0
    while start < count {
      let n = min(batchSize, count - start)
      var pixels = Array(rawImages[(start * pixelsPerImage)..<((start + n) * pixelsPerImage)])
      inputNormalization.apply(to: &pixels, pixelsPerBand: perBand)
      let batch = Tensor(shape: [n] + imageShape, data: pixels)
      let output = parallel?.forward(batch) ?? runner.forward(batch, mode: .inference)
      let (batchMeans, batchSigmas) = physical(output)
      means += batchMeans
      sigmas += batchSigmas ?? []
      start += n
    }
    return Predictions(means: means, sigmas: loss == .gaussianNegativeLogLikelihood ? sigmas : nil)
  }

  /// Converts a network output batch to physical units.
  public func physical(_ output: Tensor) -> (means: [[Double]], sigmas: [[Double]]?) {
    let outputs = output.itemCount
    let p = labels.count
    var means: [[Double]] = []
    var sigmas: [[Double]] = []
    for n in 0..<output.batchCount {
      means.append((0..<p).map { labels[$0].physical(Double(output.data[n * outputs + $0])) })
      if loss == .gaussianNegativeLogLikelihood {
        sigmas.append(
          (0..<p).map { k in
            let logVariance = Double(output.data[n * outputs + p + k])
            return exp(logVariance / 2) * labels[k].deviation
          })
      }
    }
    return (means, loss == .gaussianNegativeLogLikelihood ? sigmas : nil)
  }
}
