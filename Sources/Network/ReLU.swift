/// The rectified linear unit `max(0, x)`; its derivative is taken as 0 at x = 0 (and NaN maps to 0).
public final class ReLU: Layer {
  /// The training output: the gradient passes where it is positive.
  private var cachedOutput: [Float] = []

  public init() {}

  public var parameters: [Parameter] { [] }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    var output = input
    output.data.withUnsafeMutableBufferPointer { values in
      for index in 0..<values.count {
        let value = values[index]
        values[index] = value > 0 ? value : 0
      }
    }
    cachedOutput = mode == .training ? output.data : []
    return output
  }

  /// In place: `value` is uniquely held here, so no copy of the batch is made.
  public func forwardInference(_ value: inout Tensor) {
    cachedOutput = []
    Self.rectify(&value)
  }

  static func rectify(_ value: inout Tensor) {
    value.data.withUnsafeMutableBufferPointer { values in
      for index in 0..<values.count {
        let element = values[index]
        values[index] = element > 0 ? element : 0
      }
    }
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    precondition(
      outputGradient.count == cachedOutput.count, "ReLU: backward without a matching training forward pass")
    var inputGradient = outputGradient
    inputGradient.data.withUnsafeMutableBufferPointer { values in
      cachedOutput.withUnsafeBufferPointer { output in
        for index in 0..<values.count {
          let gradient = values[index]
          values[index] = output[index] > 0 ? gradient : 0
        }
      }
    }
    return inputGradient
  }
}
