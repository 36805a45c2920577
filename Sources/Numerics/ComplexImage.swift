/// A complex-valued `height × width` array stored row-major (`[y][x]`, x fastest) as interleaved
/// `(real, imaginary)` pairs: the layout GSL's FFTs take (`gsl_complex_packed_array`).
public struct ComplexImage: Sendable, Equatable {
  /// Number of columns (nx, the fastest axis).
  public let width: Int
  /// Number of rows (ny).
  public let height: Int
  /// `2 · width · height` values: element (x, y) is at `2 · (y · width + x)` (real) and `+ 1`.
  public var interleaved: [Double]

  /// All zeros.
  public init(width: Int, height: Int) {
    precondition(width > 0 && height > 0, "ComplexImage needs positive sizes, got \(width)×\(height)")
    self.width = width
    self.height = height
    interleaved = Array(repeating: 0, count: 2 * width * height)
  }

  /// From real (and optionally imaginary) parts, each `width · height` values, row-major.
  public init(width: Int, height: Int, real: [Double], imaginary: [Double]? = nil) {
    self.init(width: width, height: height)
    precondition(real.count == width * height, "real part has \(real.count) values, expected \(width * height)")
    if let imaginary {
      precondition(
        imaginary.count == width * height, "imaginary part has \(imaginary.count) values, expected \(width * height)")
    }
    for index in 0..<(width * height) {
      interleaved[2 * index] = real[index]
      interleaved[2 * index + 1] = imaginary?[index] ?? 0
    }
  }

  /// Element (x, y).
  public subscript(x: Int, y: Int) -> (real: Double, imaginary: Double) {
    get {
      let offset = 2 * (y * width + x)
      return (interleaved[offset], interleaved[offset + 1])
    }
    set {
      let offset = 2 * (y * width + x)
      interleaved[offset] = newValue.real
      interleaved[offset + 1] = newValue.imaginary
    }
  }

  /// The real parts, row-major.
  public var real: [Double] { stride(from: 0, to: interleaved.count, by: 2).map { interleaved[$0] } }
  /// The imaginary parts, row-major.
  public var imaginary: [Double] { stride(from: 1, to: interleaved.count, by: 2).map { interleaved[$0] } }
}
