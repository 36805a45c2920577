import Foundation

/// xoshiro256** 1.0 (Blackman & Vigna 2021, "Scrambled linear pseudorandom number generators",
/// ACM Trans. Math. Softw. 47(4), 36): a 256-bit-state generator with 64-bit outputs, period
/// 2²⁵⁶ − 1, that passes BigCrush and PractRand, at about a nanosecond per draw when inlined.
///
/// Role: the per-pixel noise of a sample (tens of thousands of Poisson and Gaussian variates per
/// image) — where GSL's Mersenne Twister behind a C function pointer costs more than the variate
/// itself. Everything else (cluster parameters, IMF masses, positions) keeps using GSL's
/// generator and distributions (`RandomGenerator`).
///
/// Contract: a value type whose whole state is its four words; a copy continues the same stream,
/// so use it `inout`, one per sample or task, never shared. Seed it from a sample's
/// `RandomGenerator` with `RandomGenerator.pixelNoiseStream()`: the stream is then a pure
/// function of (recipe seed, sample index), like every other draw of the sample.
public struct Xoshiro256StarStar {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64
  /// The second variate of the last polar-method pair, if unused (`polarStandardNormal`).
  @usableFromInline var spareNormal: Double?

  /// A generator with the given state; an all-zero state (the one state xoshiro forbids) is
  /// replaced by a fixed non-zero one.
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    (s0, s1, s2, s3) = state
    if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    spareNormal = nil
  }

  /// The next 64 random bits (the reference implementation's `next()`).
  @inlinable @inline(__always) public mutating func next() -> UInt64 {
    let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3.rotatedLeft(by: 45)
    return result
  }

  /// Uniform on [0, 1): the top 53 bits, k · 2⁻⁵³.
  @inlinable @inline(__always) public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Uniform on (0, 1), symmetric about ½ and safe for logarithms: the odd multiples of 2⁻⁵³,
  /// (2k + 1) · 2⁻⁵³ for a 52-bit k (every one exact in a Double, so never 0 or 1).
  @inlinable @inline(__always) public mutating func uniformPositive() -> Double {
    Double(next() >> 11 | 1) * 0x1p-53
  }

  /// A standard normal variate by Marsaglia & Bray's polar method (1964, SIAM Review 6, 260):
  /// (u, v) uniform in the unit disc, s = u² + v², gives the independent normals
  /// u·√(−2 ln s / s) and v·√(−2 ln s / s); the second is kept for the next call. Exact (no
  /// tables, no approximation); 4/π ≈ 1.27 pairs of uniforms per two variates. The noise path
  /// uses the faster ziggurat (`standardNormal`); this one stays as the table-free reference
  /// (tests, `starmill bench render`).
  @inlinable public mutating func polarStandardNormal() -> Double {
    if let spare = spareNormal {
      spareNormal = nil
      return spare
    }
    while true {
      let u = 2 * uniform() - 1
      let v = 2 * uniform() - 1
      let s = u * u + v * v
      if s < 1 && s > 0 {
        let factor = (-2 * log(s) / s).squareRoot()
        spareNormal = v * factor
        return u * factor
      }
    }
  }
}

extension UInt64 {
  @inlinable @inline(__always) func rotatedLeft(by k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}
