/// Choosing `OPENBLAS_CORETYPE`, the kernel set OpenBLAS uses, from the CPU's feature flags.
///
/// Why: OpenBLAS picks its kernels when it loads. Debian 12's OpenBLAS 0.3.21 does not know
/// recent Intel CPUs (family 6 model 207) and falls back to "Prescott" (SSE3): sgemm then runs at
/// ~1/4 of the AVX-512 speed (../shared/docs/swift-c-interop.md, pitfall 6). The variable must be
/// in the environment *before the process starts*; `starmill` re-executes itself with it
/// (StarmillCLI's `OpenBLASCoreTypeLaunch`), and `scripts/openblas-coretype.sh` (used by the
/// Makefile, hence `make test`) prints the same choice from the same table.
///
/// The table (the flags each OpenBLAS 0.3.21 kernel set executes; forcing one the CPU lacks dies
/// with SIGILL, as `OPENBLAS_CORETYPE=SkylakeX` does on the AMD EPYC machines):
///
/// | core        | needs                                    |
/// |-------------|------------------------------------------|
/// | SkylakeX    | avx512f avx512bw avx512dq avx512vl avx2 fma |
/// | Haswell     | avx2 fma                                 |
/// | Sandybridge | avx                                      |
///
/// Measured with `starmill bench gemm` (release; sgemm 256×576·576×4096, 1 thread, 3 interleaved
/// runs each on a shared machine at load ≈ 10 on 2 cores, so absolute numbers are low and noisy):
/// on the AMD EPYC (AVX2, no AVX-512) OpenBLAS detects "Zen" by itself (17–20 GFLOP/s);
/// `OPENBLAS_CORETYPE=Haswell` runs at the same speed (17–27), `Zen` likewise (16–23),
/// `Prescott` 4.1–4.7 (the misdetection's cost, ~4×), and `SkylakeX` dies with SIGILL. So no
/// override is made there; on the AVX-512 Xeon OpenBLAS detects "Prescott" and the override to
/// SkylakeX gives ~4× (141 vs 32.5 GFLOP/s, shared interop guide §5).
public enum OpenBLASCoreType {
  /// The kernel sets Starmill may choose, best first, with the CPU flags each needs.
  public static let choices: [(core: String, requiredFlags: Set<String>)] = [
    ("SkylakeX", ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma"]),
    ("Haswell", ["avx2", "fma"]),
    ("Sandybridge", ["avx"]),
  ]

  /// The SIMD tier of an OpenBLAS core name (case-insensitive): 3 AVX-512, 2 AVX2, 1 AVX,
  /// 0 older (SSE-only) kernels; nil for a name this table does not know (a newer OpenBLAS).
  public static func tier(ofCore name: String) -> Int? {
    switch name.lowercased() {
    case "skylakex", "cooperlake", "sapphirerapids": return 3
    case "haswell", "zen": return 2
    case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": return 1
    case "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn", "dunnington",
      "nehalem", "athlon", "opteron", "opteron(sse3)", "barcelona", "nano", "bobcat":
      return 0
    default: return nil
    }
  }

  /// The flags of the first processor in the text of `/proc/cpuinfo` (its `flags` line).
  public static func cpuFlags(fromCPUInfo text: String) -> Set<String> {
    Set((CPUInfo.firstProcessorFields(text)["flags"] ?? "").split(separator: " ").map(String.init))
  }

  /// The best kernel set whose flags the CPU has; nil when none of the table's applies.
  public static func recommended(cpuFlags: Set<String>) -> String? {
    choices.first { $0.requiredFlags.isSubset(of: cpuFlags) }?.core
  }

  /// Flags the CPU lacks for `core` (non-empty means forcing it would crash with SIGILL); nil
  /// when `core` is not in the table.
  public static func missingFlags(forCore core: String, cpuFlags: Set<String>) -> Set<String>? {
    choices.first { $0.core.lowercased() == core.lowercased() }.map { $0.requiredFlags.subtracting(cpuFlags) }
  }

  /// The `OPENBLAS_CORETYPE` to restart with, or nil to keep what OpenBLAS chose.
  ///
  /// Overrides only when the user has not set the variable (`environmentValue` nil or empty)
  /// and OpenBLAS's own choice `detectedCore` is a known kernel set of a lower tier than the
  /// CPU supports. An unknown detected name is trusted (a newer OpenBLAS knows more than us).
  public static func override(detectedCore: String, cpuFlags: Set<String>, environmentValue: String?) -> String? {
    if let environmentValue, !environmentValue.isEmpty { return nil }
    guard let best = recommended(cpuFlags: cpuFlags), let bestTier = tier(ofCore: best),
      let detectedTier = tier(ofCore: detectedCore), detectedTier < bestTier
    else { return nil }
    return best
  }
}
