/// The rectified linear unit `max(0, x)`; its derivative is taken as 0 at x = 0.
public final class ReLU: Layer {
  private var mask: [Bool] = []

  public init() {}

  public var parameters: [Parameter] { [] }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    var output = input
    output.data.withUnsafeMutableBufferPointer { values in
      for index in 0..<values.count where !(values[index] > 0) { values[index] = 0 }
    }
    if mode == .training { mask = output.data.map { $0 > 0 } }
    return output
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    precondition(outputGradient.count == mask.count, "ReLU: backward without a matching training forward pass")
    var inputGradient = outputGradient
    inputGradient.data.withUnsafeMutableBufferPointer { values in
      mask.withUnsafeBufferPointer { keep in
        for index in 0..<values.count where !keep[index] { values[index] = 0 }
      }
    }
    return inputGradient
  }
}
