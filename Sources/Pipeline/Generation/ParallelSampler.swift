import Foundation

/// Runs `work(i)` for every index of a range on `threadCount` threads and returns the results
/// in index order. Each index is computed exactly once, by whichever thread takes it next; the
/// result depends only on the index, so the output is the same whatever the thread count. With
/// more than one thread the work runs on an `OrderedParallelSampler`'s workers.
///
/// Stops early and rethrows the first failure in index order; when `shouldStop()` becomes true it
/// throws `GenerationInterrupted`.
public enum ParallelSampler {
  public static func map<Result: Sendable>(
    _ indices: Range<Int>, threadCount: Int, shouldStop: @escaping @Sendable () -> Bool = { false },
    _ work: @escaping @Sendable (Int) throws -> Result
  ) throws -> [Result] {
    if indices.isEmpty { return [] }
    guard threadCount > 1, indices.count > 1 else {
      return try indices.map { index in
        if shouldStop() { throw GenerationInterrupted() }
        return try work(index)
      }
    }
    let sampler = OrderedParallelSampler(
      Array(indices), threadCount: min(threadCount, indices.count), shouldStop: shouldStop, work)
    defer { sampler.cancel() }
    return try indices.map { _ in try sampler.next() }
  }
}

/// Generation stopped because the user asked (Ctrl-C / SIGTERM); complete shards are kept.
public struct GenerationInterrupted: Error, CustomStringConvertible {
  public init() {}
  public var description: String { "interrupted: complete shards are kept; rerun with --resume to finish" }
}
