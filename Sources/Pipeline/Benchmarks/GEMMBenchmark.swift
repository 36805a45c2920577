import Foundation
import LinearAlgebra

/// `starmill bench gemm`: OpenBLAS sgemm throughput on a CNN-layer shape (im2col + GEMM:
/// 256 output channels × 576 = 3·3·64 patch values · 4096 = 64×64 positions; 1.21 GFLOP per
/// call), at 1 and 2 BLAS threads, with the kernel set and the library that provides
/// `cblas_sgemm`. Compare runs with and without `OPENBLAS_CORETYPE` in the environment to see
/// what the kernel choice is worth (the variable only takes effect at process start).
public enum GEMMBenchmark {
  public static let benchmark = Benchmark(
    name: "gemm",
    summary: "OpenBLAS sgemm 256×576·576×4096 GFLOP/s at 1 and 2 threads, with the core type in use"
  ) { quick in
    [table(m: quick ? 32 : 256, k: quick ? 64 : 576, n: quick ? 128 : 4096, repetitions: quick ? 1 : 9)]
  }

  static func table(m: Int, k: Int, n: Int, repetitions: Int) -> BenchmarkTable {
    let generator = SplitMixFloats(seed: 2019)
    let a = (0..<(m * k)).map { _ in generator.next() }
    let b = (0..<(k * n)).map { _ in generator.next() }
    var c = [Float](repeating: 0, count: m * n)
    let flop = 2 * Double(m) * Double(n) * Double(k)
    var rows: [[String]] = []
    for threads in [1, 2] {
      let seconds = OpenBLAS.withThreadCount(threads) {
        GEMM.multiply(m: m, n: n, k: k, a: a, b: b, c: &c)  // warm-up: thread pool, page faults
        return Stopwatch.medianSeconds(repetitions: repetitions) {
          GEMM.multiply(m: m, n: n, k: k, a: a, b: b, c: &c)
        }
      }
      rows.append([
        "\(m)×\(k)·\(k)×\(n)", "\(threads)", String(format: "%.2f", seconds * 1e3),
        String(format: "%.1f", flop / seconds / 1e9),
      ])
    }
    return BenchmarkTable(
      title: "sgemm (OpenBLAS core \(OpenBLAS.coreName))",
      columns: ["shape", "threads", "ms (median of \(repetitions))", "GFLOP/s"],
      rows: rows,
      notes: [
        "core: \(OpenBLAS.coreName); config: \(OpenBLAS.configuration)",
        "cblas_sgemm from: \(MappedFiles.sgemmProvider ?? "unknown")",
      ])
  }
}

/// Deterministic inputs in [−1, 1) without a GSL dependency in the benchmark's hot setup.
private final class SplitMixFloats {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  func next() -> Float {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Float(z >> 40) / Float(1 << 23) - 1
  }
}
