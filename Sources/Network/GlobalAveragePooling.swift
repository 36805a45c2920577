/// Global average pooling (Lin, Chen & Yan 2014, "Network in network"): NCHW → `[N, C]`, the
/// mean of each feature map (summed in Double).
public final class GlobalAveragePooling: Layer {
  private var inputShape: [Int] = []

  public init() {}

  public var parameters: [Parameter] { [] }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    precondition(input.shape.count == 4, "GlobalAveragePooling: input \(input.shape) is not NCHW")
    inputShape = input.shape
    let plane = input.shape[2] * input.shape[3]
    let maps = input.shape[0] * input.shape[1]
    var output = [Float](repeating: 0, count: maps)
    input.data.withUnsafeBufferPointer { source in
      for map in 0..<maps {
        var sum: Double = 0
        let line = source.baseAddress! + map * plane
        for p in 0..<plane { sum += Double(line[p]) }
        output[map] = Float(sum / Double(plane))
      }
    }
    return Tensor(shape: [input.shape[0], input.shape[1]], data: output)
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    precondition(inputShape.count == 4, "GlobalAveragePooling: backward without a forward pass")
    let plane = inputShape[2] * inputShape[3]
    var inputGradient = Tensor(zeros: inputShape)
    inputGradient.data.withUnsafeMutableBufferPointer { target in
      for map in 0..<outputGradient.count {
        let share = outputGradient.data[map] / Float(plane)
        (target.baseAddress! + map * plane).update(repeating: share, count: plane)
      }
    }
    return inputGradient
  }
}
