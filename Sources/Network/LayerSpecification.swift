/// One layer of an architecture description: what the model file records (as JSON) and what
/// `Sequential(architecture:)` builds. Parameter names follow from the position: layer `i`'s
/// parameters are `layers.<i>.<...>`.
public enum LayerSpecification: Codable, Sendable, Equatable {
  case convolution(inputChannels: Int, outputChannels: Int, kernel: Int, stride: Int, padding: Int, bias: Bool)
  case batchNormalization(channels: Int)
  case relu
  case residual(inputChannels: Int, outputChannels: Int, stride: Int)
  case maxPooling(size: Int, stride: Int)
  case averagePooling(size: Int, stride: Int)
  case globalAveragePooling
  case dense(inputs: Int, outputs: Int)

  /// The output shape (without the batch axis) for an input of `shape`, or nil if it does not fit.
  public func outputShape(for shape: [Int]) -> [Int]? {
    func spatial(_ extent: Int, kernel: Int, stride: Int, padding: Int) -> Int {
      (extent + 2 * padding - kernel) / stride + 1
    }
    switch self {
    case .convolution(let input, let output, let kernel, let stride, let padding, _):
      guard shape.count == 3, shape[0] == input else { return nil }
      let h = spatial(shape[1], kernel: kernel, stride: stride, padding: padding)
      let w = spatial(shape[2], kernel: kernel, stride: stride, padding: padding)
      return h > 0 && w > 0 ? [output, h, w] : nil
    case .batchNormalization(let channels):
      return shape.count == 3 && shape[0] == channels ? shape : nil
    case .relu:
      return shape
    case .residual(let input, let output, let stride):
      guard shape.count == 3, shape[0] == input else { return nil }
      return [
        output, spatial(shape[1], kernel: 3, stride: stride, padding: 1),
        spatial(shape[2], kernel: 3, stride: stride, padding: 1),
      ]
    case .maxPooling(let size, let stride), .averagePooling(let size, let stride):
      guard shape.count == 3 else { return nil }
      let h = spatial(shape[1], kernel: size, stride: stride, padding: 0)
      let w = spatial(shape[2], kernel: size, stride: stride, padding: 0)
      return h > 0 && w > 0 ? [shape[0], h, w] : nil
    case .globalAveragePooling:
      return shape.count == 3 ? [shape[0]] : nil
    case .dense(let inputs, let outputs):
      return shape.reduce(1, *) == inputs ? [outputs] : nil
    }
  }

  /// Multiply-adds per image for an input of `shape` (convolutions and dense layers only).
  public func multiplyAdds(for shape: [Int]) -> Int {
    guard let output = outputShape(for: shape) else { return 0 }
    switch self {
    case .convolution(let input, _, let kernel, _, _, _):
      return output.reduce(1, *) * input * kernel * kernel
    case .residual(let input, let channels, let stride):
      let positions = output[1] * output[2]
      var total = positions * channels * input * 9 + positions * channels * channels * 9
      if input != channels || stride != 1 { total += positions * channels * input }
      return total
    case .dense(let inputs, let outputs):
      return inputs * outputs
    default:
      return 0
    }
  }
}
