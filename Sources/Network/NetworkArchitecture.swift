import Foundation

/// A network's layer list and the input it takes (`[channels, height, width]`).
public struct NetworkArchitecture: Codable, Sendable, Equatable {
  public var inputShape: [Int]
  public var layers: [LayerSpecification]

  public init(inputShape: [Int], layers: [LayerSpecification]) {
    self.inputShape = inputShape
    self.layers = layers
  }

  /// The shape after every layer; throws naming the first layer that does not fit.
  public func shapes() throws -> [[Int]] {
    var shape = inputShape
    var all: [[Int]] = []
    for (index, layer) in layers.enumerated() {
      guard let next = layer.outputShape(for: shape) else {
        throw NetworkError.architecture("layer \(index) (\(layer)) cannot take input of shape \(shape)")
      }
      shape = next
      all.append(next)
    }
    return all
  }

  /// The number of values the network outputs per image.
  public func outputCount() throws -> Int { try shapes().last?.reduce(1, *) ?? inputShape.reduce(1, *) }

  /// Forward multiply-adds per image.
  public var multiplyAddsPerImage: Int {
    var shape = inputShape
    var total = 0
    for layer in layers {
      total += layer.multiplyAdds(for: shape)
      guard let next = layer.outputShape(for: shape) else { break }
      shape = next
    }
    return total
  }

  /// JSON text (stored in the model file).
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  public init(json: String) throws {
    do {
      self = try JSONDecoder().decode(NetworkArchitecture.self, from: Data(json.utf8))
    } catch {
      throw NetworkError.architecture("cannot decode the architecture description: \(error)")
    }
  }

  /// The bundled Starmill ResNet for `bands × size × size` images and `outputs` values.
  ///
  /// Stem: 3×3 convolution to `width` channels at full resolution, batch norm, ReLU, 2×2 max pool
  /// (64 → 32). Then four basic residual blocks doubling the channels and halving the resolution
  /// from the second on (32 → 16 → 8 → 4), global average pooling, a hidden dense layer with ReLU
  /// and a linear output. With `width` 16 this is 17.5 M multiply-adds per 64×64 image and
  /// 316 k parameters, a fifth of ResNet-18's depth: enough receptive field (the last block's
  /// units see the whole 64×64 stamp) for cluster-scale features, and cheap enough to train on
  /// tens of thousands of images on two cores (see `Models/README.md`).
  public static func starmillResNet(bands: Int, height: Int, width imageWidth: Int, outputs: Int, width: Int = 16)
    -> NetworkArchitecture
  {
    NetworkArchitecture(
      inputShape: [bands, height, imageWidth],
      layers: [
        .convolution(inputChannels: bands, outputChannels: width, kernel: 3, stride: 1, padding: 1, bias: false),
        .batchNormalization(channels: width),
        .relu,
        .maxPooling(size: 2, stride: 2),
        .residual(inputChannels: width, outputChannels: width, stride: 1),
        .residual(inputChannels: width, outputChannels: 2 * width, stride: 2),
        .residual(inputChannels: 2 * width, outputChannels: 4 * width, stride: 2),
        .residual(inputChannels: 4 * width, outputChannels: 8 * width, stride: 2),
        .globalAveragePooling,
        .dense(inputs: 8 * width, outputs: 4 * width),
        .relu,
        .dense(inputs: 4 * width, outputs: outputs),
      ])
  }
}
