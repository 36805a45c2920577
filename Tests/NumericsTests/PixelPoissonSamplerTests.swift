import Foundation
import Testing

@testable import Numerics

/// Poisson(B + s) as a sum of exact parts (sky alias table, source digit alias tables, fraction,
/// PTRS above 4096) against the exact pmf of the summed mean.
@Suite struct PixelPoissonSamplerTests {
  /// (B, s) pairs covering every branch: a fraction alone, one digit + fraction, three digits,
  /// a whole number (no fraction draw), PTRS for s ≥ 4096, a small and a PHAT-like sky.
  static let cases: [(base: Double, source: Double)] = [
    (0, 0.3), (0, 2.65), (0, 3839.75), (3136, 0.37), (3136, 37.5), (3136, 300), (50, 5000.3), (12.5, 1),
    (220, 9.99), (0, 1e5),
  ]

  /// 40,000 draws per case against Poisson(B + s) by χ² (p > 10⁻⁴, binning as in
  /// `FastPoissonTests`), mean and variance B + s within 5 standard errors.
  @Test(arguments: cases.indices)
  func drawsArePoissonOfTheSummedMean(index: Int) throws {
    let (base, s) = Self.cases[index]
    let sampler = try PixelPoissonSampler(baseMean: base)
    var stream = RandomGenerator(seed: 2718, stream: UInt64(index)).pixelNoiseStream()
    let n = 40_000
    let draws = (0..<n).map { _ in sampler.draw(sourceMean: s, using: &stream) }
    let mean = base + s
    #expect(draws.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
    let fit = try #require(PoissonChiSquare.pValue(draws: draws, mean: mean))
    #expect(fit.pValue > 1e-4, "\(fit.summary)")
    let sampleMean = draws.reduce(0, +) / Double(n)
    let variance = draws.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / Double(n - 1)
    #expect(abs(sampleMean - mean) < 5 * (mean / Double(n)).squareRoot(), "mean \(sampleMean) vs \(mean)")
    #expect(abs(variance - mean) < 5 * ((mean + 2 * mean * mean) / Double(n)).squareRoot())
  }

  /// Below 1, the fraction alone: P(0) = e^{−s} and P(1) = s e^{−s} within 5 binomial σ.
  @Test func fractionalMeanHasPoissonZerosAndOnes() throws {
    let sampler = try PixelPoissonSampler(baseMean: 0)
    var stream = RandomGenerator(seed: 5, stream: 5).pixelNoiseStream()
    let n = 100_000
    let s = 0.05
    let draws = (0..<n).map { _ in sampler.draw(sourceMean: s, using: &stream) }
    for (k, p) in [(0.0, exp(-s)), (1.0, s * exp(-s))] {
      let count = Double(draws.filter { $0 == k }.count)
      #expect(abs(count - Double(n) * p) < 5 * (Double(n) * p * (1 - p)).squareRoot(), "k = \(k)")
    }
  }

  /// The bracketed fraction sampler returns exactly the sequential-search inverse
  /// min{k : Fₖ(f) > U} for 20,000 (f, U) pairs on the stream's 2⁻⁵³ grid, including means on
  /// the table's grid points and uniforms just below and at P(0) = e^{−f}.
  @Test func fractionTableIsTheExactInverse() {
    let table = PoissonFractionTable.shared
    var stream = RandomGenerator(seed: 17).pixelNoiseStream()
    var pairs: [(Double, Double)] = []
    for _ in 0..<20_000 { pairs.append((stream.uniform(), stream.uniform())) }
    for i in stride(from: 0, to: PoissonFractionTable.steps, by: 7) {
      let f = Double(i) / Double(PoissonFractionTable.steps)
      let p0 = (exp(-f) * 0x1p53).rounded(.down) * 0x1p-53
      pairs += [(f, p0), (f, p0 - 0x1p-53), (f, p0 + 0x1p-53), (f, 1 - 0x1p-53), (f, 0)]
    }
    for (f, u) in pairs {
      var source = ScriptedUniforms([u])
      let drawn = table.draw(mean: f, using: &source)
      #expect(drawn == PoissonFractionTable.search(uniform: u, mean: f), "f = \(f), U = \(u)")
    }
  }

  /// Words taken per draw. Merged mode (B's table ≤ `mergedBinLimit` bins): one for B + d₀
  /// (none when B = 0 and s < 1), then one for d₁ (s ≥ 16), d₂ (s ≥ 256), the fraction, and
  /// d₃ for the 4096-digit; a large sky draws B and d₀ apart — whatever the digits, zero or not.
  @Test func drawsOneWordPerPartByClass() throws {
    let sky = try PixelPoissonSampler(baseMean: 100)
    let dark = try PixelPoissonSampler(baseMean: 0)
    let wide = try PixelPoissonSampler(baseMean: 1e5)
    #expect(sky.mergesBaseWithUnitDigit && !dark.mergesBaseWithUnitDigit && !wide.mergesBaseWithUnitDigit)
    let expected: [(PixelPoissonSampler, Double, Int)] = [
      (dark, 0, 0), (dark, -3, 0), (dark, .nan, 0), (sky, 0, 1), (sky, -2, 1), (sky, 0.5, 2), (sky, 1, 2),
      (sky, 15.5, 2), (sky, 16, 3), (sky, 17, 3), (sky, 0x101 + 0.25, 4), (dark, 0xFFF, 4), (dark, 0xF0F, 4),
      (dark, 0x100, 4), (dark, 0x10, 3), (dark, 0.001, 1), (dark, 0x3100 + 0.5, 4 + 3), (sky, 0x2000, 4 + 2),
      (sky, 0xFFFF, 4 + 15), (wide, 0, 1), (wide, 0.5, 2), (wide, 5.5, 3), (wide, 300, 5),
    ]
    for (sampler, s, words) in expected {
      let start = RandomGenerator(seed: 3).pixelNoiseStream()
      var stream = start
      _ = sampler.draw(sourceMean: s, using: &stream)
      var reference = start
      for _ in 0..<words { _ = reference.next() }
      #expect(
        (stream.s0, stream.s1, stream.s2, stream.s3) == (reference.s0, reference.s1, reference.s2, reference.s3),
        "B = \(sampler.baseMean), s = \(s)")
    }
  }

  /// A band drawn by `drawPixels` follows its documented word order: the block's common parts
  /// pixel by pixel (the words of `draw` for 0 < s < 65,536 and s ≤ 0, the B + d₀ word for
  /// s ≥ 65,536, the ziggurat's first word), then the block's deferred parts in pixel order (PTRS,
  /// the ziggurat's slow path) — rebuilt here from the tables, on 2,500 pixels (three blocks, so
  /// ≈ 30 deferred normals) mixing every class, for both sky modes, σ 0 and 3; a wide sky keeps
  /// the plain per-pixel order.
  @Test func bandDrawFollowsTheDocumentedWordOrder() throws {
    let classes: [Float] = [0, -1, .nan, 0.2, 3.7, 15.99, 16, 250.5, 300.25, 4095.5, 4096, 20_000.75, 70_000, 9]
    var mix = RandomGenerator(seed: 6).pixelNoiseStream()
    let sources = (0..<2_500).map { _ in classes[Int(mix.next() % UInt64(classes.count))] }
    let edges = ZigguratNormalTable.shared.edges
    for base in [0.0, 220, 1e5] {
      let sampler = try PixelPoissonSampler(baseMean: base)
      for sigma in [0.0, 3] {
        var pixels = sources
        var stream = RandomGenerator(seed: 41, stream: UInt64(base)).pixelNoiseStream()
        var reference = stream
        pixels.withUnsafeMutableBufferPointer {
          sampler.drawPixels($0, sourceScale: 2, readNoiseSigma: sigma, offset: base, outputScale: 0.5, using: &stream)
        }
        var expected = [Float](repeating: 0, count: sources.count)
        let blocked = base < 1e4
        let blockSize = blocked ? PixelPoissonSampler.blockSize : 1
        for start in stride(from: 0, to: sources.count, by: blockSize) {
          var later: [(index: Int, count: Double, ptrsMean: Double?, normal: (UInt64, Double)?)] = []
          for index in start..<min(start + blockSize, sources.count) {
            let s = Double(sources[index]) * 2
            var electrons: Double
            var ptrsMean: Double? = nil
            if blocked && s >= 65_536 {
              electrons = base > 0 ? Double(sampler.kernel.mergedViews[0].drawCount(word: reference.next())) : 0
              ptrsMean = s
            } else {
              electrons = sampler.draw(sourceMean: s, using: &reference)
            }
            var normal: (UInt64, Double)? = nil
            if sigma > 0 && !blocked {
              electrons += sigma * reference.standardNormal()
            } else if sigma > 0 {
              let bits = reference.next()
              let layer = Int(bits & 0xFF)
              let x = Double(bits >> 11) * 0x1p-53 * edges[layer]
              if x < edges[layer + 1] {
                electrons += sigma * (bits & 0x100 == 0 ? x : -x)
              } else {
                normal = (bits, x)
              }
            }
            if ptrsMean != nil || normal != nil {
              later.append((index, electrons, ptrsMean, normal))
            } else {
              expected[index] = Float((electrons - base) * 0.5)
            }
          }
          for pixel in later {
            var electrons = pixel.count
            if let mean = pixel.ptrsMean { electrons += reference.exactPoisson(mean: mean) }
            if let (bits, x) = pixel.normal { electrons += sigma * reference.zigguratSlowPath(bits: bits, x: x) }
            expected[pixel.index] = Float((electrons - base) * 0.5)
          }
        }
        for index in sources.indices {
          #expect(
            pixels[index].bitPattern == expected[index].bitPattern, "B = \(base), σ = \(sigma), pixel \(index)")
        }
        #expect(stream.next() == reference.next())
      }
    }
  }

  /// The deferred parts are the same distributions: a band whose every pixel defers its Poisson
  /// part (s ≥ 65,536: PTRS after the block) against the moments of Poisson(B + s) (5 σ), and a
  /// dark band (B = s = 0, σ = 1, so each pixel is its normal) whose ≈ 1.2 % of slow-path
  /// ziggurat draws come after each block: KS against Φ (p > 10⁻⁴), the fraction beyond the
  /// tail start r ≈ 3.654 (reached only through the deferred path) within 5 binomial σ.
  @Test func deferredPartsKeepTheirDistributions() throws {
    let sampler = try PixelPoissonSampler(baseMean: 220)
    var stream = RandomGenerator(seed: 23).pixelNoiseStream()
    let n = 20_000
    var bright = [Float](repeating: 40_000.25, count: n)
    bright.withUnsafeMutableBufferPointer {
      sampler.drawPixels($0, sourceScale: 2, readNoiseSigma: 0, offset: 0, outputScale: 1, using: &stream)
    }
    let mean = 220 + 80_000.5
    let values = bright.map(Double.init)
    let sampleMean = values.reduce(0, +) / Double(n)
    let variance = values.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / Double(n - 1)
    #expect(abs(sampleMean - mean) < 5 * (mean / Double(n)).squareRoot())
    #expect(abs(variance / mean - 1) < 5 * (2 / Double(n)).squareRoot())

    let dark = try PixelPoissonSampler(baseMean: 0)
    let m = 60_000
    var normals = [Float](repeating: 0, count: m)
    normals.withUnsafeMutableBufferPointer {
      dark.drawPixels($0, sourceScale: 1, readNoiseSigma: 1, offset: 0, outputScale: 1, using: &stream)
    }
    let test = GoodnessOfFit.kolmogorovSmirnov(samples: normals.map(Double.init)) { StandardNormal.cdf($0) }
    #expect(test.pValue > 1e-4, "KS D = \(test.statistic)")
    let r = ZigguratNormalTable.shared.tailStart
    let p = 2 * StandardNormal.survival(r)
    let beyond = Double(normals.filter { abs(Double($0)) > r }.count)
    #expect(abs(beyond - Double(m) * p) < 5 * (Double(m) * p * (1 - p)).squareRoot())
  }

  /// The digit tables at every class boundary and with zero digits (s = 16, 256, 0x1F0.5, 4095.9),
  /// the 4096-digit (s = 4096.5, 0x3100.25, 65535.5), a sky too wide to merge with d₀ (2·10⁴)
  /// and a source just above the PTRS threshold: χ² against Poisson(B + s).
  static let boundaryCases: [(base: Double, source: Double)] = [
    (15, 16), (0, 256), (220, 0x1F0 + 0.5), (160, 4095.9), (0, 4096.5), (3136, 0x3100 + 0.25), (2e4, 7.5),
    (0, 65_535.5), (15, 65_536.5),
  ]

  @Test(arguments: boundaryCases.indices)
  func classBoundariesArePoisson(index: Int) throws {
    let (base, s) = Self.boundaryCases[index]
    let sampler = try PixelPoissonSampler(baseMean: base)
    var stream = RandomGenerator(seed: 99, stream: UInt64(s)).pixelNoiseStream()
    let draws = (0..<20_000).map { _ in sampler.draw(sourceMean: s, using: &stream) }
    let fit = try #require(PoissonChiSquare.pValue(draws: draws, mean: base + s))
    #expect(fit.pValue > 1e-4, "\(fit.summary)")
  }

  /// A sky beyond the table limit goes to PTRS on B + s: mean and variance within 5 σ.
  @Test func untabulatedSkyUsesPTRS() throws {
    let base = PoissonAliasTable.maximumMean * 3
    let sampler = try PixelPoissonSampler(baseMean: base)
    var stream = RandomGenerator(seed: 8).pixelNoiseStream()
    let n = 20_000
    let draws = (0..<n).map { _ in sampler.draw(sourceMean: 12.5, using: &stream) }
    let mean = base + 12.5
    let sampleMean = draws.reduce(0, +) / Double(n)
    let variance = draws.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / Double(n - 1)
    #expect(abs(sampleMean - mean) < 5 * (mean / Double(n)).squareRoot())
    #expect(abs(variance / mean - 1) < 5 * (2 / Double(n)).squareRoot())
  }

  @Test func refusesANegativeOrNonFiniteSky() {
    for base in [-1, .nan, .infinity] {
      #expect(throws: NumericsError.self) { try PixelPoissonSampler(baseMean: base) }
    }
  }
}
