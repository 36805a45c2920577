internal import CFFTW
import Foundation

/// Complex 2-D discrete Fourier transforms of `height × width` arrays of any sizes, by FFTW 3
/// (Frigo & Johnson 2005, Proc. IEEE 93, 216; fastest for sizes whose prime factors are 2, 3, 5,
/// 7). FFTW replaced GSL's mixed-radix row/column FFT here: 3–4× faster at the renderer's wing
/// sizes (≈ 120², measured with `starmill bench render`).
///
/// Conventions (GSL's, kept): forward `Z[v][u] = Σ_y Σ_x z[y][x] · exp(−2πi (u x / width + v y / height))`;
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

  /// The smallest n' ≥ n whose prime factors are all 2, 3, 5 or 7 (FFTW has fast codelets for
  /// these radices; a large prime factor costs it a slower generic pass).
  public static func fastSize(atLeast n: Int) -> Int {
    var candidate = max(1, n)
    while true {
      var rest = candidate
      for factor in [2, 3, 5, 7] { while rest % factor == 0 { rest /= factor } }
      if rest == 1 { return candidate }
      candidate += 1
    }
  }

  /// One FFTW plan pair (forward and backward) for one array size, reused by every transform
  /// through it.
  ///
  /// Determinism: plans are made with `FFTW_ESTIMATE` (a fixed heuristic, no timing, no wisdom),
  /// so every plan of a size is the same algorithm on a given machine and build, whichever thread
  /// makes it. A plan is made on its own 64-byte-aligned buffer; `transform` runs in place on the
  /// caller's buffer when FFTW sees the same alignment there and copies through the plan's buffer
  /// otherwise, so the arithmetic (and every output bit) never depends on where the caller's
  /// memory happens to sit.
  ///
  /// Not `Sendable`: the plan's buffer is scratch memory. Make one per task. Plan creation and
  /// destruction go through one process-wide lock (FFTW's planner is not thread-safe);
  /// executing plans is.
  public final class Plan {
    public let width: Int
    public let height: Int
    private let buffer: UnsafeMutablePointer<Double>
    private let forwardPlan: OpaquePointer
    private let backwardPlan: OpaquePointer

    public init(width: Int, height: Int) throws {
      let operation = "FFT2D.Plan(\(width)×\(height))"
      guard width > 0, height > 0 else {
        throw NumericsError(operation: operation, reason: "sizes must be positive")
      }
      guard let memory = fftw_malloc(2 * width * height * MemoryLayout<Double>.stride) else {
        throw NumericsError(operation: operation, reason: "fftw_malloc failed")
      }
      let buffer = memory.bindMemory(to: Double.self, capacity: 2 * width * height)
      buffer.initialize(repeating: 0, count: 2 * width * height)
      let complex = OpaquePointer(buffer)
      FFTWPlanner.lock.lock()
      let forward = fftw_plan_dft_2d(
        Int32(height), Int32(width), UnsafeMutablePointer(complex), UnsafeMutablePointer(complex),
        cfftw_forward(), cfftw_estimate())
      let backward = fftw_plan_dft_2d(
        Int32(height), Int32(width), UnsafeMutablePointer(complex), UnsafeMutablePointer(complex),
        cfftw_backward(), cfftw_estimate())
      FFTWPlanner.lock.unlock()
      guard let forward, let backward else {
        FFTWPlanner.lock.lock()
        if let forward { fftw_destroy_plan(forward) }
        if let backward { fftw_destroy_plan(backward) }
        FFTWPlanner.lock.unlock()
        fftw_free(memory)
        throw NumericsError(operation: operation, reason: "FFTW could not plan this size")
      }
      self.width = width
      self.height = height
      self.buffer = buffer
      forwardPlan = forward
      backwardPlan = backward
    }

    deinit {
      FFTWPlanner.lock.lock()
      fftw_destroy_plan(forwardPlan)
      fftw_destroy_plan(backwardPlan)
      FFTWPlanner.lock.unlock()
      fftw_free(buffer)
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
      let count = 2 * width * height
      guard data.count == count, let base = data.baseAddress else {
        throw NumericsError(
          operation: "FFT2D \(direction) of \(width)×\(height)",
          reason: "buffer has \(data.count) values, expected \(count)")
      }
      let plan = direction == .forward ? forwardPlan : backwardPlan
      if fftw_alignment_of(base) == fftw_alignment_of(buffer) {
        let complex = UnsafeMutablePointer<fftw_complex>(OpaquePointer(base))
        fftw_execute_dft(plan, complex, complex)
      } else {
        buffer.update(from: base, count: count)
        fftw_execute(plan)
        base.update(from: buffer, count: count)
      }
      if direction == .inverse {
        // FFTW's backward transform is unnormalised; GSL's convention (kept here) divides by N.
        let scale = 1 / Double(width * height)
        for index in 0..<count { base[index] *= scale }
      }
    }
  }
}

/// The process-wide lock around FFTW's planner (planning and destroying plans are not
/// thread-safe in FFTW 3; executing them is).
enum FFTWPlanner {
  static let lock = NSLock()
}
