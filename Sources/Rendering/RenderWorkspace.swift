import Numerics

/// Scratch memory for `Renderer`: per-band accumulation buffers with margins wide enough that a
/// stamp never needs clipping in x, the deposit planes, the FFT buffers and the FFT plan. Reuse one per
/// task (it is not `Sendable`) to avoid allocating and faulting in fresh pages, and rebuilding
/// FFT wavetables, for every image. Its contents never influence a result: every buffer is
/// cleared before use.
public final class RenderWorkspace {
  var buffer: [Float] = []
  var wing: UnsafeMutablePointer<Double>?
  var wingCount = 0
  var wingScratch: UnsafeMutablePointer<Double>?
  var wingScratchCount = 0
  var planes: UnsafeMutablePointer<Double>?
  var planesCount = 0
  var plan: FFT2D.Plan?

  public init() {}

  deinit {
    wing?.deallocate()
    wingScratch?.deallocate()
    planes?.deallocate()
  }

  private static func allocateAligned(_ count: Int) -> UnsafeMutablePointer<Double> {
    UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Double>.stride, alignment: 64)
      .bindMemory(to: Double.self, capacity: count)
  }

  /// Zeroed storage of at least `count` floats.
  func zeroed(count: Int) {
    if buffer.count < count {
      buffer = [Float](repeating: 0, count: count)
    } else {
      buffer.withUnsafeMutableBufferPointer { pointer in
        pointer.baseAddress!.update(repeating: 0, count: count)
      }
    }
  }

  /// Zeroed deposit planes of `planeCount` doubles, the pair buffers of `count` doubles (not
  /// cleared: `DepositConvolution.convolve` overwrites them), scratch of `scratchCount`, and a plan of
  /// the given size.
  func wingBuffers(planeCount: Int, count: Int, scratchCount: Int, width: Int, height: Int) -> (
    planes: UnsafeMutablePointer<Double>, pairs: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>,
    plan: FFT2D.Plan
  ) {
    if planesCount < planeCount {
      planes?.deallocate()
      planes = Self.allocateAligned(planeCount)
      planesCount = planeCount
    }
    planes!.update(repeating: 0, count: planeCount)
    // 64-byte aligned: the FFT then runs in place (FFT2D.Plan copies unaligned buffers).
    if wingCount < count {
      wing?.deallocate()
      wing = Self.allocateAligned(count)
      wingCount = count
    }
    if wingScratchCount < scratchCount {
      wingScratch?.deallocate()
      wingScratch = Self.allocateAligned(scratchCount)
      wingScratchCount = scratchCount
    }
    if plan == nil || plan!.width != width || plan!.height != height {
      plan = try! FFT2D.Plan(width: width, height: height)
    }
    return (planes!, wing!, wingScratch!, plan!)
  }
}
