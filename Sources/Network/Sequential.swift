import Numerics

/// A chain of layers built from a `NetworkArchitecture`.
public final class Sequential: Layer {
  public let architecture: NetworkArchitecture
  public let layers: [any Layer]
  public private(set) var isFoldedForInference = false

  /// Builds the layers with zero weights; call `initializeWeights(seed:)` or load weights.
  public init(architecture: NetworkArchitecture) throws {
    _ = try architecture.shapes()
    self.architecture = architecture
    layers = architecture.layers.enumerated().map { index, specification in
      Self.makeLayer(specification, name: "layers.\(index)")
    }
  }

  static func makeLayer(_ specification: LayerSpecification, name: String) -> any Layer {
    switch specification {
    case .convolution(let input, let output, let kernel, let stride, let padding, let bias):
      Convolution2D(
        name: name, inputChannels: input, outputChannels: output, kernel: kernel, stride: stride, padding: padding,
        bias: bias)
    case .batchNormalization(let channels): BatchNormalization2D(name: name, channels: channels)
    case .relu: ReLU()
    case .residual(let input, let output, let stride):
      ResidualBlock(name: name, inputChannels: input, outputChannels: output, stride: stride)
    case .maxPooling(let size, let stride): Pooling2D(kind: .maximum, size: size, stride: stride)
    case .averagePooling(let size, let stride): Pooling2D(kind: .average, size: size, stride: stride)
    case .globalAveragePooling: GlobalAveragePooling()
    case .dense(let inputs, let outputs): Dense(name: name, inputs: inputs, outputs: outputs)
    }
  }

  public var parameters: [Parameter] { layers.flatMap { $0.parameters } }
  public var trainableParameters: [Parameter] { parameters.filter(\.isTrainable) }
  public var parameterCount: Int { trainableParameters.reduce(0) { $0 + $1.count } }

  public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    precondition(
      Array(input.shape.dropFirst()) == architecture.inputShape,
      "Sequential: input \(input.shape) does not match the architecture's \(architecture.inputShape)")
    precondition(mode == .inference || !isFoldedForInference, "Sequential: a folded network cannot train")
    var value = input
    if mode == .inference {
      for layer in layers { layer.forwardInference(&value) }
    } else {
      for layer in layers { value = layer.forward(value, mode: mode) }
    }
    return value
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    var gradient = outputGradient
    for layer in layers.reversed() { gradient = layer.backward(gradient) }
    return gradient
  }

  public func zeroGradients() { for parameter in parameters { parameter.zeroGradient() } }

  /// He-normal initialisation (He, Zhang, Ren & Sun 2015, "Delving deep into rectifiers", ICCV):
  /// convolution and hidden dense weights ~ N(0, 2/fan_in); the last dense layer ~ N(0, 1/fan_in)
  /// (linear output); biases and batch-norm shifts 0, batch-norm scales 1, running statistics
  /// (0, 1). Parameter `p` draws from its own `RandomGenerator(seed: seed, stream: p)`, so the
  /// result depends only on the seed and the architecture, not on any thread count.
  public func initializeWeights(seed: UInt64) {
    let lastDense = layers.lastIndex { $0 is Dense }
    var stream: UInt64 = 0
    for (layerIndex, layer) in layers.enumerated() {
      for parameter in layer.parameters {
        defer { stream += 1 }
        let isLinearOutput = layerIndex == lastDense
        switch parameter.role {
        case .weight:
          let fanIn = parameter.shape.dropFirst().reduce(1, *)
          let sigma = ((isLinearOutput ? 1.0 : 2.0) / Double(fanIn)).squareRoot()
          let generator = RandomGenerator(seed: seed, stream: stream)
          for index in 0..<parameter.count { parameter.value[index] = Float(generator.gaussian(sigma: sigma)) }
        case .undecayed:
          let fill: Float = parameter.name.hasSuffix(".scale") ? 1 : 0
          for index in 0..<parameter.count { parameter.value[index] = fill }
        case .statistic:
          let fill: Float = parameter.name.hasSuffix(".running_variance") ? 1 : 0
          for index in 0..<parameter.count { parameter.value[index] = fill }
        }
      }
    }
  }

  /// A copy with the same weights for inference, each batch normalisation folded into the
  /// convolution before it (stem and residual blocks). Outputs equal this network's inference
  /// outputs up to Float32 rounding.
  public func foldedForInference() throws -> Sequential {
    let copy = try Sequential(architecture: architecture)
    for (target, source) in zip(copy.parameters, parameters) { target.value = source.value }
    var kept: [any Layer] = []
    for layer in copy.layers {
      if let normalization = layer as? BatchNormalization2D, let convolution = kept.last as? Convolution2D {
        BatchNormalizationFolding.fold(normalization, into: convolution)
        continue
      }
      if let block = layer as? ResidualBlock { block.foldNormalizations() }
      kept.append(layer)
    }
    return Sequential(folded: copy.architecture, layers: kept)
  }

  private init(folded architecture: NetworkArchitecture, layers: [any Layer]) {
    self.architecture = architecture
    self.layers = layers
    isFoldedForInference = true
  }
}
