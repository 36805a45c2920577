internal import CGSL

extension RandomGenerator {
  /// A `Xoshiro256StarStar` stream for a sample's pixel noise, seeded by this generator's next
  /// eight 32-bit outputs (`gsl_rng_get`; MT19937 words, low word first, two per state word).
  ///
  /// The stream is then a pure function of this generator's key and of the draws made before
  /// the call, so a sample's noise stays a pure function of (recipe seed, sample index).
  /// Consumes exactly eight outputs of this generator.
  public func pixelNoiseStream() -> Xoshiro256StarStar {
    func word() -> UInt64 {
      let low = UInt64(gsl_rng_get(handle)) & 0xFFFF_FFFF
      let high = UInt64(gsl_rng_get(handle)) & 0xFFFF_FFFF
      return low | high << 32
    }
    let state = (word(), word(), word(), word())
    return Xoshiro256StarStar(state: state)
  }
}
