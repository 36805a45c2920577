import Numerics
import Testing

@Suite struct UniformBlockTests {
  /// `drawUniforms` is GSL's MT19937 bit for bit: blocks of every size, across several twists
  /// (624 words each), interleaved with single `uniform()` calls and GSL Gaussian draws on the
  /// same state, give exactly the sequence of one-at-a-time `gsl_rng_uniform` calls.
  @Test func blocksReproduceTheOneAtATimeStream() {
    let reference = RandomGenerator(seed: 41, stream: 3)
    let blocked = RandomGenerator(seed: 41, stream: 3)
    var buffer = [Double](repeating: -1, count: 700)
    var sizes = [1, 7, 623, 624, 625, 700, 2, 300, 333]
    sizes += sizes
    for (step, size) in sizes.enumerated() {
      let written = buffer.withUnsafeMutableBufferPointer { blocked.drawUniforms(into: .init(rebasing: $0[0..<size])) }
      #expect(written >= 1 && written <= min(size, 624))
      for k in 0..<written { #expect(buffer[k] == reference.uniform(), "step \(step), value \(k)") }
      #expect(blocked.uniform() == reference.uniform())
      #expect(blocked.gaussian() == reference.gaussian())
    }
  }

  /// Returned uniforms come back: after `returnUniforms(n)` the stream continues with the first
  /// unused value, the rest of the stream (and other GSL draws) exactly as if they were never drawn.
  @Test func returnedUniformsAreDrawnAgain() {
    let reference = RandomGenerator(seed: 42)
    let blocked = RandomGenerator(seed: 42)
    var buffer = [Double](repeating: 0, count: 256)
    var used = 0
    for round in 0..<40 {
      let written = buffer.withUnsafeMutableBufferPointer { blocked.drawUniforms(into: $0) }
      let keep = (round * 37) % (written + 1)
      for k in 0..<keep { #expect(buffer[k] == reference.uniform()) }
      blocked.returnUniforms(written - keep)
      used += keep
      #expect(blocked.uniform() == reference.uniform())
    }
    #expect(used > 624 * 3, "the rounds must cross several twists")
    for _ in 0..<1_000 { #expect(blocked.poisson(mean: 3.5) == reference.poisson(mean: 3.5)) }
  }
}
