import Foundation
import LinearAlgebra
import Network

/// `starmill bench network`: the bundled ResNet (`NetworkArchitecture.starmillResNet`, 3×64×64
/// input, 6 outputs) — inference images/s (batch 64, batch norm folded) and training images/s
/// (forward + backward + AdamW, batch 64) at 1 and 2 BLAS threads, on random inputs.
/// `scripts/bench-network-torch.py` times the same architecture in PyTorch for comparison.
public enum NetworkBenchmark {
  public static let benchmark = Benchmark(
    name: "network",
    summary: "bundled ResNet 3×64×64: inference and training images/s at 1 and 2 threads (batch 64)"
  ) { quick in
    [try table(size: quick ? 16 : 64, batch: quick ? 8 : 64, repetitions: quick ? 1 : 5)]
  }

  static func table(size: Int, batch: Int, repetitions: Int) throws -> BenchmarkTable {
    let architecture = NetworkArchitecture.starmillResNet(bands: 3, height: size, width: size, outputs: 6)
    let network = try Sequential(architecture: architecture)
    network.initializeWeights(seed: 1)
    let folded = try network.foldedForInference()
    var state: UInt64 = 99
    let input = Tensor(
      shape: [batch, 3, size, size],
      data: (0..<(batch * 3 * size * size)).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int64(bitPattern: state >> 11) % 2000) / 1000 - 1
      })
    let targets = [Float](repeating: 0.1, count: batch * 3)
    let optimizer = AdamW()
    var rows: [[String]] = []
    let previous = OpenBLAS.threadCount
    defer { OpenBLAS.setThreadCount(previous) }
    for threads in [1, 2] {
      OpenBLAS.setThreadCount(threads)
      _ = folded.forward(input, mode: .inference)
      let inference = Stopwatch.medianSeconds(repetitions: repetitions) {
        _ = folded.forward(input, mode: .inference)
      }
      let parallel = try BatchParallelInference(network: network, threads: threads)
      _ = parallel.forward(input)
      let split = Stopwatch.medianSeconds(repetitions: repetitions) { _ = parallel.forward(input) }
      let unfolded = Stopwatch.medianSeconds(repetitions: repetitions) {
        _ = network.forward(input, mode: .inference)
      }
      network.trainingStep(
        input: input, targets: targets, loss: .gaussianNegativeLogLikelihood, optimizer: optimizer, learningRate: 1e-4)
      let training = Stopwatch.medianSeconds(repetitions: repetitions) {
        network.trainingStep(
          input: input, targets: targets, loss: .gaussianNegativeLogLikelihood, optimizer: optimizer,
          learningRate: 1e-4)
      }
      rows.append([
        "\(threads)", String(format: "%.0f", Double(batch) / inference),
        String(format: "%.0f", Double(batch) / split),
        String(format: "%.0f", Double(batch) / unfolded),
        String(format: "%.0f", Double(batch) / training),
      ])
    }
    let macs = Double(architecture.multiplyAddsPerImage)
    return BenchmarkTable(
      title: "bundled ResNet, \(size)×\(size)×3, batch \(batch) (OpenBLAS core \(OpenBLAS.coreName))",
      columns: [
        "threads", "inference img/s (BN folded)", "inference img/s (folded, batch split over threads)",
        "inference img/s (BN)", "training img/s",
      ],
      rows: rows,
      notes: [
        String(format: "%.1f M multiply-adds per image forward; %d parameters", macs / 1e6, network.parameterCount),
        "median of \(repetitions) batches; training = forward + backward + AdamW update",
        "BN folded: one network, OpenBLAS threads = threads; batch split: one folded copy per thread on its "
          + "share of the batch, single-threaded BLAS (BatchParallelInference, what `check` uses)",
        "PyTorch CPU for the same architecture: python3 scripts/bench-network-torch.py (if torch is installed)",
      ])
  }
}
