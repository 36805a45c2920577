import LinearAlgebra

/// A 2-D convolution (cross-correlation, as in every deep-learning library) over NCHW batches,
/// computed as im2col + one SGEMM per group of images (`PatchGeometry`).
///
/// Weight shape `[outputChannels, inputChannels, kernel, kernel]`, optional bias `[outputChannels]`.
/// Output extent `⌊(H + 2·padding − kernel) / stride⌋ + 1`, zero padding.
/// Images are grouped so that one GEMM sees about `targetColumns` output positions: large
/// images go one by one, the small late-stage maps of a whole batch go in one product.
public final class Convolution2D: Layer {
  public let inputChannels: Int
  public let outputChannels: Int
  public let kernel: Int
  public let stride: Int
  public let padding: Int
  public let weight: Parameter
  public private(set) var bias: Parameter?

  static let targetColumns = 8192
  private var cachedInput: Tensor?
  private var patches: [Float] = []
  private var products: [Float] = []
  private var patchGradient: [Float] = []

  public init(
    name: String, inputChannels: Int, outputChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
    bias: Bool
  ) {
    precondition(inputChannels > 0 && outputChannels > 0 && kernel > 0 && stride > 0 && padding >= 0)
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    weight = Parameter(
      name: "\(name).weight", shape: [outputChannels, inputChannels, kernel, kernel], role: .weight, filledWith: 0)
    self.bias = bias ? Parameter(name: "\(name).bias", shape: [outputChannels], role: .undecayed, filledWith: 0) : nil
  }

  public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

  /// Gives the layer a bias (used when a following batch normalisation is folded in).
  func ensureBias(name: String) -> Parameter {
    if let bias { return bias }
    let created = Parameter(name: name, shape: [outputChannels], role: .undecayed, filledWith: 0)
    bias = created
    return created
  }

  func geometry(for input: Tensor) -> PatchGeometry {
    precondition(
      input.shape.count == 4 && input.shape[1] == inputChannels,
      "Convolution2D \(weight.name): input shape \(input.shape) is not [N, \(inputChannels), H, W]")
    let geometry = PatchGeometry(
      channels: inputChannels, height: input.shape[2], width: input.shape[3], kernel: kernel, stride: stride,
      padding: padding)
    precondition(
      geometry.outputHeight > 0 && geometry.outputWidth > 0,
      "Convolution2D \(weight.name): input \(input.shape) is smaller than the kernel")
    return geometry
  }

  private func groupSize(batch: Int, positions: Int) -> Int {
    max(1, min(batch, Self.targetColumns / max(1, positions)))
  }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    let geometry = geometry(for: input)
    let batch = input.shape[0]
    let positions = geometry.positionCount
    let rows = geometry.rowCount
    let inputSize = input.itemCount
    let outputSize = outputChannels * positions
    // Every value is written below (GEMM with β = 0, or the copy out of `products`).
    var output = Tensor(uninitializedShape: [batch, outputChannels, geometry.outputHeight, geometry.outputWidth])
    let group = groupSize(batch: batch, positions: positions)
    if patches.count < rows * group * positions { patches = [Float](repeating: 0, count: rows * group * positions) }
    if group > 1 && products.count < outputSize * group {
      products = [Float](repeating: 0, count: outputSize * group)
    }
    input.data.withUnsafeBufferPointer { source in
      weight.value.withUnsafeBufferPointer { weights in
        patches.withUnsafeMutableBufferPointer { patchBuffer in
          products.withUnsafeMutableBufferPointer { productBuffer in
            output.data.withUnsafeMutableBufferPointer { target in
              var start = 0
              while start < batch {
                let count = min(group, batch - start)
                let columns = count * positions
                for image in 0..<count {
                  geometry.gather(
                    image: source.baseAddress! + (start + image) * inputSize, into: patchBuffer.baseAddress!,
                    rowStride: columns, columnOffset: image * positions)
                }
                let patchView = UnsafeBufferPointer(start: patchBuffer.baseAddress!, count: rows * columns)
                if count == 1 {
                  let slice = UnsafeMutableBufferPointer(
                    start: target.baseAddress! + start * outputSize, count: outputSize)
                  GEMM.multiply(
                    m: outputChannels, n: columns, k: rows, a: weights, b: patchView, c: slice)
                } else {
                  let slice = UnsafeMutableBufferPointer(start: productBuffer.baseAddress!, count: outputSize * count)
                  GEMM.multiply(m: outputChannels, n: columns, k: rows, a: weights, b: patchView, c: slice)
                  for image in 0..<count {
                    let destination = target.baseAddress! + (start + image) * outputSize
                    for channel in 0..<outputChannels {
                      (destination + channel * positions).update(
                        from: productBuffer.baseAddress! + channel * columns + image * positions, count: positions)
                    }
                  }
                }
                start += count
              }
            }
          }
        }
      }
    }
    if let bias { addBias(bias.value, to: &output, positions: positions) }
    cachedInput = mode == .training ? input : nil
    return output
  }

  private func addBias(_ bias: [Float], to output: inout Tensor, positions: Int) {
    let channels = outputChannels
    output.data.withUnsafeMutableBufferPointer { target in
      for index in 0..<(target.count / positions) {
        let value = bias[index % channels]
        let line = target.baseAddress! + index * positions
        for position in 0..<positions { line[position] += value }
      }
    }
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    guard let input = cachedInput else {
      preconditionFailure("Convolution2D \(weight.name): backward without a training forward pass")
    }
    let geometry = geometry(for: input)
    let batch = input.shape[0]
    let positions = geometry.positionCount
    let rows = geometry.rowCount
    let inputSize = input.itemCount
    let outputSize = outputChannels * positions
    precondition(outputGradient.shape == [batch, outputChannels, geometry.outputHeight, geometry.outputWidth])
    var inputGradient = Tensor(zeros: input.shape)
    let group = groupSize(batch: batch, positions: positions)
    // `patches` holds the patch matrix, then its gradient; `products` the gathered output gradient.
    if patchGradient.count < rows * group * positions {
      patchGradient = [Float](repeating: 0, count: rows * group * positions)
    }
    if patches.count < rows * group * positions { patches = [Float](repeating: 0, count: rows * group * positions) }
    if products.count < outputSize * group { products = [Float](repeating: 0, count: outputSize * group) }
    if let bias {
      outputGradient.data.withUnsafeBufferPointer { gradient in
        for image in 0..<batch {
          for channel in 0..<outputChannels {
            let line = gradient.baseAddress! + image * outputSize + channel * positions
            var sum: Double = 0
            for position in 0..<positions { sum += Double(line[position]) }
            bias.gradient[channel] += Float(sum)
          }
        }
      }
    }
    input.data.withUnsafeBufferPointer { source in
      outputGradient.data.withUnsafeBufferPointer { gradient in
        weight.value.withUnsafeBufferPointer { weights in
          weight.gradient.withUnsafeMutableBufferPointer { weightGradient in
            patches.withUnsafeMutableBufferPointer { patchBuffer in
              patchGradient.withUnsafeMutableBufferPointer { patchGradientBuffer in
                products.withUnsafeMutableBufferPointer { productBuffer in
                  inputGradient.data.withUnsafeMutableBufferPointer { target in
                    var start = 0
                    while start < batch {
                      let count = min(group, batch - start)
                      let columns = count * positions
                      for image in 0..<count {
                        geometry.gather(
                          image: source.baseAddress! + (start + image) * inputSize, into: patchBuffer.baseAddress!,
                          rowStride: columns, columnOffset: image * positions)
                      }
                      for image in 0..<count {
                        let origin = gradient.baseAddress! + (start + image) * outputSize
                        for channel in 0..<outputChannels {
                          (productBuffer.baseAddress! + channel * columns + image * positions).update(
                            from: origin + channel * positions, count: positions)
                        }
                      }
                      let gathered = UnsafeBufferPointer(start: productBuffer.baseAddress!, count: outputSize * count)
                      let patchView = UnsafeBufferPointer(start: patchBuffer.baseAddress!, count: rows * columns)
                      GEMM.multiply(
                        .none, .transposed, m: outputChannels, n: rows, k: columns, a: gathered, b: patchView, beta: 1,
                        c: weightGradient)
                      let patchGradientView = UnsafeMutableBufferPointer(
                        start: patchGradientBuffer.baseAddress!, count: rows * columns)
                      GEMM.multiply(
                        .transposed, .none, m: rows, n: columns, k: outputChannels, a: weights, b: gathered,
                        c: patchGradientView)
                      for image in 0..<count {
                        geometry.scatterAdd(
                          columns: patchGradientBuffer.baseAddress!, rowStride: columns,
                          columnOffset: image * positions,
                          into: target.baseAddress! + (start + image) * inputSize)
                      }
                      start += count
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return inputGradient
  }
}
