internal import COpenBLAS

/// The OpenBLAS library this process runs: its kernels and threads.
public enum OpenBLAS {
  /// The kernel set OpenBLAS chose at load time (`openblas_get_corename`), e.g. "Haswell",
  /// "SkylakeX" or, on CPUs this OpenBLAS does not know, a slow fallback such as "Prescott".
  /// It is fixed when the library loads: see `OpenBLASCoreType` for choosing it.
  public static var coreName: String { String(cString: openblas_get_corename()) }

  /// The build configuration string (`openblas_get_config`), e.g.
  /// "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
  public static var configuration: String { String(cString: openblas_get_config()) }

  /// Threads one BLAS call may use (process-wide).
  public static var threadCount: Int { Int(openblas_get_num_threads()) }

  /// Processors OpenBLAS sees.
  public static var processorCount: Int { Int(openblas_get_num_procs()) }

  /// Sets the threads one BLAS call may use, process-wide (`openblas_set_num_threads`). Do not
  /// call it while another thread is inside a BLAS call.
  public static func setThreadCount(_ count: Int) {
    precondition(count >= 1, "OpenBLAS.setThreadCount needs at least 1 thread, got \(count)")
    openblas_set_num_threads(Int32(min(count, Int(Int32.max))))
  }

  /// Runs `body` with `count` BLAS threads, then restores the previous count.
  public static func withThreadCount<Result>(_ count: Int, _ body: () throws -> Result) rethrows -> Result {
    let previous = threadCount
    setThreadCount(count)
    defer { setThreadCount(previous) }
    return try body()
  }

  /// The address that `cblas_sgemm` calls from this module are bound to (taken in C, so it is
  /// the dynamic linker's resolution, not a lookup of our own).
  public static var boundSGEMMAddress: UnsafeRawPointer { copenblas_bound_sgemm_address() }
}
