internal import COpenBLAS

/// Single-precision general matrix multiply through OpenBLAS's `cblas_sgemm`, row-major.
///
/// `C ← alpha · op(A) · op(B) + beta · C`, where op(A) is `m × k`, op(B) is `k × n` and C is
/// `m × n`. Storage is row-major (x fastest, the project's convention): A is stored `m × k`
/// (or `k × m` when transposed) with row stride `lda`, B is stored `k × n` (or `n × k`) with row
/// stride `ldb`, C is `m × n` with row stride `ldc`. Leading dimensions default to the stored
/// row length (dense storage). `beta = 0` ignores C's previous contents (even NaN), as BLAS
/// specifies. C must not overlap A or B.
///
/// Shapes and buffer sizes are checked with preconditions: a mismatch is a programming error
/// that would otherwise read or write out of bounds.
///
/// Threads: OpenBLAS splits one call over `OpenBLAS.threadCount` threads (process-wide). When
/// many tasks each run their own GEMMs, set it to 1 and parallelise over tasks instead.
public enum GEMM {
  public static func multiply(
    _ transposeA: Transpose = .none, _ transposeB: Transpose = .none, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafeBufferPointer<Float>, lda: Int? = nil, b: UnsafeBufferPointer<Float>,
    ldb: Int? = nil, beta: Float = 0, c: UnsafeMutableBufferPointer<Float>, ldc: Int? = nil
  ) {
    precondition(m >= 0 && n >= 0 && k >= 0, "GEMM: negative size m=\(m) n=\(n) k=\(k)")
    let (aRows, aColumns) = transposeA == .none ? (m, k) : (k, m)
    let (bRows, bColumns) = transposeB == .none ? (k, n) : (n, k)
    let lda = lda ?? max(1, aColumns)
    let ldb = ldb ?? max(1, bColumns)
    let ldc = ldc ?? max(1, n)
    check("A", rows: aRows, columns: aColumns, leading: lda, count: a.count)
    check("B", rows: bRows, columns: bColumns, leading: ldb, count: b.count)
    check("C", rows: m, columns: n, leading: ldc, count: c.count)
    guard m > 0, n > 0 else { return }
    precondition(
      [m, n, k, lda, ldb, ldc].allSatisfy { $0 <= Int(Int32.max) }, "GEMM: sizes exceed OpenBLAS's 32-bit blasint")
    cblas_sgemm(
      CblasRowMajor, transposeA.cblas, transposeB.cblas, Int32(m), Int32(n), Int32(k), alpha, a.baseAddress,
      Int32(lda), b.baseAddress, Int32(ldb), beta, c.baseAddress, Int32(ldc))
  }

  /// `multiply` on arrays; `c` must already hold `(m − 1) · ldc + n` values.
  public static func multiply(
    _ transposeA: Transpose = .none, _ transposeB: Transpose = .none, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: [Float], lda: Int? = nil, b: [Float], ldb: Int? = nil, beta: Float = 0,
    c: inout [Float], ldc: Int? = nil
  ) {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          multiply(
            transposeA, transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
            c: c, ldc: ldc)
        }
      }
    }
  }

  /// `op(A) · op(B)` as a new dense `m × n` row-major array.
  public static func product(
    _ transposeA: Transpose = .none, _ transposeB: Transpose = .none, m: Int, n: Int, k: Int, a: [Float],
    b: [Float]
  ) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    multiply(transposeA, transposeB, m: m, n: n, k: k, a: a, b: b, c: &c)
    return c
  }

  private static func check(_ name: String, rows: Int, columns: Int, leading: Int, count: Int) {
    precondition(
      leading >= max(1, columns), "GEMM: leading dimension of \(name) is \(leading) < its row length \(columns)")
    let needed = rows == 0 || columns == 0 ? 0 : (rows - 1) * leading + columns
    precondition(
      count >= needed,
      "GEMM: \(name) (\(rows)×\(columns), leading dimension \(leading)) needs \(needed) values, got \(count)")
  }
}

extension Transpose {
  var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}
