import Foundation
import Numerics
import Testing

/// `FFT2D.PrunedSinglePrecisionPlan` against the double-precision transform (`FFT2D`, itself
/// checked against the defining sum in `FFT2DTests`): the forward transform in full, the inverse
/// in its output rows.
@Suite struct PrunedSinglePrecisionFFTTests {
  static func image(width: Int, height: Int, seed: UInt64) -> ComplexImage {
    let generator = RandomGenerator(seed: seed)
    let count = width * height
    // Values exactly representable in Float32, so both transforms see the same input.
    return ComplexImage(
      width: width, height: height, real: (0..<count).map { _ in Double(Float(generator.gaussian())) },
      imaginary: (0..<count).map { _ in Double(Float(generator.gaussian())) })
  }

  @Test(arguments: [(8, 8, 2..<5), (7, 6, 0..<6), (9, 13, 12..<13), (1, 5, 0..<5), (12, 1, 0..<1), (128, 128, 15..<95)])
  func forwardMatchesAndInverseIsExactInTheOutputRows(size: (Int, Int, Range<Int>)) throws {
    let (width, height, rows) = size
    let plan = try FFT2D.PrunedSinglePrecisionPlan(width: width, height: height, outputRows: rows)
    let image = Self.image(width: width, height: height, seed: UInt64(width * 7 + height))
    let reference = try FFT2D.forward(image)
    var buffer = image.interleaved.map { Float($0) }
    buffer.withUnsafeMutableBufferPointer { plan.forward($0.baseAddress!) }
    // |Z| ~ √(2WH) (unit Gaussians); Float32 rounding through ≤ log₂(WH) = 14 passes.
    let tolerance = 2e-6 * Double(2 * width * height).squareRoot() * max(1, log2(Double(width * height)))
    let forwardError = zip(buffer, reference.interleaved).map { abs(Double($0) - $1) }.max() ?? 0
    #expect(forwardError < tolerance, "\(width)×\(height): forward differs by \(forwardError) (< \(tolerance))")
    buffer.withUnsafeMutableBufferPointer { plan.inverse($0.baseAddress!) }
    let n = Double(width * height)
    let rowFloats = 2 * width
    let original = image.interleaved
    var back = 0.0
    for index in (rows.lowerBound * rowFloats)..<(rows.upperBound * rowFloats) {
      back = max(back, abs(Double(buffer[index]) / n - original[index]))
    }
    #expect(back < 1e-5, "\(width)×\(height) rows \(rows): inverse(forward(z)) / N − z up to \(back)")
  }

  @Test func unalignedBuffersGiveTheSameBits() throws {
    let plan = try FFT2D.PrunedSinglePrecisionPlan(width: 16, height: 10, outputRows: 3..<8)
    let values = Self.image(width: 16, height: 10, seed: 5).interleaved.map { Float($0) }
    #expect(values.count == plan.count)
    #expect(forwardAndInverseGiveTheSameBitsWhenShifted(values, forward: plan.forward, inverse: plan.inverse))
  }

  /// A forward transform that skips the all-zero rows outside `inputRows` gives the full plan's
  /// bits (the row pass comes first, so the skipped rows' transforms would be zeros), and widens
  /// the skipped range to a multiple of 4 rows within the plane.
  @Test(arguments: [(128, 128, 0..<110), (16, 10, 3..<8), (16, 10, 7..<10), (8, 8, 0..<8)])
  func forwardSkippingZeroRowsGivesTheSameBits(size: (Int, Int, Range<Int>)) throws {
    let (width, height, rows) = size
    let full = try FFT2D.PrunedSinglePrecisionPlan(width: width, height: height, outputRows: 0..<height)
    let pruned = try FFT2D.PrunedSinglePrecisionPlan(
      width: width, height: height, outputRows: 0..<height, inputRows: rows)
    #expect(pruned.forwardRows.count % 4 == 0 || pruned.forwardRows.count == height)
    #expect(pruned.forwardRows.clamped(to: 0..<height) == pruned.forwardRows)
    #expect(pruned.forwardRows.contains(rows.lowerBound) && pruned.forwardRows.contains(rows.upperBound - 1))
    var values = Self.image(width: width, height: height, seed: 11).interleaved.map { Float($0) }
    for index in values.indices where !rows.contains(index / (2 * width)) { values[index] = 0 }
    var expected = values
    expected.withUnsafeMutableBufferPointer { full.forward($0.baseAddress!) }
    values.withUnsafeMutableBufferPointer { pruned.forward($0.baseAddress!) }
    #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
    // (The full plan itself is checked against the Double transform above.)
  }

  @Test func rejectsOutputRowsOutsideTheImage() {
    #expect(throws: NumericsError.self) { try FFT2D.PrunedSinglePrecisionPlan(width: 8, height: 8, outputRows: 4..<9) }
    #expect(throws: NumericsError.self) { try FFT2D.PrunedSinglePrecisionPlan(width: 8, height: 8, outputRows: 3..<3) }
  }
}
