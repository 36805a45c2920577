import Foundation
import Synchronization

/// Computes `work(i)` for a list of indices on `threadCount` worker threads and hands the results
/// to one consumer in list order, each as soon as it and those before it are ready
/// (`ShardedGeneration` writes each sample into its shard while the workers simulate the next).
///
/// Each index is computed exactly once, by whichever worker takes it next; the result depends only
/// on the index, so what the consumer receives is the same whatever the thread count. At most
/// `window` results are computed ahead of the consumer (taken and not yet consumed), which bounds
/// the memory held.
///
/// A worker checks `shouldStop()` before it takes an index; once it is true, the index it takes
/// yields `GenerationInterrupted`. A failed `work` yields its error. Either way the workers take no
/// further index, and the consumer receives every result before the failure, then the failure.
/// `cancel()` (also on release) stops the workers and waits for them: no worker outlives it.
final class OrderedParallelSampler<Value: Sendable> {
  private let shared: Shared
  private let finished = DispatchGroup()
  private var consumed = 0
  private var cancelled = false

  /// Results held ahead of the consumer at most, per worker thread (64 for two workers: ≈ 5 MB of
  /// 3 × 80 × 80 images, ≈ 45 ms of simulation, so a shard's completion never stalls a worker).
  static var windowPerThread: Int { 32 }

  init(
    _ indices: [Int], threadCount: Int, shouldStop: @escaping @Sendable () -> Bool,
    _ work: @escaping @Sendable (Int) throws -> Value
  ) {
    let workers = max(1, threadCount)
    shared = Shared(
      indices: indices, window: Self.windowPerThread * workers, shouldStop: shouldStop, work: work)
    for _ in 0..<workers {
      finished.enter()
      let (shared, finished) = (shared, finished)
      let thread = Thread {
        shared.runWorker()
        finished.leave()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  deinit { cancel() }

  /// The next index's result, in list order (blocks until it is ready); rethrows its failure.
  func next() throws -> Value {
    precondition(consumed < shared.indices.count && !cancelled, "no result left to consume")
    let slot = consumed % shared.window
    shared.ready[slot].wait()
    let result = shared.slots.withLock { slots in
      defer { slots[slot] = nil }
      return slots[slot]!
    }
    consumed += 1
    shared.space.signal()
    return try result.get()
  }

  /// Stops the workers (each finishes the index it holds) and waits until all have returned.
  func cancel() {
    guard !cancelled else { return }
    cancelled = true
    shared.stopped.store(true, ordering: .relaxed)
    for _ in 0..<shared.window { shared.space.signal() }
    finished.wait()
  }

  /// What the workers share with the consumer.
  private final class Shared: Sendable {
    let indices: [Int]
    let window: Int
    let shouldStop: @Sendable () -> Bool
    let work: @Sendable (Int) throws -> Value
    /// Result of list position p at slot p % window until consumed.
    let slots: Mutex<[Result<Value, any Error>?]>
    /// Signalled when slot s holds a result.
    let ready: [DispatchSemaphore]
    /// Free slots: a worker takes one before it takes an index; the consumer frees one per result.
    let space: DispatchSemaphore
    let nextPosition = Atomic<Int>(0)
    let stopped = Atomic<Bool>(false)

    init(
      indices: [Int], window: Int, shouldStop: @escaping @Sendable () -> Bool,
      work: @escaping @Sendable (Int) throws -> Value
    ) {
      self.indices = indices
      self.window = window
      self.shouldStop = shouldStop
      self.work = work
      slots = Mutex(Array(repeating: nil, count: window))
      ready = (0..<window).map { _ in DispatchSemaphore(value: 0) }
      space = DispatchSemaphore(value: window)
    }

    func runWorker() {
      while true {
        space.wait()
        // Taken and not consumed: positions consumed..<p + 1, at most `window` (one free slot per
        // taken position), so slot p % window was freed by position p − window.
        if stopped.load(ordering: .relaxed) {
          space.signal()
          return
        }
        let interrupted = shouldStop()
        let position = nextPosition.wrappingAdd(1, ordering: .relaxed).oldValue
        if position >= indices.count {
          space.signal()
          return
        }
        let result: Result<Value, any Error> =
          interrupted ? .failure(GenerationInterrupted()) : Result { try work(indices[position]) }
        if case .failure = result { stopped.store(true, ordering: .relaxed) }
        slots.withLock { $0[position % window] = result }
        ready[position % window].signal()
      }
    }
  }
}
