import Numerics

/// Scratch memory for `Renderer`: per-band accumulation buffers (unpadded rows, a guard at both
/// ends), the deposit pair buffers and the FFT plan. Reuse one per
/// task (it is not `Sendable`) to avoid allocating and faulting in fresh pages, and rebuilding
/// FFT wavetables, for every image. Its contents never influence a result: the deposit buffers
/// are cleared before use, and the band buffer is zero between renders (allocated zeroed; every
/// render reads each pixel it wrote once, in its read-back pass, and stores +0 there as it goes;
/// the guards only ever receive +0).
public final class RenderWorkspace {
  var buffer: [Float] = []
  var pairs: UnsafeMutablePointer<Float>?
  var pairsCount = 0
  var plan: FFT2D.PrunedSinglePrecisionPlan?
  var realPlan: FFT2D.PrunedRealSinglePrecisionPlan?

  public init() {}

  deinit {
    pairs?.deallocate()
  }

  private static func allocateAligned(_ count: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
      .bindMemory(to: Float.self, capacity: count)
  }

  /// Makes `buffer` at least `count` floats, all +0: a new allocation when it is smaller, else
  /// the buffer as the last render left it, zero (`Renderer`'s read-back clears every pixel it
  /// reads; the type's contract), so no clearing pass here.
  func cleanBandBuffer(count: Int) {
    if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
  }

  /// Zeroed deposit pair buffers of `count` floats, 64-byte aligned (so the FFT runs in place:
  /// `FFT2D.PrunedSinglePrecisionPlan` copies unaligned buffers) and
  /// a plan of the given size completing the given output rows from input in the given rows, and
  /// when `unpairedBand` the real-field plan of the same size and rows.
  func wingBuffers(
    count: Int, width: Int, height: Int, outputRows: Range<Int>, inputRows: Range<Int>, unpairedBand: Bool
  ) -> (
    pairs: UnsafeMutablePointer<Float>, plan: FFT2D.PrunedSinglePrecisionPlan,
    realPlan: FFT2D.PrunedRealSinglePrecisionPlan?
  ) {
    if pairsCount < count {
      pairs?.deallocate()
      pairs = Self.allocateAligned(count)
      pairsCount = count
    }
    pairs!.update(repeating: 0, count: count)
    if plan == nil || plan!.width != width || plan!.height != height || plan!.outputRows != outputRows
      || plan!.inputRows != inputRows
    {
      plan = try! FFT2D.PrunedSinglePrecisionPlan(
        width: width, height: height, outputRows: outputRows, inputRows: inputRows)
    }
    guard unpairedBand else { return (pairs!, plan!, nil) }
    if realPlan == nil || realPlan!.width != width || realPlan!.height != height
      || realPlan!.outputRows != outputRows || realPlan!.inputRows != inputRows
    {
      // Even sizes (`DepositConvolution`'s are powers of two ≥ 4), rows checked by `plan`.
      realPlan = try! FFT2D.PrunedRealSinglePrecisionPlan(
        width: width, height: height, outputRows: outputRows, inputRows: inputRows)
    }
    return (pairs!, plan!, realPlan)
  }
}
