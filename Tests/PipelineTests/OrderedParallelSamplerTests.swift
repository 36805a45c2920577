import Foundation
import Synchronization
import Testing

@testable import Pipeline

/// `OrderedParallelSampler` hands results over in list order whatever the threads' timing, each
/// index computed once; failures and interruptions arrive after every result before them; no
/// worker outlives `cancel()`.
@Suite struct OrderedParallelSamplerTests {
  /// Work whose duration varies with the index, so workers finish out of order.
  static func work(_ index: Int) -> Int {
    usleep(UInt32((index * 7919) % 5) * 200)
    return index * index
  }

  @Test(arguments: [1, 2, 3]) func resultsArriveInListOrder(threads: Int) throws {
    let indices = Array(stride(from: 5, to: 405, by: 2))
    let calls = Atomic<Int>(0)
    let sampler = OrderedParallelSampler(indices, threadCount: threads, shouldStop: { false }) { index in
      calls.add(1, ordering: .relaxed)
      return Self.work(index)
    }
    var received: [Int] = []
    for _ in indices { received.append(try sampler.next()) }
    sampler.cancel()
    #expect(received == indices.map { $0 * $0 })
    #expect(calls.load(ordering: .relaxed) == indices.count)
  }

  @Test func failureArrivesAfterEveryEarlierResult() throws {
    struct Failure: Error {}
    let sampler = OrderedParallelSampler(Array(0..<300), threadCount: 2, shouldStop: { false }) { index in
      if index == 150 { throw Failure() }
      return Self.work(index)
    }
    for index in 0..<150 { #expect(try sampler.next() == index * index) }
    #expect(throws: Failure.self) { _ = try sampler.next() }
    sampler.cancel()
  }

  @Test func interruptionArrivesAfterEveryEarlierResult() throws {
    let started = Atomic<Int>(0)
    let sampler = OrderedParallelSampler(
      Array(0..<1000), threadCount: 2, shouldStop: { started.load(ordering: .relaxed) >= 40 }
    ) { index in
      started.add(1, ordering: .relaxed)
      return Self.work(index)
    }
    var received = 0
    do {
      while true {
        #expect(try sampler.next() == received * received)
        received += 1
      }
    } catch is GenerationInterrupted {
    } catch {
      Issue.record("unexpected \(error)")
    }
    // Every index taken before the stop was seen is delivered: at least the 40 that started.
    #expect(received >= 40 && received < 1000)
    sampler.cancel()
  }

  /// A consumer that stops early (a failed write) cancels: the workers, blocked on the full
  /// window or computing, all return, and no index is computed afterwards.
  @Test func cancelStopsAndJoinsTheWorkers() throws {
    let calls = Atomic<Int>(0)
    let sampler = OrderedParallelSampler(Array(0..<10_000), threadCount: 2, shouldStop: { false }) { index in
      calls.add(1, ordering: .relaxed)
      return Self.work(index)
    }
    _ = try sampler.next()
    sampler.cancel()
    let afterCancel = calls.load(ordering: .relaxed)
    #expect(afterCancel <= 1 + OrderedParallelSampler<Int>.windowPerThread * 2)
    usleep(20_000)
    #expect(calls.load(ordering: .relaxed) == afterCancel)
  }

  /// `ParallelSampler.map` (the inline loop on one thread, the ordered sampler on more) returns
  /// the same results in index order, and throws a failure or an interruption.
  @Test(arguments: [1, 2, 3]) func mapReturnsResultsInIndexOrder(threads: Int) throws {
    #expect(try ParallelSampler.map(10..<110, threadCount: threads) { Self.work($0) } == (10..<110).map { $0 * $0 })
    #expect(try ParallelSampler.map(0..<0, threadCount: threads) { $0 }.isEmpty)
    struct Failure: Error {}
    #expect(throws: Failure.self) {
      _ = try ParallelSampler.map(0..<50, threadCount: threads) { index in
        if index == 30 { throw Failure() }
        return index
      }
    }
    #expect(throws: GenerationInterrupted.self) {
      _ = try ParallelSampler.map(0..<50, threadCount: threads, shouldStop: { true }) { $0 }
    }
  }
}
