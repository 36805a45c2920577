import Foundation

/// Adam with decoupled weight decay (Loshchilov & Hutter 2019, "Decoupled weight decay
/// regularization", ICLR; Adam: Kingma & Ba 2015), in PyTorch's `AdamW` form:
///
///     p ← p·(1 − lr·λ)                      (weights only: `Parameter.Role.weight`)
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     p ← p − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// Moments are kept in Float32 per parameter, keyed by name so a checkpoint can restore them.
public final class AdamW {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var weightDecay: Double
  public private(set) var step: Int = 0
  public private(set) var firstMoments: [String: [Float]] = [:]
  public private(set) var secondMoments: [String: [Float]] = [:]

  public init(weightDecay: Double = 1e-4, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
    self.weightDecay = weightDecay
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  /// Restores a saved state (a checkpoint).
  public func restore(step: Int, firstMoments: [String: [Float]], secondMoments: [String: [Float]]) {
    self.step = step
    self.firstMoments = firstMoments
    self.secondMoments = secondMoments
  }

  /// One update of every trainable parameter with its accumulated gradient.
  public func update(_ parameters: [Parameter], learningRate: Double) {
    step += 1
    let correction1 = 1 - pow(beta1, Double(step))
    let correction2 = 1 - pow(beta2, Double(step))
    let b1 = Float(beta1)
    let b2 = Float(beta2)
    let stepSize = Float(learningRate / correction1)
    let inverseCorrection2 = Float(1 / correction2)
    let eps = Float(epsilon)
    for parameter in parameters where parameter.isTrainable {
      var m = firstMoments[parameter.name] ?? [Float](repeating: 0, count: parameter.count)
      var v = secondMoments[parameter.name] ?? [Float](repeating: 0, count: parameter.count)
      precondition(m.count == parameter.count, "AdamW: moment size mismatch for \(parameter.name)")
      let decay = parameter.role == .weight ? Float(1 - learningRate * weightDecay) : 1
      parameter.value.withUnsafeMutableBufferPointer { value in
        parameter.gradient.withUnsafeBufferPointer { gradient in
          m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
              for index in 0..<value.count {
                let g = gradient[index]
                m[index] = b1 * m[index] + (1 - b1) * g
                v[index] = b2 * v[index] + (1 - b2) * g * g
                let denominator = (v[index] * inverseCorrection2).squareRoot() + eps
                value[index] = value[index] * decay - stepSize * m[index] / denominator
              }
            }
          }
        }
      }
      firstMoments[parameter.name] = m
      secondMoments[parameter.name] = v
    }
  }
}
