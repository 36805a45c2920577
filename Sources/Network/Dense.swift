import LinearAlgebra

/// A fully connected layer `y = x·Wᵀ + b` on `[N, inputs]` (any input shape is read as
/// `[N, rest]`; the input gradient comes back in the input's shape). Weight `[outputs, inputs]`.
public final class Dense: Layer {
  public let inputs: Int
  public let outputs: Int
  public let weight: Parameter
  public let bias: Parameter
  private var cachedInput: Tensor?

  public init(name: String, inputs: Int, outputs: Int) {
    self.inputs = inputs
    self.outputs = outputs
    weight = Parameter(name: "\(name).weight", shape: [outputs, inputs], role: .weight, filledWith: 0)
    bias = Parameter(name: "\(name).bias", shape: [outputs], role: .undecayed, filledWith: 0)
  }

  public var parameters: [Parameter] { [weight, bias] }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    let batch = input.batchCount
    precondition(input.itemCount == inputs, "Dense \(weight.name): input \(input.shape) has not \(inputs) features")
    var output = [Float](repeating: 0, count: batch * outputs)
    for n in 0..<batch {
      for o in 0..<outputs { output[n * outputs + o] = bias.value[o] }
    }
    GEMM.multiply(
      .none, .transposed, m: batch, n: outputs, k: inputs, a: input.data, b: weight.value, beta: 1, c: &output)
    cachedInput = mode == .training ? input : nil
    return Tensor(shape: [batch, outputs], data: output)
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    guard let input = cachedInput else { preconditionFailure("Dense \(weight.name): backward without forward") }
    let batch = input.batchCount
    precondition(outputGradient.shape == [batch, outputs])
    GEMM.multiply(
      .transposed, .none, m: outputs, n: inputs, k: batch, a: outputGradient.data, b: input.data, beta: 1,
      c: &weight.gradient)
    for o in 0..<outputs {
      var sum: Double = 0
      for n in 0..<batch { sum += Double(outputGradient.data[n * outputs + o]) }
      bias.gradient[o] += Float(sum)
    }
    var inputGradient = [Float](repeating: 0, count: batch * inputs)
    GEMM.multiply(m: batch, n: inputs, k: outputs, a: outputGradient.data, b: weight.value, c: &inputGradient)
    return Tensor(shape: input.shape, data: inputGradient)
  }
}
