extension Sequential {
  /// One optimisation step on a batch: zero the gradients, forward in training mode, evaluate
  /// `loss` against `targets` (`[N·P]`, standardised), backward, and let `optimizer` update the
  /// trainable parameters with `learningRate`. Returns the batch loss (before the update).
  @discardableResult
  public func trainingStep(
    input: Tensor, targets: [Float], loss: LossFunction, optimizer: AdamW, learningRate: Double
  ) -> Double {
    zeroGradients()
    let prediction = forward(input, mode: .training)
    let (value, gradient) = loss.evaluate(prediction: prediction, targets: targets)
    _ = backward(gradient)
    optimizer.update(trainableParameters, learningRate: learningRate)
    return value
  }
}
