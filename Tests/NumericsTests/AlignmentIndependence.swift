/// Runs `forward` then `inverse` (in place, on `values.count` floats) on `values` copied to a
/// 64-byte-aligned buffer and again to one float past it, where FFTW sees a different alignment
/// and the plans transform through their own buffer: whether both give the same bits.
func forwardAndInverseGiveTheSameBitsWhenShifted(
  _ values: [Float], forward: (UnsafeMutablePointer<Float>) -> Void, inverse: (UnsafeMutablePointer<Float>) -> Void
) -> Bool {
  let count = values.count
  let raw = UnsafeMutableRawPointer.allocate(byteCount: (count + 16) * 4, alignment: 64)
  defer { raw.deallocate() }
  let aligned = raw.bindMemory(to: Float.self, capacity: count + 16)
  aligned.update(from: values, count: count)
  forward(aligned)
  inverse(aligned)
  let expected = Array(UnsafeBufferPointer(start: aligned, count: count))
  let shifted = aligned + 1
  shifted.update(from: values, count: count)
  forward(shifted)
  inverse(shifted)
  return (0..<count).allSatisfy { shifted[$0].bitPattern == expected[$0].bitPattern }
}
