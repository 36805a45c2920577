/// Max or average pooling over `size × size` windows moved by `stride`, without padding
/// (output extent `⌊(H − size)/stride⌋ + 1`).
///
/// Max pooling sends the gradient to the first maximum of each window (ties: lowest index,
/// deterministic); average pooling spreads it evenly.
public final class Pooling2D: Layer {
  public enum Kind: String, Sendable, Codable {
    case maximum
    case average
  }

  public let kind: Kind
  public let size: Int
  public let stride: Int
  private var inputShape: [Int] = []
  private var winners: [Int32] = []

  public init(kind: Kind, size: Int, stride: Int) {
    precondition(size > 0 && stride > 0)
    self.kind = kind
    self.size = size
    self.stride = stride
  }

  public var parameters: [Parameter] { [] }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    precondition(input.shape.count == 4, "Pooling2D: input \(input.shape) is not NCHW")
    let (height, width) = (input.shape[2], input.shape[3])
    let outH = (height - size) / stride + 1
    let outW = (width - size) / stride + 1
    precondition(outH > 0 && outW > 0, "Pooling2D: input \(input.shape) smaller than the \(size)×\(size) window")
    let planes = input.shape[0] * input.shape[1]
    var output = Tensor(zeros: [input.shape[0], input.shape[1], outH, outW])
    inputShape = input.shape
    let recordWinners = mode == .training && kind == .maximum
    if recordWinners { winners = [Int32](repeating: 0, count: output.count) }
    let area = Float(size * size)
    input.data.withUnsafeBufferPointer { source in
      output.data.withUnsafeMutableBufferPointer { target in
        winners.withUnsafeMutableBufferPointer { winnerBuffer in
          for plane in 0..<planes {
            let image = source.baseAddress! + plane * height * width
            for oy in 0..<outH {
              for ox in 0..<outW {
                let outIndex = (plane * outH + oy) * outW + ox
                if kind == .maximum {
                  var best = -Float.infinity
                  var bestIndex = (oy * stride) * width + ox * stride
                  for dy in 0..<size {
                    for dx in 0..<size {
                      let index = (oy * stride + dy) * width + ox * stride + dx
                      if image[index] > best {
                        best = image[index]
                        bestIndex = index
                      }
                    }
                  }
                  target[outIndex] = best
                  if recordWinners { winnerBuffer[outIndex] = Int32(bestIndex) }
                } else {
                  var sum: Float = 0
                  for dy in 0..<size {
                    for dx in 0..<size { sum += image[(oy * stride + dy) * width + ox * stride + dx] }
                  }
                  target[outIndex] = sum / area
                }
              }
            }
          }
        }
      }
    }
    return output
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    precondition(inputShape.count == 4, "Pooling2D: backward without a training forward pass")
    let (height, width) = (inputShape[2], inputShape[3])
    let (outH, outW) = (outputGradient.shape[2], outputGradient.shape[3])
    let planes = inputShape[0] * inputShape[1]
    var inputGradient = Tensor(zeros: inputShape)
    let area = Float(size * size)
    outputGradient.data.withUnsafeBufferPointer { gradient in
      inputGradient.data.withUnsafeMutableBufferPointer { target in
        for plane in 0..<planes {
          let image = target.baseAddress! + plane * height * width
          for oy in 0..<outH {
            for ox in 0..<outW {
              let outIndex = (plane * outH + oy) * outW + ox
              let g = gradient[outIndex]
              if kind == .maximum {
                image[Int(winners[outIndex])] += g
              } else {
                let share = g / area
                for dy in 0..<size {
                  for dx in 0..<size { image[(oy * stride + dy) * width + ox * stride + dx] += share }
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
