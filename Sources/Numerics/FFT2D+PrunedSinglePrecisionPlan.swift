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
    private let passes: RowColumnPasses

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
      try RowColumnPasses.validate(
        width: width, height: height, outputRows: outputRows, inputRows: inputRows, operation: operation)
      let forwardCount = min(height, (inputRows.count + 3) / 4 * 4)
      let forwardStart = min(inputRows.lowerBound, height - forwardCount)
      let forwardRows = forwardStart..<(forwardStart + forwardCount)
      // Row batches: one transform per row; column batch: all columns.
      passes = try RowColumnPasses(
        width: width, height: height,
        forwardRows: .init(firstRow: forwardRows.lowerBound, count: forwardRows.count, rowsApart: 1),
        backwardRows: .init(firstRow: outputRows.lowerBound, count: outputRows.count, rowsApart: 1),
        columnCount: width, scratchCount: 0, operation: operation)
      self.width = width
      self.height = height
      self.outputRows = outputRows
      self.inputRows = inputRows
      self.forwardRows = forwardRows
    }

    /// The forward transform, in place on `count` floats at `data`, whose rows outside
    /// `inputRows` are zeros.
    public func forward(_ data: UnsafeMutablePointer<Float>) {
      passes.run(data, firstRow: forwardRows.lowerBound) { base in
        passes.executeForwardRows(base)
        passes.executeForwardColumns(base)
      }
    }

    /// The unnormalised inverse transform (times `width · height`), in place on `count` floats,
    /// complete in `outputRows` only.
    public func inverse(_ data: UnsafeMutablePointer<Float>) {
      passes.run(data, firstRow: outputRows.lowerBound) { base in
        passes.executeBackwardColumns(base)
        passes.executeBackwardRows(base)
      }
    }
  }
}
