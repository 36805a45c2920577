internal import CFFTW

extension FFT2D {
  /// The FFTW side of `PrunedSinglePrecisionPlan` and `PrunedRealSinglePrecisionPlan`: one
  /// `fftwf_malloc` buffer of a `height × width` interleaved complex plane (plus scratch floats)
  /// and the four batched 1-D plans (`fftwf_plan_many_dft`, `FFTW_ESTIMATE`, planned in this
  /// order under the process-wide planner lock): the forward row batch, the forward and backward
  /// column batches of the first `columnCount` columns (length height, stride width, adjacent
  /// columns), and the backward row batch. A row batch is `count` transforms of length width,
  /// unit stride, `rowsApart` rows apart, from `firstRow`.
  ///
  /// `run` gives the plans the caller's memory where FFTW sees the same alignment as in the
  /// plan's buffer (at row 0 and at the first row of the batch that runs), else a copy: the
  /// arithmetic never depends on where the caller's memory sits. The plans' own passes (row
  /// packing, spectrum separation…) run between the `execute` calls inside `run`'s closure.
  final class RowColumnPasses {
    /// Transforms of length width along the rows: `count` of them, `rowsApart` rows apart, the
    /// first at `firstRow`.
    struct RowBatch {
      let firstRow: Int
      let count: Int
      let rowsApart: Int
    }

    let width: Int
    let height: Int
    let forwardRows: RowBatch
    let backwardRows: RowBatch
    let columnCount: Int
    /// `scratchCount` floats after the plane in the plan's buffer (zeros at first), free for the
    /// owner's passes.
    let scratch: UnsafeMutablePointer<Float>
    private let buffer: UnsafeMutablePointer<Float>
    private let forwardRowPlan: OpaquePointer
    private let forwardColumnPlan: OpaquePointer
    private let backwardColumnPlan: OpaquePointer
    private let backwardRowPlan: OpaquePointer

    /// Floats in the plane: `2 · width · height`.
    var count: Int { 2 * width * height }

    /// Throws `NumericsError` (with `operation`) unless the sizes are positive and both row ranges
    /// are non-empty and within `0..<height`.
    static func validate(width: Int, height: Int, outputRows: Range<Int>, inputRows: Range<Int>, operation: String)
      throws
    {
      guard width > 0, height > 0 else {
        throw NumericsError(operation: operation, reason: "sizes must be positive")
      }
      guard !outputRows.isEmpty, outputRows.clamped(to: 0..<height) == outputRows else {
        throw NumericsError(operation: operation, reason: "output rows must be non-empty and within 0..<height")
      }
      guard !inputRows.isEmpty, inputRows.clamped(to: 0..<height) == inputRows else {
        throw NumericsError(operation: operation, reason: "input rows must be non-empty and within 0..<height")
      }
    }

    /// Sizes and batches valid (`validate`); `operation` names the owning plan in errors.
    init(
      width: Int, height: Int, forwardRows: RowBatch, backwardRows: RowBatch, columnCount: Int, scratchCount: Int,
      operation: String
    ) throws {
      let count = 2 * width * height
      guard let memory = fftwf_malloc((count + scratchCount) * MemoryLayout<Float>.stride) else {
        throw NumericsError(operation: operation, reason: "fftwf_malloc failed")
      }
      let buffer = memory.bindMemory(to: Float.self, capacity: count + scratchCount)
      buffer.initialize(repeating: 0, count: count + scratchCount)
      func complex(row: Int) -> UnsafeMutablePointer<fftwf_complex> {
        UnsafeMutablePointer<fftwf_complex>(OpaquePointer(buffer + 2 * width * row))
      }
      func rowPlan(_ batch: RowBatch, _ sign: Int32) -> OpaquePointer? {
        var n = Int32(width)
        let data = complex(row: batch.firstRow)
        let distance = Int32(batch.rowsApart * width)
        return fftwf_plan_many_dft(
          1, &n, Int32(batch.count), data, nil, 1, distance, data, nil, 1, distance, sign, cfftw_estimate())
      }
      func columnPlan(_ sign: Int32) -> OpaquePointer? {
        var n = Int32(height)
        let data = complex(row: 0)
        return fftwf_plan_many_dft(
          1, &n, Int32(columnCount), data, nil, Int32(width), 1, data, nil, Int32(width), 1, sign, cfftw_estimate())
      }
      FFTWPlanner.lock.lock()
      let plans = [
        rowPlan(forwardRows, cfftw_forward()), columnPlan(cfftw_forward()),
        columnPlan(cfftw_backward()), rowPlan(backwardRows, cfftw_backward()),
      ]
      FFTWPlanner.lock.unlock()
      guard let forwardRowPlan = plans[0], let forwardColumnPlan = plans[1], let backwardColumnPlan = plans[2],
        let backwardRowPlan = plans[3]
      else {
        FFTWPlanner.lock.lock()
        for plan in plans { if let plan { fftwf_destroy_plan(plan) } }
        FFTWPlanner.lock.unlock()
        fftwf_free(memory)
        throw NumericsError(operation: operation, reason: "FFTW could not plan this size")
      }
      self.width = width
      self.height = height
      self.forwardRows = forwardRows
      self.backwardRows = backwardRows
      self.columnCount = columnCount
      self.buffer = buffer
      self.scratch = buffer + count
      self.forwardRowPlan = forwardRowPlan
      self.forwardColumnPlan = forwardColumnPlan
      self.backwardColumnPlan = backwardColumnPlan
      self.backwardRowPlan = backwardRowPlan
    }

    deinit {
      FFTWPlanner.lock.lock()
      for plan in [forwardRowPlan, forwardColumnPlan, backwardColumnPlan, backwardRowPlan] {
        fftwf_destroy_plan(plan)
      }
      FFTWPlanner.lock.unlock()
      fftwf_free(buffer)
    }

    /// Runs `passes` on `count` floats at `data` where its rows 0 and `firstRow` have the plan
    /// buffer's alignment, else on a copy (written back afterwards).
    func run(_ data: UnsafeMutablePointer<Float>, firstRow: Int, _ passes: (UnsafeMutablePointer<Float>) -> Void) {
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

    /// The forward row batch on the plane at `base` (inside `run` with `forwardRows.firstRow`).
    func executeForwardRows(_ base: UnsafeMutablePointer<Float>) {
      execute(forwardRowPlan, base, row: forwardRows.firstRow)
    }

    /// The forward column batch on the plane at `base` (inside `run`).
    func executeForwardColumns(_ base: UnsafeMutablePointer<Float>) { execute(forwardColumnPlan, base, row: 0) }

    /// The backward column batch on the plane at `base` (inside `run`).
    func executeBackwardColumns(_ base: UnsafeMutablePointer<Float>) { execute(backwardColumnPlan, base, row: 0) }

    /// The backward row batch on the plane at `base` (inside `run` with `backwardRows.firstRow`).
    func executeBackwardRows(_ base: UnsafeMutablePointer<Float>) {
      execute(backwardRowPlan, base, row: backwardRows.firstRow)
    }

    private func execute(_ plan: OpaquePointer, _ base: UnsafeMutablePointer<Float>, row: Int) {
      let complex = UnsafeMutablePointer<fftwf_complex>(OpaquePointer(base + 2 * width * row))
      fftwf_execute_dft(plan, complex, complex)
    }
  }
}
