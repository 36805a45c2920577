/// Interpolating cubic B-spline through a regular 2-D grid of samples (Unser 1999, "Splines: a
/// perfect fit for signal and image processing", IEEE SPM 16(6), 22): the samples are
/// prefiltered into spline coefficients by the causal/anti-causal recursion with pole
/// `z = √3 − 2` and mirror boundaries, so the surface passes exactly through every sample and
/// the interpolation error is O(h⁴) — on a 4×-oversampled Gaussian ePSF (σ = 1.1 px) about
/// 10⁻⁵ of the light, twenty times better than Keys' bicubic convolution.
struct CubicBSplineSurface: Sendable {
  let width: Int
  let height: Int
  /// Row-major coefficients (y outer).
  let coefficients: [Double]

  private static let pole = 3.0.squareRoot() - 2

  init(samples: [Double], width: Int, height: Int) {
    precondition(samples.count == width * height && width >= 2 && height >= 2)
    self.width = width
    self.height = height
    var c = samples
    var line = [Double](repeating: 0, count: max(width, height))
    for row in 0..<height {
      for x in 0..<width { line[x] = c[row * width + x] }
      Self.prefilter(&line, count: width)
      for x in 0..<width { c[row * width + x] = line[x] }
    }
    for column in 0..<width {
      for y in 0..<height { line[y] = c[y * width + column] }
      Self.prefilter(&line, count: height)
      for y in 0..<height { c[y * width + column] = line[y] }
    }
    coefficients = c
  }

  /// In-place 1-D prefilter of `line[0..<n]` (mirror-symmetric extension).
  private static func prefilter(_ line: inout [Double], count n: Int) {
    let z = pole
    for k in 0..<n { line[k] *= (1 - z) * (1 - 1 / z) }
    // Causal initial value: Σ z^k c[k] over the mirror-extended signal, truncated where z^k < 1e-17.
    var sum = line[0]
    var zk = z
    var k = 1
    while k < 2 * n - 2, abs(zk) > 1e-17 {
      let index = k < n ? k : 2 * n - 2 - k
      sum += zk * line[index]
      zk *= z
      k += 1
    }
    line[0] = sum
    for k in 1..<n { line[k] += z * line[k - 1] }
    line[n - 1] = (z / (z * z - 1)) * (line[n - 1] + z * line[n - 2])
    for k in stride(from: n - 2, through: 0, by: -1) { line[k] = z * (line[k + 1] - line[k]) }
  }

  /// Cubic B-spline basis weights for the four knots around fractional offset `t ∈ [0, 1)`.
  @inline(__always) private static func weights(_ t: Double) -> SIMD4<Double> {
    let s = 1 - t
    return SIMD4(
      s * s * s / 6,
      (4 - 6 * t * t + 3 * t * t * t) / 6,
      (4 - 6 * s * s + 3 * s * s * s) / 6,
      t * t * t / 6)
  }

  @inline(__always) private func mirrored(_ i: Int, _ n: Int) -> Int {
    if i < 0 { return -i }
    if i >= n { return 2 * n - 2 - i }
    return i
  }

  /// The surface at sample coordinates `(u, v)`; zero outside `[0, width−1] × [0, height−1]`.
  func value(u: Double, v: Double) -> Double {
    guard u >= 0, v >= 0, u <= Double(width - 1), v <= Double(height - 1) else { return 0 }
    let iu = min(Int(u), width - 2)
    let iv = min(Int(v), height - 2)
    let wu = Self.weights(u - Double(iu))
    let wv = Self.weights(v - Double(iv))
    var total = 0.0
    for j in 0..<4 {
      let row = mirrored(iv - 1 + j, height) * width
      var rowSum = 0.0
      for i in 0..<4 { rowSum += wu[i] * coefficients[row + mirrored(iu - 1 + i, width)] }
      total += wv[j] * rowSum
    }
    return total
  }

  /// `value(u:v:)` on the grid `vs × us` (row-major, v outer), separably: for each v the four
  /// coefficient rows are mixed once with v's weights (one pass over a row), then each u takes
  /// four of the mixed values — 4 + 4·width/|us| products per point instead of 16. The sums are
  /// associated differently from `value`, so values agree to rounding (≤ 4·10⁻¹⁶ of the largest
  /// coefficient magnitude, `EffectivePSFTests`); zero outside the surface, as there.
  func values(us: [Double], vs: [Double]) -> [Double] {
    var result = [Double](repeating: 0, count: us.count * vs.count)
    // Per u: its four coefficient columns and weights (nil outside).
    let columns: [(knots: (Int, Int, Int, Int), weights: SIMD4<Double>)?] = us.map { u in
      guard u >= 0, u <= Double(width - 1) else { return nil }
      let i = min(Int(u), width - 2)
      return (
        (mirrored(i - 1, width), mirrored(i, width), mirrored(i + 1, width), mirrored(i + 2, width)),
        Self.weights(u - Double(i))
      )
    }
    var mixed = [Double](repeating: 0, count: width)
    coefficients.withUnsafeBufferPointer { c in
      mixed.withUnsafeMutableBufferPointer { row in
        result.withUnsafeMutableBufferPointer { out in
          for (y, v) in vs.enumerated() where v >= 0 && v <= Double(height - 1) {
            let j = min(Int(v), height - 2)
            let w = Self.weights(v - Double(j))
            let (w0, w1, w2, w3) = (w[0], w[1], w[2], w[3])
            let r0 = mirrored(j - 1, height) * width
            let r1 = mirrored(j, height) * width
            let r2 = mirrored(j + 1, height) * width
            let r3 = mirrored(j + 2, height) * width
            for x in 0..<width { row[x] = w0 * c[r0 + x] + w1 * c[r1 + x] + w2 * c[r2 + x] + w3 * c[r3 + x] }
            let outRow = y * us.count
            for (x, column) in columns.enumerated() {
              guard let column else { continue }
              let k = column.knots
              let wu = column.weights
              out[outRow + x] = wu[0] * row[k.0] + wu[1] * row[k.1] + wu[2] * row[k.2] + wu[3] * row[k.3]
            }
          }
        }
      }
    }
    return result
  }
}
