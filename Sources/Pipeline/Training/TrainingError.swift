/// Why a training or checking run cannot go on, with what to change.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
  case noShards
  case tooFewSamples(String)
  case checkpoint(path: String, problem: String)
  case incompatibleShard(path: String, problem: String)
  case options(String)

  public var description: String {
    switch self {
    case .noShards: "no shard files given"
    case .tooFewSamples(let problem): problem
    case .checkpoint(let path, let problem): "\(path): \(problem)"
    case .incompatibleShard(let path, let problem): "\(path): \(problem)"
    case .options(let problem): problem
    }
  }
}
