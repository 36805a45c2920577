import Foundation
import Numerics

extension BrokenPowerLawIMF {
  /// `quantile(_:)` of each uniform, bit for bit (the same operations in the same order), with
  /// each segment's constants (its start in the CDF, its probability, lower^(1−α), the span of
  /// x^(1−α) and 1/(1−α)) read once per call instead of once per star: a first pass finds each
  /// star's segment, base lower^(1−α) + u′ · span and exponent 1/(1−α); the powers are then taken
  /// for the whole block by the vectorised `raise(_:toPowers:)` (the same bits as the scalar
  /// `PowerLawSegment.quantile`).
  public func quantiles(of uniforms: UnsafeBufferPointer<Double>, into masses: UnsafeMutablePointer<Double>) {
    let last = segments.count - 1
    let start = cumulativeAtSegmentStart
    let probability = segmentProbabilities
    let lowerPower = segments.map(\.lowerPower)
    let span = segments.map { $0.upperPower - $0.lowerPower }
    let exponent = segments.map { 1 / (1 - $0.alpha) }
    // Segments with α = 1 (to 10⁻¹²) use the logarithmic quantile; take the general path for them.
    guard segments.allSatisfy({ abs(1 - $0.alpha) >= 1e-12 }) else {
      for index in uniforms.indices { masses[index] = quantile(uniforms[index]) }
      return
    }
    let exponents = UnsafeMutableBufferPointer<Double>.allocate(capacity: uniforms.count)
    defer { exponents.deallocate() }
    for star in uniforms.indices {
      let u = uniforms[star]
      var index = last
      while index > 0 && u < start[index] { index -= 1 }
      let local = min(max((u - start[index]) / probability[index], 0), 1)
      masses[star] = lowerPower[index] + local * span[index]
      exponents[star] = exponent[index]
    }
    raise(UnsafeMutableBufferPointer(start: masses, count: uniforms.count), toPowers: UnsafeBufferPointer(exponents))
  }
}
