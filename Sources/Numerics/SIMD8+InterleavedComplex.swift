/// Lane shuffles of four interleaved complex values (re, im, re, im, …) in a `SIMD8<Float>`,
/// used by the real-field FFT plan's passes and the renderer's spectral products. Each only moves
/// or negates lanes, so it is exact: the arithmetic built from them rounds as the scalar
/// expressions it mirrors (`package`, `@inlinable`: inlined into other modules' loops).
extension SIMD8 where Scalar == Float {
  /// The four complex values in reverse order.
  @inlinable @inline(__always) package var complexReversed: SIMD8<Float> {
    SIMD8(self[6], self[7], self[4], self[5], self[2], self[3], self[0], self[1])
  }

  /// The complex conjugates.
  @inlinable @inline(__always) package var conjugated: SIMD8<Float> {
    SIMD8(self[0], -self[1], self[2], -self[3], self[4], -self[5], self[6], -self[7])
  }

  /// i · v = (−Im v, Re v) per value.
  @inlinable @inline(__always) package var timesI: SIMD8<Float> {
    SIMD8(-self[1], self[0], -self[3], self[2], -self[5], self[4], -self[7], self[6])
  }

  /// v / i = (Im v, −Re v) per value.
  @inlinable @inline(__always) package var dividedByI: SIMD8<Float> {
    SIMD8(self[1], -self[0], self[3], -self[2], self[5], -self[4], self[7], -self[6])
  }

  /// Each value's real part in both of its lanes.
  @inlinable @inline(__always) package var realParts: SIMD8<Float> {
    SIMD8(self[0], self[0], self[2], self[2], self[4], self[4], self[6], self[6])
  }

  /// Each value's imaginary part in both of its lanes.
  @inlinable @inline(__always) package var imaginaryParts: SIMD8<Float> {
    SIMD8(self[1], self[1], self[3], self[3], self[5], self[5], self[7], self[7])
  }
}
