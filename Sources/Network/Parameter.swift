/// A named array of the network's state: a trainable weight or a running statistic.
///
/// Names are paths (`layers.3.conv1.weight`) and are the keys of the model file, so a model
/// written by one build loads in another as long as the architecture description matches.
public final class Parameter {
  /// What the optimiser does with a parameter.
  public enum Role: Sendable, Equatable {
    /// Trained, with decoupled weight decay (convolution and dense weights).
    case weight
    /// Trained without weight decay (biases, batch-normalisation scale and shift).
    case undecayed
    /// Not trained: running statistics updated by the forward pass (batch normalisation).
    case statistic
  }

  public let name: String
  public let shape: [Int]
  public let role: Role
  public var value: [Float]
  /// The loss gradient, accumulated by `backward`; cleared by `zeroGradient()`.
  public var gradient: [Float]

  public init(name: String, shape: [Int], role: Role, value: [Float]) {
    precondition(shape.reduce(1, *) == value.count, "Parameter \(name): shape \(shape) holds \(value.count) values")
    self.name = name
    self.shape = shape
    self.role = role
    self.value = value
    self.gradient = [Float](repeating: 0, count: role == .statistic ? 0 : value.count)
  }

  public convenience init(name: String, shape: [Int], role: Role, filledWith fill: Float) {
    self.init(name: name, shape: shape, role: role, value: [Float](repeating: fill, count: shape.reduce(1, *)))
  }

  public var count: Int { value.count }
  public var isTrainable: Bool { role != .statistic }

  public func zeroGradient() {
    guard isTrainable else { return }
    gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }
}
