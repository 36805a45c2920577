/// Folding inference-mode batch normalisation into the convolution that feeds it:
/// `BN(W∗x + b) = a·(W∗x + b) + c = (a·W)∗x + (a·b + c)` per output channel, with
/// `a = γ/√(σ²_running + ε)` and `c = β − a·μ_running`. The folded convolution gives the same
/// inference output with one pass fewer over every feature map.
enum BatchNormalizationFolding {
  static func fold(_ normalization: BatchNormalization2D, into convolution: Convolution2D) {
    precondition(normalization.channels == convolution.outputChannels)
    let (multiplier, offset) = normalization.inferenceAffine
    let perChannel = convolution.weight.count / convolution.outputChannels
    for channel in 0..<convolution.outputChannels {
      for index in 0..<perChannel {
        convolution.weight.value[channel * perChannel + index] *= multiplier[channel]
      }
    }
    let bias = convolution.ensureBias(name: "\(convolution.weight.name).folded_bias")
    for channel in 0..<convolution.outputChannels {
      bias.value[channel] = multiplier[channel] * bias.value[channel] + offset[channel]
    }
  }
}
