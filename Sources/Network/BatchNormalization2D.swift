/// Batch normalisation over the channels of NCHW batches (Ioffe & Szegedy 2015, arXiv:1502.03167).
///
/// Training: each channel is normalised with its batch mean and biased variance over (N, H, W),
/// `y = γ·(x − μ_B)/√(σ²_B + ε) + β`, and the running statistics move by `momentum`:
/// `μ ← (1 − m)·μ + m·μ_B`, `σ² ← (1 − m)·σ² + m·σ²_B·M/(M − 1)` (unbiased, M values per
/// channel), as PyTorch does. Inference uses the running statistics, and can be folded into the
/// preceding convolution (`Sequential.foldedForInference`). Statistics are summed in Double.
public final class BatchNormalization2D: Layer {
  public let channels: Int
  public let epsilon: Float
  public let momentum: Float
  public let scale: Parameter
  public let shift: Parameter
  public let runningMean: Parameter
  public let runningVariance: Parameter

  private var normalized: [Float] = []
  private var inverseDeviation: [Float] = []
  private var cachedShape: [Int] = []

  public init(name: String, channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
    self.channels = channels
    self.epsilon = epsilon
    self.momentum = momentum
    scale = Parameter(name: "\(name).scale", shape: [channels], role: .undecayed, filledWith: 1)
    shift = Parameter(name: "\(name).shift", shape: [channels], role: .undecayed, filledWith: 0)
    runningMean = Parameter(name: "\(name).running_mean", shape: [channels], role: .statistic, filledWith: 0)
    runningVariance = Parameter(name: "\(name).running_variance", shape: [channels], role: .statistic, filledWith: 1)
  }

  public var parameters: [Parameter] { [scale, shift, runningMean, runningVariance] }

  /// Per-channel `a`, `b` with inference output `a·x + b`.
  public var inferenceAffine: (multiplier: [Float], offset: [Float]) {
    var multiplier = [Float](repeating: 0, count: channels)
    var offset = [Float](repeating: 0, count: channels)
    for c in 0..<channels {
      let a = Double(scale.value[c]) / (Double(runningVariance.value[c]) + Double(epsilon)).squareRoot()
      multiplier[c] = Float(a)
      offset[c] = Float(Double(shift.value[c]) - a * Double(runningMean.value[c]))
    }
    return (multiplier, offset)
  }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    precondition(
      input.shape.count == 4 && input.shape[1] == channels,
      "BatchNormalization2D \(scale.name): input \(input.shape) is not [N, \(channels), H, W]")
    let batch = input.shape[0]
    let plane = input.shape[2] * input.shape[3]
    var output = input
    if mode == .inference {
      let (multiplier, offset) = inferenceAffine
      output.data.withUnsafeMutableBufferPointer { values in
        for index in 0..<(batch * channels) {
          let c = index % channels
          let line = values.baseAddress! + index * plane
          let a = multiplier[c]
          let b = offset[c]
          for p in 0..<plane { line[p] = a * line[p] + b }
        }
      }
      return output
    }
    let valuesPerChannel = batch * plane
    precondition(
      valuesPerChannel > 1, "BatchNormalization2D \(scale.name): training needs more than one value per channel")
    if normalized.count != input.count { normalized = [Float](repeating: 0, count: input.count) }
    inverseDeviation = [Float](repeating: 0, count: channels)
    cachedShape = input.shape
    input.data.withUnsafeBufferPointer { source in
      normalized.withUnsafeMutableBufferPointer { xHat in
        output.data.withUnsafeMutableBufferPointer { target in
          for c in 0..<channels {
            var sum: Double = 0
            for n in 0..<batch {
              let line = source.baseAddress! + (n * channels + c) * plane
              for p in 0..<plane { sum += Double(line[p]) }
            }
            let mean = sum / Double(valuesPerChannel)
            var squares: Double = 0
            for n in 0..<batch {
              let line = source.baseAddress! + (n * channels + c) * plane
              for p in 0..<plane {
                let d = Double(line[p]) - mean
                squares += d * d
              }
            }
            let variance = squares / Double(valuesPerChannel)
            let inverse = 1 / (variance + Double(epsilon)).squareRoot()
            inverseDeviation[c] = Float(inverse)
            let gamma = scale.value[c]
            let beta = shift.value[c]
            let meanF = Float(mean)
            let inverseF = Float(inverse)
            for n in 0..<batch {
              let offset = (n * channels + c) * plane
              let line = source.baseAddress! + offset
              let normal = xHat.baseAddress! + offset
              let out = target.baseAddress! + offset
              for p in 0..<plane {
                let value = (line[p] - meanF) * inverseF
                normal[p] = value
                out[p] = gamma * value + beta
              }
            }
            let m = Double(momentum)
            runningMean.value[c] = Float((1 - m) * Double(runningMean.value[c]) + m * mean)
            let unbiased = variance * Double(valuesPerChannel) / Double(valuesPerChannel - 1)
            runningVariance.value[c] = Float((1 - m) * Double(runningVariance.value[c]) + m * unbiased)
          }
        }
      }
    }
    return output
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    precondition(outputGradient.shape == cachedShape, "BatchNormalization2D \(scale.name): backward shape mismatch")
    let batch = cachedShape[0]
    let plane = cachedShape[2] * cachedShape[3]
    let valuesPerChannel = Double(batch * plane)
    var inputGradient = outputGradient
    outputGradient.data.withUnsafeBufferPointer { gradient in
      normalized.withUnsafeBufferPointer { xHat in
        inputGradient.data.withUnsafeMutableBufferPointer { target in
          for c in 0..<channels {
            var sumGradient: Double = 0
            var sumGradientXHat: Double = 0
            for n in 0..<batch {
              let offset = (n * channels + c) * plane
              for p in 0..<plane {
                let g = Double(gradient[offset + p])
                sumGradient += g
                sumGradientXHat += g * Double(xHat[offset + p])
              }
            }
            scale.gradient[c] += Float(sumGradientXHat)
            shift.gradient[c] += Float(sumGradient)
            // ∂L/∂x = γ/(σ·M) · (M·g − Σg − x̂·Σ(g·x̂))
            let factor = Float(Double(scale.value[c]) * Double(inverseDeviation[c]) / valuesPerChannel)
            let meanGradient = Float(sumGradient)
            let projection = Float(sumGradientXHat)
            let count = Float(valuesPerChannel)
            for n in 0..<batch {
              let offset = (n * channels + c) * plane
              for p in 0..<plane {
                let g = gradient[offset + p]
                target[offset + p] = factor * (count * g - meanGradient - xHat[offset + p] * projection)
              }
            }
          }
        }
      }
    }
    return inputGradient
  }
}
