import Foundation
import Numerics

extension InstrumentBand {
  /// The e⁻/s of many stars at once: `rates[k] = countRateElectronsPerSecond(vegaMagnitude:
  /// Double(magnitudes[k]))` (10^(−0.4 (m − ZP)) with the same argument −0.4 ln 10 (m − ZP),
  /// bit for bit) to within 1.5 ulp, by the array exponential `exponentiate` instead of a libm
  /// call per star. A magnitude of +∞ (a star without light) gives exactly 0. `rates` needs room
  /// for `magnitudes.count` values.
  public func countRatesElectronsPerSecond(
    vegaMagnitudes magnitudes: UnsafeBufferPointer<Float>, into rates: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(rates.count >= magnitudes.count, "room for \(rates.count) rates, \(magnitudes.count) magnitudes")
    // One pass: the exponent −0.4 ln 10 (m − ZP) (the constant product folded, as in
    // `exponent(ofMagnitude:_:)`) stays in registers on its way into the exponential.
    exponentiate(magnitudes, minus: vegaZeroPoint, times: -0.4 * M_LN10, into: rates)
  }

  /// The same rates for the stars `stars` picks: `rates[k]` is the rate of `magnitudes[stars[k]]`
  /// (the same bits as the array form on the picked magnitudes), without gathering the
  /// magnitudes first. Every index must lie in `magnitudes`; `rates` needs room for
  /// `stars.count` values.
  public func countRatesElectronsPerSecond(
    vegaMagnitudes magnitudes: UnsafeBufferPointer<Float>, ofStars stars: UnsafeBufferPointer<Int32>,
    into rates: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(rates.count >= stars.count, "room for \(rates.count) rates, \(stars.count) stars")
    let zeroPoint = vegaZeroPoint
    for index in stars.indices {
      let star = Int(stars[index])
      precondition(magnitudes.indices.contains(star), "star \(star) outside \(magnitudes.count) magnitudes")
      rates[index] = Self.exponent(ofMagnitude: magnitudes[star], zeroPoint)
    }
    exponentiate(UnsafeMutableBufferPointer(rebasing: rates[0..<stars.count]))
  }

  /// −0.4 ln 10 (m − ZP): the natural-log exponent of a star's rate.
  @inline(__always) private static func exponent(ofMagnitude magnitude: Float, _ zeroPoint: Double) -> Double {
    -0.4 * M_LN10 * (Double(magnitude) - zeroPoint)
  }
}
