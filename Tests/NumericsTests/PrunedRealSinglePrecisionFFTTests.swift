import Foundation
import Numerics
import Testing

/// `FFT2D.PrunedRealSinglePrecisionPlan` against the double-precision complex transform
/// (`FFT2D`, checked against the defining sum in `FFT2DTests`): the half spectrum of a real field
/// from the forward, the field from the inverse of a product with a real kernel's spectrum (a
/// circular convolution computed directly in Double), in its output rows.
@Suite struct PrunedRealSinglePrecisionFFTTests {
  /// A real field, zero outside `rows`, exactly representable in Float32.
  static func field(width: Int, height: Int, rows: Range<Int>, seed: UInt64) -> [Double] {
    let generator = RandomGenerator(seed: seed)
    return (0..<(width * height)).map { index in
      let value = Double(Float(generator.gaussian()))
      return rows.contains(index / width) ? value : 0
    }
  }

  /// (width, height, input rows, output rows): odd and even row counts and starts, pairs that
  /// must be moved up at the plane's end, widths with and without SIMD chunks, the renderer's.
  static let cases: [(Int, Int, Range<Int>, Range<Int>)] = [
    (8, 8, 1..<6, 2..<5), (16, 10, 3..<8, 7..<10), (2, 4, 0..<4, 1..<2), (6, 6, 5..<6, 0..<6),
    (32, 12, 0..<11, 3..<8), (128, 128, 0..<110, 15..<95),
  ]

  @Test(arguments: cases)
  func forwardGivesTheHalfSpectrumAndInverseTheConvolution(size: (Int, Int, Range<Int>, Range<Int>)) throws {
    let (width, height, inputRows, outputRows) = size
    let plan = try FFT2D.PrunedRealSinglePrecisionPlan(
      width: width, height: height, outputRows: outputRows, inputRows: inputRows)
    #expect(plan.forwardRows.count % 2 == 0 && plan.inverseRows.count % 2 == 0)
    #expect(plan.forwardRows.clamped(to: 0..<height) == plan.forwardRows)
    #expect(plan.forwardRows.clamped(to: inputRows) == inputRows)
    #expect(plan.inverseRows.clamped(to: outputRows) == outputRows)
    let field = Self.field(width: width, height: height, rows: inputRows, seed: UInt64(width * 31 + height))
    let reference = try FFT2D.forward(
      ComplexImage(width: width, height: height, real: field, imaginary: field.map { _ in 0 }))
    // Imaginary parts in the input rows are ignored: fill them with garbage.
    var buffer: [Float] = field.indices.flatMap { index -> [Float] in
      [Float(field[index]), inputRows.contains(index / width) ? 7.5 : 0]
    }
    buffer.withUnsafeMutableBufferPointer { plan.forward($0.baseAddress!) }
    // |Z| ~ √(WH) (unit Gaussians); Float32 rounding through ≤ log₂(WH) + 2 passes.
    let tolerance = 2e-6 * Double(width * height).squareRoot() * (2 + log2(Double(width * height)))
    var forwardError = 0.0
    for v in 0..<height {
      for u in plan.spectrumColumns {
        let k = v * width + u
        let realError: Double = abs(Double(buffer[2 * k]) - reference.interleaved[2 * k])
        let imaginaryError: Double = abs(Double(buffer[2 * k + 1]) - reference.interleaved[2 * k + 1])
        forwardError = max(forwardError, realError, imaginaryError)
      }
    }
    #expect(forwardError < tolerance, "\(width)×\(height): half spectrum differs by \(forwardError) (< \(tolerance))")

    // A real kernel's spectrum times the field's, back: the circular convolution, times W·H.
    let kernel = Self.field(width: width, height: height, rows: 0..<height, seed: 99)
    let kernelSpectrum = try FFT2D.forward(
      ComplexImage(width: width, height: height, real: kernel, imaginary: kernel.map { _ in 0 }))
    for k in 0..<(width * height) where plan.spectrumColumns.contains(k % width) {
      let (zr, zi): (Float, Float) = (buffer[2 * k], buffer[2 * k + 1])
      let hr = Float(kernelSpectrum.interleaved[2 * k])
      let hi = Float(kernelSpectrum.interleaved[2 * k + 1])
      buffer[2 * k] = zr * hr - zi * hi
      buffer[2 * k + 1] = zr * hi + zi * hr
    }
    buffer.withUnsafeMutableBufferPointer { plan.inverse($0.baseAddress!) }
    let n = Double(width * height)
    var worst = 0.0
    var scale = 0.0
    // The direct sum at every output pixel of the small planes, at a spread-out sample of the
    // renderer's (cheap in a debug build).
    let step = width * height > 4096 ? 11 : 1
    for y in stride(from: outputRows.lowerBound, to: outputRows.upperBound, by: step) {
      for x in stride(from: 0, to: width, by: step) {
        var expected = 0.0
        for dy in 0..<height {
          for dx in 0..<width {
            let kernelIndex = ((y - dy + height) % height) * width + (x - dx + width) % width
            expected += field[dy * width + dx] * kernel[kernelIndex]
          }
        }
        let found = Double(buffer[plan.outputOffset(row: y) + 2 * x]) / n
        worst = max(worst, abs(found - expected))
        scale = max(scale, abs(expected))
      }
    }
    // Relative to the largest output (~√(WH) · the kernel's spread): Float32 through the passes.
    #expect(worst < 1e-5 * max(1, scale), "\(width)×\(height): convolution off by \(worst) (largest \(scale))")
  }

  /// The renderer's sizes take FFTW's AVX codelets only when the batches are multiples of 4.
  @Test func batchesAreMultiplesOfFourAtTheRendererSize() throws {
    let plan = try FFT2D.PrunedRealSinglePrecisionPlan(width: 128, height: 128, outputRows: 15..<95, inputRows: 0..<110)
    #expect(plan.forwardRows == 0..<112)
    #expect(plan.inverseRows == 15..<95)
    #expect(plan.columnCount == 68)
  }

  @Test func unalignedBuffersGiveTheSameBits() throws {
    let plan = try FFT2D.PrunedRealSinglePrecisionPlan(width: 16, height: 10, outputRows: 3..<8)
    let values: [Float] = Self.field(width: 16, height: 10, rows: 0..<10, seed: 5).flatMap { value -> [Float] in
      [Float(value), 0]
    }
    #expect(values.count == plan.count)
    #expect(forwardAndInverseGiveTheSameBitsWhenShifted(values, forward: plan.forward, inverse: plan.inverse))
  }

  @Test func rejectsOddSizesAndRowsOutsideThePlane() {
    #expect(throws: NumericsError.self) {
      try FFT2D.PrunedRealSinglePrecisionPlan(width: 7, height: 8, outputRows: 0..<8)
    }
    #expect(throws: NumericsError.self) {
      try FFT2D.PrunedRealSinglePrecisionPlan(width: 8, height: 9, outputRows: 0..<8)
    }
    #expect(throws: NumericsError.self) {
      try FFT2D.PrunedRealSinglePrecisionPlan(width: 8, height: 8, outputRows: 4..<9)
    }
  }
}
