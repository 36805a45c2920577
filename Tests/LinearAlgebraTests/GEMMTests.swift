import LinearAlgebra
import Testing

@Suite(.serialized) struct GEMMTests {
  /// Deterministic values in [−1, 1) (a 64-bit LCG; no GSL in this test target).
  static func values(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(state >> 40) / Float(1 << 23) - 1
    }
  }

  /// The definition, accumulated in Double: C = α op(A) op(B) + β C, row-major with strides.
  static func naive(
    _ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int, alpha: Float, a: [Float], lda: Int, b: [Float],
    ldb: Int, beta: Float, c: [Float], ldc: Int
  ) -> (result: [Float], magnitude: [Double]) {
    var result = c
    var magnitude = [Double](repeating: 0, count: c.count)
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        var absolute = 0.0
        for p in 0..<k {
          let aValue = Double(ta == .none ? a[i * lda + p] : a[p * lda + i])
          let bValue = Double(tb == .none ? b[p * ldb + j] : b[j * ldb + p])
          sum += aValue * bValue
          absolute += abs(aValue * bValue)
        }
        result[i * ldc + j] = Float(Double(alpha) * sum + Double(beta) * Double(c[i * ldc + j]))
        magnitude[i * ldc + j] = abs(Double(alpha)) * absolute + abs(Double(beta) * Double(c[i * ldc + j]))
      }
    }
    return (result, magnitude)
  }

  @Test(arguments: [(1, 1, 1), (3, 5, 7), (17, 9, 33), (64, 31, 5), (40, 70, 129)], Transpose.allCases)
  func matchesTheNaiveProduct(shape: (Int, Int, Int), transposeA: Transpose) {
    let (m, n, k) = shape
    for transposeB in Transpose.allCases {
      // Padded leading dimensions (+3) exercise the strides; the padding must stay untouched.
      let lda = (transposeA == .none ? k : m) + 3
      let ldb = (transposeB == .none ? n : k) + 3
      let ldc = n + 3
      let a = Self.values((transposeA == .none ? m : k) * lda, seed: 1)
      let b = Self.values((transposeB == .none ? k : n) * ldb, seed: 2)
      var c = Self.values(m * ldc, seed: 3)
      let (alpha, beta): (Float, Float) = (0.75, -1.5)
      let expected = Self.naive(
        transposeA, transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c,
        ldc: ldc)
      GEMM.multiply(
        transposeA, transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &c,
        ldc: ldc)
      // Float32 summation error bound: (k + 2) ε Σ|terms| (Higham, Accuracy and Stability of
      // Numerical Algorithms, §3.5), with ε = 2⁻²⁴; the padding columns must be bit-identical.
      for index in c.indices {
        let bound = Double(k + 2) * 0x1p-24 * expected.magnitude[index] + 1e-30
        #expect(abs(Double(c[index]) - Double(expected.result[index])) <= bound)
      }
    }
  }

  @Test func productAndBetaZeroSemantics() {
    // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]]; Aᵀ·B = [[26,30],[38,44]].
    #expect(GEMM.product(m: 2, n: 2, k: 2, a: [1, 2, 3, 4], b: [5, 6, 7, 8]) == [19, 22, 43, 50])
    #expect(GEMM.product(.transposed, .none, m: 2, n: 2, k: 2, a: [1, 2, 3, 4], b: [5, 6, 7, 8]) == [26, 30, 38, 44])
    // beta = 0: C's old contents (even NaN) are ignored, as BLAS specifies.
    var c: [Float] = [.nan, .nan, .nan, .nan]
    GEMM.multiply(m: 2, n: 2, k: 2, a: [1, 2, 3, 4], b: [5, 6, 7, 8], c: &c)
    #expect(c == [19, 22, 43, 50])
    // k = 0: C ← beta · C.
    var scaled: [Float] = [1, 2, 3, 4]
    GEMM.multiply(m: 2, n: 2, k: 0, a: [], b: [], beta: 2, c: &scaled)
    #expect(scaled == [2, 4, 6, 8])
  }

  @Test func threadCountIsControlledAndDoesNotChangeResults() {
    let (m, n, k) = (96, 200, 150)
    let a = Self.values(m * k, seed: 4)
    let b = Self.values(k * n, seed: 5)
    let previous = OpenBLAS.threadCount
    let one = OpenBLAS.withThreadCount(1) { () -> [Float] in
      #expect(OpenBLAS.threadCount == 1)
      return GEMM.product(m: m, n: n, k: k, a: a, b: b)
    }
    let two = OpenBLAS.withThreadCount(2) { () -> [Float] in
      #expect(OpenBLAS.threadCount == 2)
      return GEMM.product(m: m, n: n, k: k, a: a, b: b)
    }
    #expect(OpenBLAS.threadCount == previous)
    // Thread partitions may change the kernels' edge handling (results are not bit-identical
    // across thread counts): both must be within the Float32 summation bound of the definition.
    let expected = Self.naive(
      .none, .none, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: 0,
      c: [Float](repeating: 0, count: m * n), ldc: n)
    var worstRatio = 0.0
    for index in expected.result.indices {
      let bound = Double(k + 2) * 0x1p-24 * expected.magnitude[index]
      let error = max(
        abs(Double(one[index]) - Double(expected.result[index])),
        abs(Double(two[index]) - Double(expected.result[index])))
      worstRatio = max(worstRatio, error / bound)
    }
    #expect(worstRatio <= 1)
    #expect(OpenBLAS.processorCount >= 1)
  }

  @Test func coreNameIsAKnownKernelSet() {
    let core = OpenBLAS.coreName
    #expect(!core.isEmpty)
    #expect(OpenBLAS.configuration.contains("OpenBLAS"))
    #expect(OpenBLASCoreType.tier(ofCore: core) != nil, "OpenBLAS chose '\(core)', unknown to OpenBLASCoreType")
  }
}
