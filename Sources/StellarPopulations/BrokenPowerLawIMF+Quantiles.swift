import Foundation
import Numerics

extension BrokenPowerLawIMF {
  /// `quantile(_:)` of each uniform, bit for bit (the same operations in the same order), with
  /// each segment's constants (its start in the CDF, its probability, lower^(1−α), the span of
  /// x^(1−α) and 1/(1−α)) read once per call instead of once per star: a first pass finds each
  /// star's segment, base lower^(1−α) + u′ · span and exponent 1/(1−α); the powers are then taken
  /// for the whole block by the vectorised `raise(_:toPowers:)` (the same bits as the scalar
  /// `PowerLawSegment.quantile`).
  ///
  /// With at most four segments (every IMF Starmill ships) the first pass holds the constants in
  /// registers and picks a star's segment by selects, not by a search: the segment of u is the
  /// highest k with u ≥ start_k (where `quantile`'s downward search stops), found by three
  /// compare-and-selects, so the loop has no branch and vectorises. Unused segment slots start at
  /// +∞ and are never picked. No heap allocation per call.
  public func quantiles(of uniforms: UnsafeBufferPointer<Double>, into masses: UnsafeMutablePointer<Double>) {
    let count = segments.count
    // Segments with α = 1 (to 10⁻¹²) use the logarithmic quantile, and more than four segments
    // do not fit the registers: take the general path for them.
    guard count <= 4, segments.allSatisfy({ abs(1 - $0.alpha) >= 1e-12 }) else {
      for index in uniforms.indices { masses[index] = quantile(uniforms[index]) }
      return
    }
    var start = SIMD4<Double>(repeating: .infinity)
    var probability = SIMD4<Double>(repeating: 1)
    var lowerPower = SIMD4<Double>(repeating: 0)
    var span = SIMD4<Double>(repeating: 0)
    var exponent = SIMD4<Double>(repeating: 0)
    for index in 0..<count {
      let segment = segments[index]
      start[index] = cumulativeAtSegmentStart[index]
      probability[index] = segmentProbabilities[index]
      lowerPower[index] = segment.lowerPower
      span[index] = segment.upperPower - segment.lowerPower
      exponent[index] = 1 / (1 - segment.alpha)
    }
    // Scalar constants (not the SIMD4 values captured by the closure, which the compiler reloads
    // per star and turns into branches).
    let (s0, s1, s2, s3) = (start[0], start[1], start[2], start[3])
    let (p0, p1, p2, p3) = (probability[0], probability[1], probability[2], probability[3])
    let (b0, b1, b2, b3) = (lowerPower[0], lowerPower[1], lowerPower[2], lowerPower[3])
    let (w0, w1, w2, w3) = (span[0], span[1], span[2], span[3])
    let (e0, e1, e2, e3) = (exponent[0], exponent[1], exponent[2], exponent[3])
    // Exponents in chunks of a fixed 128 (1 KiB: always on the stack, no heap allocation).
    let chunk = 128
    withUnsafeTemporaryAllocation(of: Double.self, capacity: chunk) { exponents in
      var first = 0
      while first < uniforms.count {
        let length = min(chunk, uniforms.count - first)
        let u = uniforms.baseAddress! + first
        let chunkMasses = masses + first
        for star in 0..<length {
          let value = u[star]
          let later1 = value >= s1
          let later2 = value >= s2
          let later3 = value >= s3
          let s = later3 ? s3 : (later2 ? s2 : (later1 ? s1 : s0))
          let p = later3 ? p3 : (later2 ? p2 : (later1 ? p1 : p0))
          let base = later3 ? b3 : (later2 ? b2 : (later1 ? b1 : b0))
          let width = later3 ? w3 : (later2 ? w2 : (later1 ? w1 : w0))
          let e = later3 ? e3 : (later2 ? e2 : (later1 ? e1 : e0))
          let local = min(max((value - s) / p, 0), 1)
          chunkMasses[star] = base + local * width
          exponents[star] = e
        }
        raise(
          UnsafeMutableBufferPointer(start: chunkMasses, count: length),
          toPowers: UnsafeBufferPointer(rebasing: exponents[0..<length]))
        first += length
      }
    }
  }
}
