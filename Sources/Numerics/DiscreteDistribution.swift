internal import CGSL

/// A distribution over the indices `0..<weights.count` with probabilities ∝ `weights`, sampled
/// in O(1) by Walker's alias method (Walker 1977, ACM TOMS 3, 253) through GSL's
/// `gsl_ran_discrete`.
///
/// Thread safety: the alias table is built in `init` and only read by `sample`, so a value can
/// be shared between tasks (each task passes its own `RandomGenerator`).
public struct DiscreteDistribution: Sendable {
  private let table: AliasTable
  /// The normalised probabilities, summing to 1.
  public let probabilities: [Double]

  /// Throws when `weights` is empty, has a negative or non-finite entry (naming its index), or
  /// sums to zero.
  public init(weights: [Double]) throws {
    GSLRuntime.configureOnce()
    let operation = "DiscreteDistribution with \(weights.count) weights"
    guard !weights.isEmpty else {
      throw NumericsError(operation: operation, reason: "needs at least one weight")
    }
    var sum = 0.0
    for (index, weight) in weights.enumerated() {
      guard weight.isFinite, weight >= 0 else {
        throw NumericsError(
          operation: operation, reason: "weights must be finite and ≥ 0, but weights[\(index)] = \(weight)")
      }
      sum += weight
    }
    guard sum > 0 else { throw NumericsError(operation: operation, reason: "the weights sum to 0") }
    probabilities = weights.map { $0 / sum }
    table = try AliasTable(weights: weights, operation: operation)
  }

  /// The number of outcomes.
  public var count: Int { probabilities.count }

  /// One index in `0..<count`, drawn with probability `probabilities[index]`.
  public func sample(_ generator: RandomGenerator) -> Int {
    Int(gsl_ran_discrete(generator.handle, table.pointer))
  }
}

/// Owns GSL's alias table; immutable after `init` (`gsl_ran_discrete` only reads it), hence
/// `@unchecked Sendable`.
private final class AliasTable: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<gsl_ran_discrete_t>

  init(weights: [Double], operation: String) throws {
    guard let table = gsl_ran_discrete_preproc(weights.count, weights) else {
      throw NumericsError(operation: operation, reason: "gsl_ran_discrete_preproc failed")
    }
    pointer = table
  }

  deinit { gsl_ran_discrete_free(pointer) }
}
