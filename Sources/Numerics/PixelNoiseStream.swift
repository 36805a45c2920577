/// The random words of a sample's pixel noise: four xoshiro256** streams stepped together in
/// SIMD lanes, whose outputs are written in bulk to a buffer that the per-pixel loop reads in
/// order (`PixelPoissonSampler.drawPixels`), plus a fifth, scalar stream for the rare parts
/// drawn after each block of pixels (PTRS, the ziggurat's slow path) and for skies too wide for
/// the block path.
///
/// Definition: from a generator state x (`RandomGenerator.pixelNoiseStream()`), lane k
/// (k = 0 … 3) is the xoshiro256** stream from Jᵏ(x) and the scalar stream starts at J⁴(x), J
/// being `Xoshiro256StarStar.jump()` (2¹²⁸ steps), so the five never overlap. `fill` writes
/// rounds of four words: word 4r + k of a fill is lane k's next output (round r). Every lane
/// advances by the same number of words, so the lanes after n rounds are exactly the lanes of
/// the stream whose lane 0 is x advanced by n words.
///
/// Cost: ≈ 4–5 vector instructions per word with AVX2 (one 256-bit register per state word;
/// the multiplications by 5 and 9 as shifts and adds), against ≈ 11 scalar instructions per
/// `next()`. A value type: use it `inout`, one per sample, never shared.
public struct PixelNoiseStream {
  @usableFromInline var s0: SIMD4<UInt64>
  @usableFromInline var s1: SIMD4<UInt64>
  @usableFromInline var s2: SIMD4<UInt64>
  @usableFromInline var s3: SIMD4<UInt64>
  /// The fifth stream, from J⁴(x): the rare parts' words.
  public var scalar: Xoshiro256StarStar

  /// The lanes J⁰(x) … J³(x) and the scalar stream J⁴(x) of `stream`'s state x (four jumps).
  public init(_ stream: Xoshiro256StarStar) {
    var state = Xoshiro256StarStar(state: (stream.s0, stream.s1, stream.s2, stream.s3))
    var lanes: [Xoshiro256StarStar] = []
    for _ in 0..<4 {
      lanes.append(state)
      state.jump()
    }
    s0 = SIMD4(lanes[0].s0, lanes[1].s0, lanes[2].s0, lanes[3].s0)
    s1 = SIMD4(lanes[0].s1, lanes[1].s1, lanes[2].s1, lanes[3].s1)
    s2 = SIMD4(lanes[0].s2, lanes[1].s2, lanes[2].s2, lanes[3].s2)
    s3 = SIMD4(lanes[0].s3, lanes[1].s3, lanes[2].s3, lanes[3].s3)
    scalar = state
  }

  /// Lane k's current state (for tests).
  public func lane(_ k: Int) -> Xoshiro256StarStar {
    Xoshiro256StarStar(state: (s0[k], s1[k], s2[k], s3[k]))
  }

  /// Writes 4 · `rounds` words to `words`: words[4r + k] is lane k's output of round r
  /// (xoshiro256**'s `next()`, four lanes at once).
  @inlinable public mutating func fill(_ words: UnsafeMutablePointer<UInt64>, rounds: Int) {
    var a = s0
    var b = s1
    var c = s2
    var d = s3
    let raw = UnsafeMutableRawPointer(words)
    // One round: the output of the state (a, b, c, d), then the step.
    @inline(__always) func round(_ offset: Int) {
      // rotl(s1 · 5, 7) · 9, the products as shifts and adds (no 64-bit vector multiply in AVX2).
      let five = b &+ (b &<< 2)
      let rotated = (five &<< 7) | (five &>> 57)
      let result = rotated &+ (rotated &<< 3)
      raw.storeBytes(of: result, toByteOffset: offset, as: SIMD4<UInt64>.self)
      let t = b &<< 17
      c ^= a
      d ^= b
      b ^= c
      a ^= d
      c ^= t
      // The rotation as two shifts and an add of disjoint bits: written with `|`, LLVM turns it
      // into a funnel shift that AVX2 lacks and scalarises (measured: 27 instructions a round).
      d = (d &<< 45) &+ (d &>> 19)
    }
    // Two rounds per iteration (no register copy of the state between rounds, half the loop
    // overhead), then the odd one.
    var offset = 0
    for _ in 0..<(rounds >> 1) {
      round(offset)
      round(offset &+ 32)
      offset &+= 64
    }
    if rounds & 1 != 0 { round(offset) }
    s0 = a
    s1 = b
    s2 = c
    s3 = d
  }
}
