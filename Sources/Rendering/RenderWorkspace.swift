/// Scratch memory for `Renderer`: per-band accumulation buffers with margins wide enough that a
/// stamp never needs clipping in x. Reuse one per task (it is not `Sendable`) to avoid
/// allocating and faulting in fresh pages for every image.
public final class RenderWorkspace {
  var buffer: [Float] = []

  public init() {}

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
}
