internal import CFFTW

extension FFT2D {
  /// Single-precision complex 2-D transforms of one `height × width` size, in place, whose
  /// inverse is pruned for convolutions that need their output in some rows only.
  ///
  /// - `forward`: the full 2-D transform as two passes of batched 1-D transforms
  ///   (`fftwf_plan_many_dft`): the row transforms of `forwardRows` only, then the column
  ///   transforms of all columns. Rows outside `inputRows` must hold zeros (their transforms are
  ///   zeros, so they are skipped). The rows are first and the codelets are those of FFTW's 2-D
  ///   plan (`fftwf_plan_dft_2d` under `FFTW_ESTIMATE` runs the same row-then-column passes with
  ///   the same `n1fv` codelets: same bits, checked with a C harness on FFTW 3.3.10 and by the
  ///   renderer's shard digests). `forwardRows` is `inputRows` widened to a multiple of 4 rows
  ///   (within the plane): FFTW's AVX single-precision codelets take the batch four transforms at
  ///   a time, and a batch of another size gets the SSE2 ones (110 rows of 128: `n1fv_128_sse2`,
  ///   ≈ 40 % more instructions; 112: `n1fv_128_avx`). A pure function of the sizes, like the rest
  ///   of the plan. (Session 5 measured a pruned forward slower than the 2-D plan: its 110-row
  ///   batch had fallen back to SSE2.)
  /// - `inverse` (unnormalised, `inverse(forward(z)) = width · height · z`): the two passes of
  ///   batched 1-D transforms (`fftwf_plan_many_dft`; Frigo & Johnson 2005, Proc. IEEE 93, 216),
  ///   the column transforms of all columns, then the row transforms of `outputRows` only. Rows
  ///   outside `outputRows` are left half transformed: meaningless.
  ///
  /// Layout and conventions as `SinglePrecisionPlan`: `width · height` interleaved complex
  /// floats `[y][x]`, forward `Z[v][u] = Σ z[y][x] exp(−2πi(ux/width + vy/height))`.
  ///
  /// Determinism: `FFTW_ESTIMATE` plans (no timing, no wisdom). Buffers whose FFTW alignment
  /// differs from the plan's own 64-byte-aligned buffer (or whose first transformed row would) are
  /// transformed through a copy, so the arithmetic never depends on where the caller's memory
  /// sits.
  ///
  /// Not `Sendable`: the plan's buffer is scratch memory. Make one per task. Planning goes through
  /// the process-wide FFTW planner lock.
  public final class PrunedSinglePrecisionPlan {
    public let width: Int
    public let height: Int
    /// The rows that `inverse` completes.
    public let outputRows: Range<Int>
    /// The rows that may hold non-zero input (`forward` assumes zeros elsewhere).
    public let inputRows: Range<Int>
    /// The rows whose transforms `forward`'s row pass computes: `inputRows` widened to a multiple
    /// of 4 within `0..<height`.
    public let forwardRows: Range<Int>
    private let buffer: UnsafeMutablePointer<Float>
    private let forwardRowPlan: OpaquePointer
    private let forwardColumns: OpaquePointer
    private let backwardColumns: OpaquePointer
    private let backwardRows: OpaquePointer

    /// Floats in a buffer: `2 · width · height`.
    public var count: Int { 2 * width * height }

    /// - Parameters:
    ///   - outputRows: the rows `inverse` completes (non-empty, within `0..<height`).
    ///   - inputRows: the rows that may hold non-zero values when `forward` runs (nil: all;
    ///     else non-empty, within `0..<height`).
    public init(width: Int, height: Int, outputRows: Range<Int>, inputRows: Range<Int>? = nil) throws {
      let inputRows = inputRows ?? 0..<height
      let operation =
        "FFT2D.PrunedSinglePrecisionPlan(\(width)×\(height), output rows \(outputRows), input rows \(inputRows))"
      guard width > 0, height > 0 else {
        throw NumericsError(operation: operation, reason: "sizes must be positive")
      }
      guard !outputRows.isEmpty, outputRows.clamped(to: 0..<height) == outputRows else {
        throw NumericsError(operation: operation, reason: "output rows must be non-empty and within 0..<height")
      }
      guard !inputRows.isEmpty, inputRows.clamped(to: 0..<height) == inputRows else {
        throw NumericsError(operation: operation, reason: "input rows must be non-empty and within 0..<height")
      }
      let forwardCount = min(height, (inputRows.count + 3) / 4 * 4)
      let forwardStart = min(inputRows.lowerBound, height - forwardCount)
      let forwardRows = forwardStart..<(forwardStart + forwardCount)
      let count = 2 * width * height
      guard let memory = fftwf_malloc(count * MemoryLayout<Float>.stride) else {
        throw NumericsError(operation: operation, reason: "fftwf_malloc failed")
      }
      let buffer = memory.bindMemory(to: Float.self, capacity: count)
      buffer.initialize(repeating: 0, count: count)
      func complex(row: Int) -> UnsafeMutablePointer<fftwf_complex> {
        UnsafeMutablePointer<fftwf_complex>(OpaquePointer(buffer + 2 * width * row))
      }
      // Row pass: `rows.count` transforms of length width, unit stride, rows apart.
      func rowPlan(_ rows: Range<Int>, _ sign: Int32) -> OpaquePointer? {
        var n = Int32(width)
        let data = complex(row: rows.lowerBound)
        return fftwf_plan_many_dft(
          1, &n, Int32(rows.count), data, nil, 1, Int32(width), data, nil, 1, Int32(width), sign, cfftw_estimate())
      }
      // Column pass: width transforms of length height, stride width, adjacent columns.
      func columnPlan(_ sign: Int32) -> OpaquePointer? {
        var n = Int32(height)
        let data = complex(row: 0)
        return fftwf_plan_many_dft(
          1, &n, Int32(width), data, nil, Int32(width), 1, data, nil, Int32(width), 1, sign, cfftw_estimate())
      }
      FFTWPlanner.lock.lock()
      let plans = [
        rowPlan(forwardRows, cfftw_forward()), columnPlan(cfftw_forward()),
        columnPlan(cfftw_backward()), rowPlan(outputRows, cfftw_backward()),
      ]
      FFTWPlanner.lock.unlock()
      guard let forwardRowPlan = plans[0], let forwardColumns = plans[1], let backwardColumns = plans[2],
        let backwardRows = plans[3]
      else {
        FFTWPlanner.lock.lock()
        for plan in plans { if let plan { fftwf_destroy_plan(plan) } }
        FFTWPlanner.lock.unlock()
        fftwf_free(memory)
        throw NumericsError(operation: operation, reason: "FFTW could not plan this size")
      }
      self.width = width
      self.height = height
      self.outputRows = outputRows
      self.inputRows = inputRows
      self.forwardRows = forwardRows
      self.buffer = buffer
      self.forwardRowPlan = forwardRowPlan
      self.forwardColumns = forwardColumns
      self.backwardColumns = backwardColumns
      self.backwardRows = backwardRows
    }

    deinit {
      FFTWPlanner.lock.lock()
      for plan in [forwardRowPlan, forwardColumns, backwardColumns, backwardRows] { fftwf_destroy_plan(plan) }
      FFTWPlanner.lock.unlock()
      fftwf_free(buffer)
    }

    /// The forward transform, in place on `count` floats at `data`, whose rows outside
    /// `inputRows` are zeros.
    public func forward(_ data: UnsafeMutablePointer<Float>) {
      run(data, firstRow: forwardRows.lowerBound) { base in
        execute(forwardRowPlan, base, row: forwardRows.lowerBound)
        execute(forwardColumns, base, row: 0)
      }
    }

    /// The unnormalised inverse transform (times `width · height`), in place on `count` floats,
    /// complete in `outputRows` only.
    public func inverse(_ data: UnsafeMutablePointer<Float>) {
      run(data, firstRow: outputRows.lowerBound) { base in
        execute(backwardColumns, base, row: 0)
        execute(backwardRows, base, row: outputRows.lowerBound)
      }
    }

    /// Runs `passes` on `data` where its rows 0 and `firstRow` have the plan buffer's alignment,
    /// else on a copy.
    private func run(
      _ data: UnsafeMutablePointer<Float>, firstRow: Int, _ passes: (UnsafeMutablePointer<Float>) -> Void
    ) {
      func sameAlignment(row: Int) -> Bool {
        fftwf_alignment_of(data + 2 * width * row) == fftwf_alignment_of(buffer + 2 * width * row)
      }
      if sameAlignment(row: 0) && sameAlignment(row: firstRow) {
        passes(data)
      } else {
        buffer.update(from: data, count: count)
        passes(buffer)
        data.update(from: buffer, count: count)
      }
    }

    private func execute(_ plan: OpaquePointer, _ base: UnsafeMutablePointer<Float>, row: Int) {
      let complex = UnsafeMutablePointer<fftwf_complex>(OpaquePointer(base + 2 * width * row))
      fftwf_execute_dft(plan, complex, complex)
    }
  }
}
