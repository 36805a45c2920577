internal import CGSL

/// sin x and cos x from one libm call (glibc `sincos`): bit for bit the values `sin(x)` and
/// `cos(x)` return (glibc evaluates all three with the same kernels; checked in
/// `SineCosineTests`), for about the cost of one of them.
public func sineAndCosine(_ x: Double) -> (sine: Double, cosine: Double) {
  var sine = 0.0
  var cosine = 0.0
  cgsl_sincos(x, &sine, &cosine)
  return (sine, cosine)
}
