internal import CGSL

/// Complex 2-D discrete Fourier transforms of `height × width` arrays of any sizes, by GSL's
/// mixed-radix FFT (`gsl_fft_complex_*`; fastest for sizes whose prime factors are 2, 3, 5, 7)
/// applied to every row, then to every column.
///
/// Conventions (GSL's): forward `Z[v][u] = Σ_y Σ_x z[y][x] · exp(−2πi (u x / width + v y / height))`;
/// `inverse` carries the 1/(width · height) normalisation, so `inverse(forward(z)) = z`.
/// Frequency index u = 0 is the zero frequency; u > width/2 are the negative frequencies.
public enum FFT2D {
  /// Direction of a transform.
  public enum Direction: Sendable { case forward, inverse }

  /// The forward transform of `image`.
  public static func forward(_ image: ComplexImage) throws -> ComplexImage {
    var result = image
    try Plan(width: image.width, height: image.height).transform(&result, .forward)
    return result
  }

  /// The normalised inverse transform of `image`.
  public static func inverse(_ image: ComplexImage) throws -> ComplexImage {
    var result = image
    try Plan(width: image.width, height: image.height).transform(&result, .inverse)
    return result
  }

  /// The smallest n' ≥ n whose prime factors are all 2, 3, 5 or 7 (GSL has fast kernels for
  /// these radices; a large prime factor makes GSL fall back to an O(n²) pass).
  public static func fastSize(atLeast n: Int) -> Int {
    var candidate = max(1, n)
    while true {
      var rest = candidate
      for factor in [2, 3, 5, 7] { while rest % factor == 0 { rest /= factor } }
      if rest == 1 { return candidate }
      candidate += 1
    }
  }

  /// Wavetables and workspaces for one array size, reused by every transform through it.
  ///
  /// Not `Sendable`: GSL workspaces are scratch memory. Make one per task.
  public final class Plan {
    public let width: Int
    public let height: Int
    private let rowWavetable: UnsafeMutablePointer<gsl_fft_complex_wavetable>
    private let rowWorkspace: UnsafeMutablePointer<gsl_fft_complex_workspace>
    private let columnWavetable: UnsafeMutablePointer<gsl_fft_complex_wavetable>
    private let columnWorkspace: UnsafeMutablePointer<gsl_fft_complex_workspace>
    private let columnsShareRowTables: Bool
    /// One column, copied contiguous so the column FFTs run at stride 1 (cache friendly).
    private let column: UnsafeMutableBufferPointer<Double>

    public init(width: Int, height: Int) throws {
      GSLRuntime.configureOnce()
      let operation = "FFT2D.Plan(\(width)×\(height))"
      guard width > 0, height > 0 else {
        throw NumericsError(operation: operation, reason: "sizes must be positive")
      }
      guard let rowTable = gsl_fft_complex_wavetable_alloc(width),
        let rowWork = gsl_fft_complex_workspace_alloc(width)
      else { throw NumericsError(operation: operation, reason: "GSL wavetable/workspace allocation failed") }
      self.width = width
      self.height = height
      rowWavetable = rowTable
      rowWorkspace = rowWork
      columnsShareRowTables = width == height
      if width == height {
        columnWavetable = rowTable
        columnWorkspace = rowWork
      } else {
        guard let columnTable = gsl_fft_complex_wavetable_alloc(height),
          let columnWork = gsl_fft_complex_workspace_alloc(height)
        else { throw NumericsError(operation: operation, reason: "GSL wavetable/workspace allocation failed") }
        columnWavetable = columnTable
        columnWorkspace = columnWork
      }
      column = .allocate(capacity: 2 * height)
    }

    deinit {
      gsl_fft_complex_wavetable_free(rowWavetable)
      gsl_fft_complex_workspace_free(rowWorkspace)
      if !columnsShareRowTables {
        gsl_fft_complex_wavetable_free(columnWavetable)
        gsl_fft_complex_workspace_free(columnWorkspace)
      }
      column.deallocate()
    }

    /// Transforms `image` in place; its size must be the plan's.
    public func transform(_ image: inout ComplexImage, _ direction: Direction) throws {
      guard image.width == width, image.height == height else {
        throw NumericsError(
          operation: "FFT2D.Plan(\(width)×\(height)).transform",
          reason: "image is \(image.width)×\(image.height); it must match the plan")
      }
      try image.interleaved.withUnsafeMutableBufferPointer { try transform($0, direction) }
    }

    /// Transforms `2 · width · height` interleaved values in place (layout of `ComplexImage`).
    public func transform(_ data: UnsafeMutableBufferPointer<Double>, _ direction: Direction) throws {
      let operation = "FFT2D \(direction) of \(width)×\(height)"
      guard data.count == 2 * width * height, let base = data.baseAddress else {
        throw NumericsError(
          operation: operation, reason: "buffer has \(data.count) values, expected \(2 * width * height)")
      }
      func run(
        _ pointer: UnsafeMutablePointer<Double>, _ n: Int,
        _ wavetable: UnsafeMutablePointer<gsl_fft_complex_wavetable>,
        _ workspace: UnsafeMutablePointer<gsl_fft_complex_workspace>
      ) -> Int32 {
        direction == .forward
          ? gsl_fft_complex_forward(pointer, 1, n, wavetable, workspace)
          : gsl_fft_complex_inverse(pointer, 1, n, wavetable, workspace)
      }
      for y in 0..<height {
        let status = run(base + 2 * y * width, width, rowWavetable, rowWorkspace)
        guard status == GSL_SUCCESS else {
          throw NumericsError(gslStatus: status, operation: operation, detail: "row \(y)")
        }
      }
      guard height > 1 else { return }
      let scratch = column.baseAddress!
      for x in 0..<width {
        for y in 0..<height {
          scratch[2 * y] = base[2 * (y * width + x)]
          scratch[2 * y + 1] = base[2 * (y * width + x) + 1]
        }
        let status = run(scratch, height, columnWavetable, columnWorkspace)
        guard status == GSL_SUCCESS else {
          throw NumericsError(gslStatus: status, operation: operation, detail: "column \(x)")
        }
        for y in 0..<height {
          base[2 * (y * width + x)] = scratch[2 * y]
          base[2 * (y * width + x) + 1] = scratch[2 * y + 1]
        }
      }
    }
  }
}
