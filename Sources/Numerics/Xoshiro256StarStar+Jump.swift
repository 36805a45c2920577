extension Xoshiro256StarStar {
  /// Advances the state by 2¹²⁸ outputs (the reference implementation's `jump()`, Blackman &
  /// Vigna 2021): the state becomes J(x) = T^(2¹²⁸) x, T the generator's linear step on GF(2)²⁵⁶,
  /// evaluated as the jump polynomial's sum Σ cᵢ Tⁱ x (the four 64-bit constants below are its
  /// coefficients cᵢ). Streams J⁰(x), J¹(x), J²(x)… are disjoint for 2¹²⁸ words each:
  /// `PixelNoiseStream` runs them side by side. About 256 steps (≈ 5,000 instructions).
  public mutating func jump() {
    let coefficients: (UInt64, UInt64, UInt64, UInt64) = (
      0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C
    )
    var (a0, a1, a2, a3): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    for word in [coefficients.0, coefficients.1, coefficients.2, coefficients.3] {
      for bit in 0..<64 {
        // All-ones when the bit is set: no branch on the constant's bits.
        let take = 0 &- ((word >> UInt64(bit)) & 1)
        a0 ^= s0 & take
        a1 ^= s1 & take
        a2 ^= s2 & take
        a3 ^= s3 & take
        _ = next()
      }
    }
    (s0, s1, s2, s3) = (a0, a1, a2, a3)
  }
}
