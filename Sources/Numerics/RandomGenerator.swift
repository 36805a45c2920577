internal import CGSL

/// A GSL Mersenne Twister (`gsl_rng_mt19937`) that belongs to one sample or one task.
///
/// Contract:
/// - A generator is keyed by `(seed, stream)`: the recipe seed and the sample (or task) index.
///   The same key gives the same sequence on every machine, whatever the thread count.
/// - Never share one between threads: the type is deliberately not `Sendable`.
///
/// Why not `gsl_rng_set`: GSL's MT19937 seeding keeps only the low 32 bits of the seed, so a
/// training set of 10⁶ samples seeded that way would contain ~100 pairs of identical streams
/// (birthday bound n²/2³³). Instead the full 624-word MT state is filled from a SplitMix64
/// stream (Steele, Lea & Flood 2014) started at `StreamSeeding.mix(seed, stream)`, which is
/// a documented, collision-free-in-practice 128→64-bit key mixing.
public final class RandomGenerator {
  let handle: UnsafeMutablePointer<gsl_rng>

  /// The key this generator was created with (recorded in truth tables for reproduction).
  public let seed: UInt64
  public let stream: UInt64

  /// Creates a generator for sample (or task) `stream` of a recipe with seed `seed`.
  public init(seed: UInt64, stream: UInt64 = 0) {
    GSLRuntime.configureOnce()
    guard let rng = gsl_rng_alloc(cgsl_rng_mt19937()) else {
      fatalError("gsl_rng_alloc failed: out of memory")
    }
    handle = rng
    self.seed = seed
    self.stream = stream
    Self.fillMersenneTwisterState(rng, key: StreamSeeding.mix(seed, stream))
  }

  deinit { gsl_rng_free(handle) }

  /// GSL 2.x stores MT19937 as `struct { unsigned long mt[624]; int mti; }`.
  private static let mtWordCount = 624

  private static func fillMersenneTwisterState(_ rng: UnsafeMutablePointer<gsl_rng>, key: UInt64) {
    let expectedSize = mtWordCount * MemoryLayout<UInt>.stride + MemoryLayout<Int>.stride
    let size = gsl_rng_size(rng)
    precondition(
      size == expectedSize,
      "unexpected gsl mt19937 state size \(size) (expected \(expectedSize)); GSL layout changed")
    guard let state = gsl_rng_state(rng) else { fatalError("gsl_rng_state returned NULL") }
    var splitMix = SplitMix64(state: key)
    let words = state.bindMemory(to: UInt.self, capacity: mtWordCount + 1)
    var anyNonZero = false
    for i in 0..<mtWordCount {
      let word = UInt(truncatingIfNeeded: splitMix.next() & 0xFFFF_FFFF)
      anyNonZero = anyNonZero || word != 0
      words[i] = word
    }
    if !anyNonZero { words[0] = 0x8000_0000 }  // MT's only forbidden state is all-zero.
    // mti = N forces a full twist before the first output, exactly as after gsl_rng_set.
    let mtiPointer = UnsafeMutableRawPointer(words + mtWordCount).bindMemory(to: Int32.self, capacity: 1)
    mtiPointer.pointee = Int32(mtWordCount)
  }

  // MARK: - Uniform

  /// Uniform on [0, 1).
  @inline(__always) public func uniform() -> Double { gsl_rng_uniform(handle) }
  /// Uniform on (0, 1): safe for logarithms.
  @inline(__always) public func uniformPositive() -> Double { gsl_rng_uniform_pos(handle) }
  /// Uniform on [lower, upper).
  public func uniform(_ lower: Double, _ upper: Double) -> Double { gsl_ran_flat(handle, lower, upper) }
  /// Uniform integer in [0, count). `count` must be positive.
  public func uniformInteger(below count: Int) -> Int {
    precondition(count > 0, "uniformInteger(below:) needs a positive count, got \(count)")
    // GSL returns 0 (with the error handler off) for n above the generator's range, 2³² − 1.
    precondition(count <= 0xFFFF_FFFF, "uniformInteger(below:) supports counts up to 2³² − 1, got \(count)")
    return Int(gsl_rng_uniform_int(handle, UInt(count)))
  }

  // MARK: - Continuous distributions

  /// Gaussian with mean `mean` and standard deviation `sigma` (GSL's ziggurat method).
  @inline(__always) public func gaussian(mean: Double = 0, sigma: Double = 1) -> Double {
    mean + gsl_ran_gaussian_ziggurat(handle, sigma)
  }

  /// Log-normal: `exp(N(mu, sigma))`.
  public func logNormal(mu: Double, sigma: Double) -> Double { gsl_ran_lognormal(handle, mu, sigma) }

  /// Exponential with the given mean.
  public func exponential(mean: Double) -> Double { gsl_ran_exponential(handle, mean) }

  /// Gamma with shape `k` and scale `theta`.
  public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(handle, shape, scale) }

  /// Truncated power law p(x) ∝ x^(-alpha) on [lower, upper], by exact inverse CDF.
  /// `alpha` is the slope of dN/dx (Salpeter: 2.35). Requires 0 < lower < upper.
  public func powerLaw(alpha: Double, lower: Double, upper: Double) -> Double {
    let u = uniform()
    return PowerLawSegment(alpha: alpha, lower: lower, upper: upper).quantile(u)
  }

  // MARK: - Discrete distributions

  /// Poisson with mean `mean` (≥ 0). Returned as Double because expected counts in images are
  /// Doubles and can exceed UInt32 only for absurd inputs, which are clamped by GSL.
  @inline(__always) public func poisson(mean: Double) -> Double {
    mean > 0 ? Double(gsl_ran_poisson(handle, mean)) : 0
  }

  /// Bernoulli trial with probability `p`.
  public func bernoulli(_ p: Double) -> Bool { gsl_ran_bernoulli(handle, p) == 1 }
}

/// The documented mixing of (recipe seed, stream index) into one 64-bit generator key.
///
/// `mix(s, i) = splitmix64(splitmix64(s) ⊕ (i · 0x9E3779B97F4A7C15 + 0xD1B54A32D192ED03))`
/// where `splitmix64` is the SplitMix64 output finaliser. It is a bijection in `i` for fixed `s`,
/// so two samples of one recipe can never share a key.
public enum StreamSeeding {
  public static func mix(_ seed: UInt64, _ stream: UInt64) -> UInt64 {
    finalize(finalize(seed) ^ (stream &* 0x9E37_79B9_7F4A_7C15 &+ 0xD1B5_4A32_D192_ED03))
  }

  /// SplitMix64's output function (Steele, Lea & Flood 2014), a 64-bit bijection.
  @inline(__always) public static func finalize(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// SplitMix64: used only to expand a 64-bit key into MT19937's 624-word state.
struct SplitMix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return StreamSeeding.finalize(state)
  }
}
