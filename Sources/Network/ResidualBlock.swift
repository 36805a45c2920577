/// A basic residual block (He, Zhang, Ren & Sun 2016, "Deep residual learning for image
/// recognition", CVPR, fig. 2 and option B of §3.3):
/// `y = ReLU(BN(conv3×3(ReLU(BN(conv3×3/stride(x))))) + shortcut(x))`, where the shortcut is the
/// identity when shape is kept and a 1×1 stride-`stride` convolution with batch normalisation
/// (a projection) when the channel count or the resolution changes.
public final class ResidualBlock: Layer {
  public let first: Convolution2D
  public let firstNormalization: BatchNormalization2D
  public let firstActivation = ReLU()
  public let second: Convolution2D
  public let secondNormalization: BatchNormalization2D
  public let projection: Convolution2D?
  public let projectionNormalization: BatchNormalization2D?
  let outputActivation = ReLU()
  /// Inference-only: set when batch normalisation has been folded into the convolutions.
  private(set) var isFolded = false

  public init(name: String, inputChannels: Int, outputChannels: Int, stride: Int) {
    first = Convolution2D(
      name: "\(name).conv1", inputChannels: inputChannels, outputChannels: outputChannels, kernel: 3, stride: stride,
      padding: 1, bias: false)
    firstNormalization = BatchNormalization2D(name: "\(name).bn1", channels: outputChannels)
    second = Convolution2D(
      name: "\(name).conv2", inputChannels: outputChannels, outputChannels: outputChannels, kernel: 3, stride: 1,
      padding: 1, bias: false)
    secondNormalization = BatchNormalization2D(name: "\(name).bn2", channels: outputChannels)
    if inputChannels != outputChannels || stride != 1 {
      projection = Convolution2D(
        name: "\(name).projection", inputChannels: inputChannels, outputChannels: outputChannels, kernel: 1,
        stride: stride, padding: 0, bias: false)
      projectionNormalization = BatchNormalization2D(name: "\(name).projection_bn", channels: outputChannels)
    } else {
      projection = nil
      projectionNormalization = nil
    }
  }

  public var parameters: [Parameter] {
    var all = first.parameters + firstNormalization.parameters + second.parameters + secondNormalization.parameters
    if let projection, let projectionNormalization {
      all += projection.parameters + projectionNormalization.parameters
    }
    return all
  }

  public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
    var main = first.forward(input, mode: mode)
    if !isFolded { main = firstNormalization.forward(main, mode: mode) }
    main = firstActivation.forward(main, mode: mode)
    main = second.forward(main, mode: mode)
    if !isFolded { main = secondNormalization.forward(main, mode: mode) }
    if let projection, let projectionNormalization {
      var shortcut = projection.forward(input, mode: mode)
      if !isFolded { shortcut = projectionNormalization.forward(shortcut, mode: mode) }
      main.add(shortcut)
    } else {
      main.add(input)
    }
    return outputActivation.forward(main, mode: mode)
  }

  public func forwardInference(_ value: inout Tensor) {
    var main = first.forward(value, mode: .inference)
    if !isFolded { main = firstNormalization.forward(main, mode: .inference) }
    ReLU.rectify(&main)
    main = second.forward(main, mode: .inference)
    if !isFolded { main = secondNormalization.forward(main, mode: .inference) }
    if let projection, let projectionNormalization {
      var shortcut = projection.forward(value, mode: .inference)
      if !isFolded { shortcut = projectionNormalization.forward(shortcut, mode: .inference) }
      main.add(shortcut)
    } else {
      main.add(value)
    }
    ReLU.rectify(&main)
    value = main
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    precondition(!isFolded, "ResidualBlock: a folded (inference) block cannot be trained")
    let sumGradient = outputActivation.backward(outputGradient)
    var gradient = secondNormalization.backward(sumGradient)
    gradient = second.backward(gradient)
    gradient = firstActivation.backward(gradient)
    gradient = firstNormalization.backward(gradient)
    var inputGradient = first.backward(gradient)
    if let projection, let projectionNormalization {
      inputGradient.add(projection.backward(projectionNormalization.backward(sumGradient)))
    } else {
      inputGradient.add(sumGradient)
    }
    return inputGradient
  }

  /// Folds each batch normalisation into the convolution before it (inference only).
  func foldNormalizations() {
    guard !isFolded else { return }
    BatchNormalizationFolding.fold(firstNormalization, into: first)
    BatchNormalizationFolding.fold(secondNormalization, into: second)
    if let projection, let projectionNormalization {
      BatchNormalizationFolding.fold(projectionNormalization, into: projection)
    }
    isFolded = true
  }
}
