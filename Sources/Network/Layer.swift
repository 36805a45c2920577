/// Whether a forward pass trains (batch statistics, caches for `backward`) or infers.
public enum ForwardMode: Sendable, Equatable {
  case training
  case inference
}

/// One differentiable stage of a network.
///
/// Contract: `forward` maps an input batch to an output batch; in `.training` mode it keeps what
/// `backward` needs. `backward` takes ∂L/∂output of the latest training forward pass, adds
/// ∂L/∂parameter into each parameter's `gradient`, and returns ∂L/∂input. Layers are reference
/// types holding their parameters and caches: one network belongs to one task at a time.
public protocol Layer: AnyObject {
  func forward(_ input: Tensor, mode: ForwardMode) -> Tensor
  func backward(_ outputGradient: Tensor) -> Tensor
  /// Parameters and statistics, in a fixed order, named relative to this layer.
  var parameters: [Parameter] { get }
  /// The inference forward pass, replacing `value` by this layer's output; layers that can work
  /// in place (ReLU, residual blocks) override it to avoid copying the batch.
  func forwardInference(_ value: inout Tensor)
}

extension Layer {
  public func forwardInference(_ value: inout Tensor) { value = forward(value, mode: .inference) }
}
