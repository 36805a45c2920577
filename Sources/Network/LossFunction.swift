import Foundation

/// The regression loss, averaged over the batch and the labels.
///
/// - `meanSquaredError`: the network outputs one value μ per label; `L = mean((μ − t)²)`.
/// - `gaussianNegativeLogLikelihood`: the network outputs μ for each of P labels, then
///   s = ln σ² for each (2P outputs); `L = mean(½·(s + (t − μ)²·e^(−s)))`, the negative log of
///   a Gaussian likelihood up to a constant (Nix & Weigend 1994; Kendall & Gal 2017), which
///   gives each prediction its own uncertainty. s is clamped to [−`logVarianceLimit`,
///   +`logVarianceLimit`] for the exponential (zero gradient beyond), which keeps a bad start
///   from overflowing.
public enum LossFunction: String, Codable, Sendable, CaseIterable {
  case meanSquaredError = "mse"
  case gaussianNegativeLogLikelihood = "gaussian_nll"

  public static let logVarianceLimit: Float = 12

  /// Network outputs needed for `labels` labels.
  public func outputCount(labels: Int) -> Int { self == .meanSquaredError ? labels : 2 * labels }

  /// The loss and ∂L/∂prediction for predictions `[N, outputCount]` and targets `[N·P]` (row-major).
  public func evaluate(prediction: Tensor, targets: [Float]) -> (loss: Double, gradient: Tensor) {
    let batch = prediction.batchCount
    let outputs = prediction.itemCount
    let labels = self == .meanSquaredError ? outputs : outputs / 2
    precondition(targets.count == batch * labels, "LossFunction: \(targets.count) targets for \(batch)×\(labels)")
    var gradient = [Float](repeating: 0, count: prediction.count)
    var total: Double = 0
    let scale = 1 / Double(batch * labels)
    for n in 0..<batch {
      for p in 0..<labels {
        let mean = Double(prediction.data[n * outputs + p])
        let residual = mean - Double(targets[n * labels + p])
        switch self {
        case .meanSquaredError:
          total += residual * residual
          gradient[n * outputs + p] = Float(2 * residual * scale)
        case .gaussianNegativeLogLikelihood:
          let raw = prediction.data[n * outputs + labels + p]
          let limit = Self.logVarianceLimit
          let logVariance = Double(min(max(raw, -limit), limit))
          let precision = exp(-logVariance)
          total += 0.5 * (logVariance + residual * residual * precision)
          gradient[n * outputs + p] = Float(residual * precision * scale)
          let inside = raw > -limit && raw < limit
          gradient[n * outputs + labels + p] = inside ? Float(0.5 * (1 - residual * residual * precision) * scale) : 0
        }
      }
    }
    return (total * scale, Tensor(shape: prediction.shape, data: gradient))
  }
}
