import Foundation
import Synchronization

/// Runs `work(i)` for every index of a range on `threadCount` threads and returns the results
/// in index order. Each index is computed exactly once, by whichever thread takes it next; the
/// result depends only on the index, so the output is the same whatever the thread count.
///
/// Stops early (and rethrows) on the first error or when `shouldStop()` becomes true, in which
/// case it throws `GenerationInterrupted`.
public enum ParallelSampler {
  public static func map<Result: Sendable>(
    _ indices: Range<Int>, threadCount: Int, shouldStop: @escaping @Sendable () -> Bool = { false },
    _ work: @escaping @Sendable (Int) throws -> Result
  ) throws -> [Result] {
    let count = indices.count
    if count == 0 { return [] }
    let state = Mutex(MapState<Result>(count: count))
    let next = Atomic<Int>(0)
    let workers = max(1, min(threadCount, count))

    let body: @Sendable () -> Void = {
      while true {
        if shouldStop() {
          state.withLock { $0.interrupted = true }
          return
        }
        if state.withLock({ $0.failure != nil }) { return }
        let offset = next.wrappingAdd(1, ordering: .relaxed).oldValue
        if offset >= count { return }
        do {
          let result = try work(indices.lowerBound + offset)
          state.withLock { $0.results[offset] = result }
        } catch {
          state.withLock { if $0.failure == nil { $0.failure = error } }
          return
        }
      }
    }
    if workers == 1 {
      body()
    } else {
      let group = DispatchGroup()
      var threads: [Thread] = []
      for _ in 0..<workers {
        group.enter()
        let thread = Thread {
          body()
          group.leave()
        }
        thread.stackSize = 8 << 20
        threads.append(thread)
      }
      threads.forEach { $0.start() }
      group.wait()
    }
    return try state.withLock { state in
      if let failure = state.failure { throw failure }
      if state.interrupted { throw GenerationInterrupted() }
      return state.results.map { $0! }
    }
  }
}

struct MapState<Result: Sendable>: Sendable {
  var results: [Result?]
  var failure: (any Error)?
  var interrupted = false
  init(count: Int) { results = Array(repeating: nil, count: count) }
}

/// Generation stopped because the user asked (Ctrl-C / SIGTERM); complete shards are kept.
public struct GenerationInterrupted: Error, CustomStringConvertible {
  public init() {}
  public var description: String { "interrupted: complete shards are kept; rerun with --resume to finish" }
}
