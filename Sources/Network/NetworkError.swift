/// What can go wrong building, loading or feeding a network, with the detail a user needs.
public enum NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
  /// An architecture description that does not chain (a layer cannot take its input).
  case architecture(String)
  /// A model file that lacks something or disagrees with its own architecture.
  case modelFile(path: String, problem: String)
  /// Inputs that do not match what the model was trained on.
  case incompatibleInput(String)

  public var description: String {
    switch self {
    case .architecture(let problem): "architecture: \(problem)"
    case .modelFile(let path, let problem): "\(path): \(problem)"
    case .incompatibleInput(let problem): problem
    }
  }
}
