extension FFT2D {
  /// Single-precision 2-D transforms of a real `height × width` field (even sizes), in place in
  /// an interleaved complex buffer, pruned like `PrunedSinglePrecisionPlan` (forward: the rows
  /// outside `inputRows` are zeros; inverse: only `outputRows` are completed), computing only the
  /// non-redundant half of the spectrum (columns u = 0 … width/2; the others are the conjugates
  /// Z[−v][−u]).
  ///
  /// Two real rows are transformed as one complex row, z = r_a + i r_b (Numerical Recipes 3rd ed.
  /// §12.3.2, applied along the rows), all with FFTW's complex codelets (`fftwf_plan_many_dft`;
  /// Debian's FFTW 3.3.10 has SIMD codelets for complex transforms only, its real ones are
  /// scalar: a batch of 128-point `r2cf_128` row transforms costs 3.2× the instructions of as
  /// many complex `n1fv_128_avx` ones, measured with callgrind):
  /// - `forward`: packs rows (a, a + 1) of each row pair as r_a + i r_{a+1} into row a, runs the
  ///   complex row transforms of the pairs, separates R_a[u] = ½ (Z[u] + Z̄[−u]) and
  ///   R_b[u] = (Z[u] − Z̄[−u]) / (2i) into rows a and a + 1 (columns 0 ..< `columnCount`), then
  ///   runs the column transforms of those columns. Afterwards complex element [v][u] holds the
  ///   2-D spectrum Z[v][u] = Σ r[y][x] exp(−2πi(ux/width + vy/height)) for u ≤ width/2.
  /// - `inverse` (unnormalised: times width · height) of a Hermitian spectrum given in columns
  ///   0 … width/2: the column transforms of `columnCount` columns, then per output row pair
  ///   (a, a + 1) the complex row W[u] = Y_a[u] + i Y_b[u] (W[−u] = Ȳ_a[u] + i Ȳ_b[u]; at u = 0
  ///   and width/2 the real parts only, as a real field's row spectrum has there) in row a, and
  ///   its inverse row transform, whose real (imaginary) part is row a (a + 1) of the field.
  ///   Output row y is read at `outputOffset(row:)`, its values 2 floats apart.
  ///
  /// The row pairs and the column count are widened to multiples of 4 within the plane (FFTW's
  /// AVX single-precision codelets take batches four transforms at a time; other batch sizes get
  /// the SSE2 codelets, ≈ 40 % more instructions). All are pure functions of the sizes.
  ///
  /// Input: the real field in the real parts of `count` floats (`[y][x]`, interleaved complex);
  /// the imaginary parts of `inputRows` are ignored, the rows outside are zeros (both parts).
  /// Determinism and thread use as `PrunedSinglePrecisionPlan`.
  public final class PrunedRealSinglePrecisionPlan {
    public let width: Int
    public let height: Int
    /// The rows that `inverse` completes.
    public let outputRows: Range<Int>
    /// The rows that may hold non-zero input (`forward` assumes zeros elsewhere).
    public let inputRows: Range<Int>
    /// The rows `forward` transforms, two at a time: `inputRows` widened to an even number of
    /// rows, a multiple of 4 pairs (8 rows) where the plane allows (`pairedRows`; capped at the
    /// plane, height/2 pairs, whose count may be odd).
    public let forwardRows: Range<Int>
    /// The rows `inverse` completes, two at a time: `outputRows` widened likewise.
    public let inverseRows: Range<Int>
    /// Spectrum columns computed (u ∈ 0 ..< columnCount): width/2 + 1 widened to a multiple of 4
    /// within the width. Columns past width/2 hold their mirror values, read by nobody.
    public let columnCount: Int
    private let passes: RowColumnPasses

    /// Floats in a buffer: `2 · width · height`.
    public var count: Int { 2 * width * height }

    /// The spectrum columns that `forward` defines and `inverse` reads: u ∈ 0 … width/2.
    public var spectrumColumns: Range<Int> { 0..<(width / 2 + 1) }

    /// The rows transformed two at a time to cover `rows` within a plane of `height` rows (even):
    /// an even count, a multiple of 8 rows where the plane allows (else all `height` rows),
    /// starting at `rows`' first row or as far up as the plane's end requires.
    package static func pairedRows(covering rows: Range<Int>, height: Int) -> Range<Int> {
      let pairs = min(height / 2, ((rows.count + 1) / 2 + 3) / 4 * 4)
      let start = min(rows.lowerBound, height - 2 * pairs)
      return start..<(start + 2 * pairs)
    }

    /// Float index of output row `row`'s first value (`row` in `outputRows`): its values follow
    /// 2 floats apart, in the real (even rows of `inverseRows`) or imaginary parts of a row.
    package static func outputOffset(row: Int, width: Int, inverseRows: Range<Int>) -> Int {
      let offset = row - inverseRows.lowerBound
      return 2 * width * (inverseRows.lowerBound + offset - offset % 2) + offset % 2
    }

    /// `outputOffset(row:width:inverseRows:)` of this plan.
    public func outputOffset(row: Int) -> Int {
      Self.outputOffset(row: row, width: width, inverseRows: inverseRows)
    }

    /// - Parameters:
    ///   - width, height: even and positive.
    ///   - outputRows: the rows `inverse` completes (non-empty, within `0..<height`).
    ///   - inputRows: the rows that may hold non-zero values when `forward` runs (nil: all).
    public init(width: Int, height: Int, outputRows: Range<Int>, inputRows: Range<Int>? = nil) throws {
      let inputRows = inputRows ?? 0..<height
      let operation =
        "FFT2D.PrunedRealSinglePrecisionPlan(\(width)×\(height), output rows \(outputRows), input rows \(inputRows))"
      guard width > 0, height > 0, width % 2 == 0, height % 2 == 0 else {
        throw NumericsError(operation: operation, reason: "sizes must be even and positive")
      }
      try RowColumnPasses.validate(
        width: width, height: height, outputRows: outputRows, inputRows: inputRows, operation: operation)
      let forwardRows = Self.pairedRows(covering: inputRows, height: height)
      let inverseRows = Self.pairedRows(covering: outputRows, height: height)
      let columnCount = min(width, (width / 2 + 1 + 3) / 4 * 4)
      // Row batches: one transform per row pair (two rows apart); scratch: one complex row.
      passes = try RowColumnPasses(
        width: width, height: height,
        forwardRows: .init(firstRow: forwardRows.lowerBound, count: forwardRows.count / 2, rowsApart: 2),
        backwardRows: .init(firstRow: inverseRows.lowerBound, count: inverseRows.count / 2, rowsApart: 2),
        columnCount: columnCount, scratchCount: 2 * width, operation: operation)
      self.width = width
      self.height = height
      self.outputRows = outputRows
      self.inputRows = inputRows
      self.forwardRows = forwardRows
      self.inverseRows = inverseRows
      self.columnCount = columnCount
    }

    /// The forward transform of the real field in the real parts of `count` floats at `data`
    /// (complex zeros outside `inputRows`), in place: afterwards complex element [v][u] holds Z[v][u] for
    /// u ∈ `spectrumColumns` (other columns meaningless).
    public func forward(_ data: UnsafeMutablePointer<Float>) {
      passes.run(data, firstRow: forwardRows.lowerBound) { base in
        let (rowFloats, scratch) = (2 * width, passes.scratch)
        for a in stride(from: forwardRows.lowerBound, to: forwardRows.upperBound, by: 2) {
          Self.pack(base + rowFloats * a, width: width)
        }
        passes.executeForwardRows(base)
        for a in stride(from: forwardRows.lowerBound, to: forwardRows.upperBound, by: 2) {
          let row = base + rowFloats * a
          scratch.update(from: row, count: rowFloats)
          Self.separate(scratch, into: row, row + rowFloats, width: width, columns: columnCount)
        }
        passes.executeForwardColumns(base)
      }
    }

    /// The unnormalised inverse transform (times `width · height`) of the Hermitian spectrum in
    /// columns `spectrumColumns` of `count` floats at `data`, in place: afterwards output row y
    /// (in `outputRows`) is at `outputOffset(row: y)`, its values 2 floats apart.
    public func inverse(_ data: UnsafeMutablePointer<Float>) {
      passes.run(data, firstRow: inverseRows.lowerBound) { base in
        passes.executeBackwardColumns(base)
        let (rowFloats, scratch) = (2 * width, passes.scratch)
        for a in stride(from: inverseRows.lowerBound, to: inverseRows.upperBound, by: 2) {
          let row = base + rowFloats * a
          scratch.update(from: row, count: 2 * columnCount)
          Self.merge(scratch, row + rowFloats, into: row, width: width)
        }
        passes.executeBackwardRows(base)
      }
    }

    /// Row a's imaginary parts ← row a + 1's real parts (`row` is row a; rows `2 · width` floats).
    static func pack(_ row: UnsafeMutablePointer<Float>, width: Int) {
      let next = row + 2 * width
      var x = 0
      while x + 4 <= width {
        let (a, b) = (load8(row + 2 &* x), load8(next + 2 &* x))
        store8(SIMD8(a[0], b[0], a[2], b[2], a[4], b[4], a[6], b[6]), row + 2 &* x)
        x += 4
      }
      while x < width {
        row[2 &* x + 1] = next[2 &* x]
        x += 1
      }
    }

    /// From one transformed row pair Z (`z`, width complex values), the spectra of its two real
    /// rows in columns 0 ..< `columns`: R_a = ½ (Z[u] + C), R_b = ½ (Im(Z[u] − C), −Re(Z[u] − C))
    /// with C = Z̄[−u]. The same operations per value in SIMD8 lanes and in the scalar remainder.
    static func separate(
      _ z: UnsafePointer<Float>, into a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
      width: Int, columns: Int
    ) {
      @inline(__always) func scalar(_ u: Int) {
        let m = u == 0 ? 0 : width - u
        let (zr, zi, cr, ci) = (z[2 * u], z[2 * u + 1], z[2 * m], -z[2 * m + 1])
        (a[2 * u], a[2 * u + 1]) = (0.5 * (zr + cr), 0.5 * (zi + ci))
        (b[2 * u], b[2 * u + 1]) = (0.5 * (zi - ci), 0.5 * -(zr - cr))
      }
      // Columns u … u + 3 (u ≥ 1) have their mirrors at width − u − 3 … width − u, in reverse.
      var u = 0
      while u < min(4, columns) {
        scalar(u)
        u += 1
      }
      while u + 4 <= columns && u + 3 < width {
        let v = load8(z + 2 &* u)
        let c = load8(z + 2 &* (width &- u &- 3)).complexReversed.conjugated
        let (sum, difference) = (v + c, v - c)
        store8(0.5 * sum, a + 2 &* u)
        store8(0.5 * difference.dividedByI, b + 2 &* u)
        u += 4
      }
      while u < columns {
        scalar(u)
        u += 1
      }
    }

    /// Into `w` (width complex values): W[u] = Y_a[u] + i Y_b[u] for 0 < u < width/2, W[−u] =
    /// Ȳ_a[u] + i Ȳ_b[u], and (Re Y_a, Re Y_b) at u = 0 and width/2, from the half spectra `ya`
    /// (a copy) and `yb` (columns 0 … width/2).
    static func merge(
      _ ya: UnsafePointer<Float>, _ yb: UnsafePointer<Float>, into w: UnsafeMutablePointer<Float>, width: Int
    ) {
      let half = width / 2
      @inline(__always) func scalar(_ u: Int) {
        let (ar, ai, br, bi) = (ya[2 * u], ya[2 * u + 1], yb[2 * u], yb[2 * u + 1])
        (w[2 * u], w[2 * u + 1]) = (ar + -bi, ai + br)
        let m = width - u
        (w[2 * m], w[2 * m + 1]) = (ar + bi, -ai + br)
      }
      // Columns u … u + 3 (1 ≤ u, u + 3 < width/2): their mirrors width − u − 3 … width − u.
      var u = 1
      while u + 4 <= half {
        let (va, vb) = (load8(ya + 2 &* u), load8(yb + 2 &* u))
        store8(va + vb.timesI, w + 2 &* u)
        store8((va.conjugated + vb.conjugated.timesI).complexReversed, w + 2 &* (width &- u &- 3))
        u += 4
      }
      while u < half {
        scalar(u)
        u += 1
      }
      (w[0], w[1]) = (ya[0], yb[0])
      (w[2 * half], w[2 * half + 1]) = (ya[2 * half], yb[2 * half])
    }
  }
}
