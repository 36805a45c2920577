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
    let zeroPoint = vegaZeroPoint
    for index in magnitudes.indices { rates[index] = -0.4 * M_LN10 * (Double(magnitudes[index]) - zeroPoint) }
    exponentiate(UnsafeMutableBufferPointer(rebasing: rates[0..<magnitudes.count]))
  }
}
