import Dispatch
import LinearAlgebra

/// Inference split across threads by batch: each thread runs its own folded copy of the network
/// (`Sequential.foldedForInference()`) on a contiguous slice of the batch, with single-threaded
/// BLAS, and the slices' outputs are joined in order.
///
/// Why: the bundled network's matrices are small (16–128 output channels), so OpenBLAS's own
/// threading scales poorly on them (measured: 2 BLAS threads ≈ 1.1× one), while images of a
/// batch are independent. Each image's output is computed by the same layers as in a single
/// `forward`; only how many images share one GEMM changes, which can move the last bits.
///
/// Thread safety: layers keep scratch buffers, so a replica must never run on two threads at
/// once; `forward` gives each replica to exactly one task and returns after all finish. One
/// `BatchParallelInference` must not be used from two threads at the same time.
public final class BatchParallelInference: @unchecked Sendable {
  public let replicas: [Sequential]

  /// Makes `threads` folded copies of `network` (≥ 1).
  public init(network: Sequential, threads: Int) throws {
    precondition(threads >= 1, "BatchParallelInference: threads must be ≥ 1, got \(threads)")
    replicas = try (0..<threads).map { _ in try network.foldedForInference() }
  }

  public var threadCount: Int { replicas.count }

  /// The inference output for `input` (`[N, ...]`), as `forward(input, mode: .inference)` of
  /// the folded network would give it.
  public func forward(_ input: Tensor) -> Tensor {
    let batch = input.batchCount
    let tasks = min(replicas.count, batch)
    if tasks <= 1 { return replicas[0].forward(input, mode: .inference) }
    let item = input.itemCount
    let itemShape = Array(input.shape.dropFirst())
    // Contiguous slices whose sizes differ by at most one.
    let bounds = (0...tasks).map { $0 * batch / tasks }
    var outputs = [Tensor](repeating: Tensor(zeros: [0]), count: tasks)
    let previous = OpenBLAS.threadCount
    OpenBLAS.setThreadCount(1)
    defer { OpenBLAS.setThreadCount(previous) }
    outputs.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let results = buffer.baseAddress!
      DispatchQueue.concurrentPerform(iterations: tasks) { task in
        let slice = Array(input.data[(bounds[task] * item)..<(bounds[task + 1] * item)])
        let part = Tensor(shape: [bounds[task + 1] - bounds[task]] + itemShape, data: slice)
        results[task] = replicas[task].forward(part, mode: .inference)
      }
    }
    let outputShape = Array(outputs[0].shape.dropFirst())
    return Tensor(shape: [batch] + outputShape, data: outputs.flatMap(\.data))
  }
}
