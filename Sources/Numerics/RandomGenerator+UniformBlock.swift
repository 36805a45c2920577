internal import CGSL

extension RandomGenerator {
  /// Writes the next uniforms of the stream on [0, 1) into the front of `buffer` and returns how
  /// many it wrote: at least 1 (for a non-empty buffer) and at most `buffer.count`. The values
  /// and the generator's state afterwards are bit-identical to as many successive `uniform()`
  /// calls (`gsl_rng_uniform`): this is GSL's own MT19937 (`mt_get`, Matsumoto & Nishimura 1998,
  /// ACM TOMACS 8, 3) run in Swift on the same state words, without a C call per value.
  ///
  /// The block stops at the end of the twister's current 624-word block (it never regenerates
  /// the words in the middle of a call), so it may write fewer than `buffer.count`; call again
  /// for more. That is what makes `returnUniforms(_:)` exact.
  public func drawUniforms(into buffer: UnsafeMutableBufferPointer<Double>) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    let (words, mtiPointer) = mersenneTwisterState()
    var mti = Int(mtiPointer.pointee)
    if mti >= Self.mtWords {
      Self.twist(words)
      mti = 0
    }
    let count = min(buffer.count, Self.mtWords - mti)
    let scale = 1 / 4_294_967_296.0  // GSL divides by 2³²: multiplying by 2⁻³² is the same, exactly.
    // The tempered word y < 2³² (MT19937's state words are 32-bit values) as a double without an
    // integer conversion instruction (x86-64 has no packed unsigned 64-bit one before AVX-512):
    // the bits of 2⁵² + y, minus 2⁵², are y exactly. So the loop vectorises.
    let twoTo52Bits: UInt64 = 0x4330_0000_0000_0000
    for k in 0..<count {
      var y = UInt64(words[mti + k])
      y ^= y >> 11
      y ^= (y << 7) & 0x9D2C_5680
      y ^= (y << 15) & 0xEFC6_0000
      y ^= y >> 18
      base[k] = (Double(bitPattern: twoTo52Bits | y) - 0x1p52) * scale
    }
    mtiPointer.pointee = Int32(mti + count)
    return count
  }

  /// Un-draws the last `count` uniforms of the latest `drawUniforms(into:)`: afterwards the
  /// stream continues with the first of them, exactly as if they had never been drawn.
  ///
  /// Requires `count` ≤ the number that call returned and no draw from the generator in between.
  /// Exact because MT19937's output k of a block is the tempering of state word k, which
  /// tempering leaves untouched, and `drawUniforms` never crosses into a new block: stepping the
  /// block position back restores the state bit for bit.
  public func returnUniforms(_ count: Int) {
    guard count > 0 else { return }
    let (_, mtiPointer) = mersenneTwisterState()
    let mti = Int(mtiPointer.pointee)
    precondition(count <= mti, "returnUniforms(\(count)) reaches before the twister's current block (at \(mti))")
    mtiPointer.pointee = Int32(mti - count)
  }

  /// MT19937's N.
  private static let mtWords = 624

  /// GSL 2.x's `struct { unsigned long mt[624]; int mti; }` (its size is checked at `init`).
  private func mersenneTwisterState() -> (words: UnsafeMutablePointer<UInt>, mti: UnsafeMutablePointer<Int32>) {
    guard let state = gsl_rng_state(handle) else { fatalError("gsl_rng_state returned NULL") }
    let words = state.assumingMemoryBound(to: UInt.self)
    let mti = UnsafeMutableRawPointer(words + Self.mtWords).assumingMemoryBound(to: Int32.self)
    return (words, mti)
  }

  /// Regenerates all 624 words, exactly as GSL's `mt_get` does when `mti` reaches N (M = 397).
  private static func twist(_ mt: UnsafeMutablePointer<UInt>) {
    let n = mtWords
    let m = 397
    @inline(__always) func mixed(_ upper: UInt, _ lower: UInt, _ far: UInt) -> UInt {
      let y = (upper & 0x8000_0000) | (lower & 0x7FFF_FFFF)
      return far ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF)
    }
    for k in 0..<(n - m) { mt[k] = mixed(mt[k], mt[k + 1], mt[k + m]) }
    // GSL's second loop, k = n − m … n − 2, in two parts so that the word each k reads at
    // k + m − n was written before its part began: the same operations in the same order, and
    // the compiler vectorises each part four lanes wide (as one loop: two).
    for k in (n - m)..<(2 * (n - m)) { mt[k] = mixed(mt[k], mt[k + 1], mt[k + m - n]) }
    for k in (2 * (n - m))..<(n - 1) { mt[k] = mixed(mt[k], mt[k + 1], mt[k + m - n]) }
    mt[n - 1] = mixed(mt[n - 1], mt[0], mt[m - 1])
  }
}

extension RandomGenerator {
  /// Fills all of `buffer` with the next `buffer.count` uniforms on [0, 1): the same values, and
  /// the same state afterwards, as that many `uniform()` calls (`drawUniforms(into:)` block by block).
  public func fillUniforms(_ buffer: UnsafeMutableBufferPointer<Double>) {
    var done = 0
    while done < buffer.count {
      done += drawUniforms(into: UnsafeMutableBufferPointer(rebasing: buffer[done...]))
    }
  }
}
