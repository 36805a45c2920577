import Rendering

extension RenderWorkspace {
  private static let threadKey = "org.starmill.renderWorkspace"

  /// The calling thread's own workspace, created on first use and kept for the thread's life.
  ///
  /// `DatasetPlan.simulate` runs concurrently on several threads (`ParallelSampler`); a workspace
  /// per thread reuses buffers and the wing FFT plan across samples without sharing scratch
  /// memory. A workspace holds no state that reaches a result, so samples stay bit-identical
  /// whatever thread renders them.
  static func forCurrentThread() -> RenderWorkspace {
    perThreadInstance(key: threadKey) { RenderWorkspace() }
  }
}
