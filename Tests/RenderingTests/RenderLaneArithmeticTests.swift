import Numerics
import Testing

@testable import Rendering

/// The renderer's lane arithmetic against the scalar expressions it replaces, bit for bit: the
/// pre-pass's positions (`PreparedLanes`), the distinct-kernel spectral product
/// (`SeparatedProduct`) and the shared-kernel one (`DepositConvolution.multiply`). Rendered images are compared bit for bit elsewhere (`RenderOnePassTests`
/// for the pre-pass); these pin the edge cases a random star list rarely hits.
@Suite("Renderer lane arithmetic equals the scalar path bit for bit")
struct RenderLaneArithmeticTests {
  /// Positions at and next to pixel edges (k + ½ ± 1 ulp), the value whose x + ½ rounds up to 1
  /// (its phase coordinate comes out exactly 0), negatives, far positions, and uniforms.
  static func positions() -> [Double] {
    var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 79.5, 0.49999999999999994, -0.5000000000000001, 1e6 + 0.5]
    for edge in [-40.5, -2.5, -0.5, 0.5, 3.5, 63.5, 80.5, 1_000.5, 123_456.5] {
      values += [edge.nextDown, edge, edge.nextUp, edge - 1 / 64, edge + 1 / 64]
    }
    let generator = RandomGenerator(seed: 7)
    for _ in 0..<400 { values.append(generator.uniform(-60, 140)) }
    for _ in 0..<40 { values.append(generator.uniform(-3e8, 3e8)) }
    return values
  }

  @Test(arguments: [2, 16, 32])
  func phasesAndCellsMatchTheScalarPath(phases: Int) {
    let lanes = PreparedLanes(phases: phases)
    let values = Self.positions()
    for start in stride(from: 0, to: values.count - 3, by: 4) {
      let x = SIMD4(values[start], values[start + 1], values[start + 2], values[start + 3])
      let clamped = lanes.clamped(x)
      let n = lanes.floor(clamped + 0.5)
      let t = (clamped - n + 0.5) * lanes.phaseScale
      let p = lanes.interval(t)
      let fraction = SIMD4<Float>(t - p)
      let cell = n + lanes.firstCell(p)
      let cellIndex = lanes.integers(cell)
      for lane in 0..<4 where abs(x[lane]) < 0x1p30 {
        // The scalar path (`Renderer.drawStars`, per-group path).
        let value = x[lane]
        let scalarN = (value + 0.5).rounded(.down)
        let scalarT = (value - scalarN + 0.5) * Double(phases)
        let scalarP = min(Int(scalarT), phases - 1)
        let scalarCell = Int(scalarN) + (scalarP < phases / 2 ? -2 : -1)
        #expect(n[lane].bitPattern == scalarN.bitPattern, "x = \(value)")
        #expect(p[lane] == Double(scalarP), "x = \(value)")
        #expect(fraction[lane].bitPattern == Float(scalarT - Double(scalarP)).bitPattern, "x = \(value)")
        #expect(cellIndex[lane] == Int64(scalarCell), "x = \(value)")
      }
      // Far positions: clamped to ±2³⁰, and their cells stay there (never reaching an image).
      for lane in 0..<4 where abs(x[lane]) >= 0x1p30 {
        #expect(abs(cell[lane]) >= 0x1p30 - 3)
      }
    }
  }

  /// The phase interval is `min(Int(t), P − 1)` with `Int`'s truncation toward zero, also for a
  /// t just below 0 (not produced by any position under round-to-nearest, kept as a guard) and at
  /// t = P (a star on the far phase node).
  @Test func phaseIntervalTruncatesLikeInt() {
    let lanes = PreparedLanes(phases: 16)
    for t in [-1e-17, -0.0, 0, 0.999, 1, 7.5, 15.999999, 16] {
      let interval = lanes.interval(SIMD4(repeating: t))
      #expect(interval == SIMD4(repeating: Double(min(Int(t), 15))), "t = \(t)")
    }
  }

  @Test func theSeparatedProductEqualsTheScalarExpression() {
    // One row pair of a 16-wide spectrum: frequencies 4…7 of row v against the mirror row.
    let width = 16
    let generator = RandomGenerator(seed: 11)
    func randomRow() -> [Float] { (0..<(2 * width)).map { _ in Float(generator.gaussian()) * 1e3 } }
    var data = [randomRow(), randomRow()]
    let (ha, hb) = ([randomRow(), randomRow()], [randomRow(), randomRow()])
    // Some exact zeros and signed zeros, as the spectra of sparse deposits have.
    data[0][9] = 0
    data[1][22] = -0.0
    let u = 4
    // Scalar reference: the expression of `DepositConvolution.convolve`, per frequency.
    func product(_ z: (Float, Float), _ c: (Float, Float), _ a: (Float, Float), _ b: (Float, Float)) -> (Float, Float) {
      let (ar, ai) = (0.5 * (z.0 + c.0), 0.5 * (z.1 + c.1))
      let (br, bi) = (0.5 * (z.1 - c.1), -0.5 * (z.0 - c.0))
      let (pr, pi) = (ar * a.0 - ai * a.1, ar * a.1 + ai * a.0)
      let (qr, qi) = (br * b.0 - bi * b.1, br * b.1 + bi * b.0)
      return (pr - qi, pi + qr)
    }
    var expected = data
    for j in 0..<4 {
      let (k, m) = (u + j, width - u - j)
      let z = (data[0][2 * k], data[0][2 * k + 1])
      let w = (data[1][2 * m], data[1][2 * m + 1])
      let onK = product(z, (w.0, -w.1), (ha[0][2 * k], ha[0][2 * k + 1]), (hb[0][2 * k], hb[0][2 * k + 1]))
      let onM = product(w, (z.0, -z.1), (ha[1][2 * m], ha[1][2 * m + 1]), (hb[1][2 * m], hb[1][2 * m + 1]))
      (expected[0][2 * k], expected[0][2 * k + 1]) = onK
      (expected[1][2 * m], expected[1][2 * m + 1]) = onM
    }
    // The same rows in one buffer, as the transform stores them.
    var buffer = data[0] + data[1]
    let (spectrumA, spectrumB) = (ha[0] + ha[1], hb[0] + hb[1])
    buffer.withUnsafeMutableBufferPointer { buffer in
      spectrumA.withUnsafeBufferPointer { a in
        spectrumB.withUnsafeBufferPointer { b in
          SeparatedProduct.mirroredChunks(
            buffer.baseAddress!, k: u, mirrorFirst: width + width - u - 3, a.baseAddress!, b.baseAddress!)
        }
      }
    }
    #expect((buffer).map(\.bitPattern) == (expected[0] + expected[1]).map(\.bitPattern))
  }

  /// `DepositConvolution.multiply` (SIMD8 chunks of four complex values, then a scalar remainder)
  /// gives the scalar complex product (Re z·Re h − Im z·Im h, Re z·Im h + Im z·Re h) bit for bit,
  /// in the columns it covers, and leaves the rest of each row alone.
  @Test func theComplexProductEqualsTheScalarExpression() {
    let (rows, rowLength, columns) = (3, 13, 11)
    let generator = RandomGenerator(seed: 12)
    var data = (0..<(2 * rows * rowLength)).map { _ in Float(generator.gaussian()) * 1e3 }
    let h = (0..<(2 * rows * rowLength)).map { _ in Float(generator.gaussian()) }
    // Exact and signed zeros, as the spectra of sparse deposits have.
    (data[2], data[5], data[2 * rowLength + 19]) = (0, -0.0, -0.0)
    var expected = data
    for v in 0..<rows {
      for u in 0..<columns {
        let k = 2 * (v * rowLength + u)
        let (zr, zi, hr, hi) = (data[k], data[k + 1], h[k], h[k + 1])
        (expected[k], expected[k + 1]) = (zr * hr - zi * hi, zr * hi + zi * hr)
      }
    }
    data.withUnsafeMutableBufferPointer { z in
      h.withUnsafeBufferPointer { h in
        DepositConvolution.multiply(
          z.baseAddress!, by: h.baseAddress!, rows: rows, rowLength: rowLength, columns: columns)
      }
    }
    #expect(data.map(\.bitPattern) == expected.map(\.bitPattern))
  }
}
