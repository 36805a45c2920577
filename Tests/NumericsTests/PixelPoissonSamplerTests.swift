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

  /// Words taken per draw (session 7 order). Merged mode (B = 0, or B's table ≤ `mergedBinLimit`
  /// bins): one for B + d₀ always, then for 0 < s < 65,536 one for the fraction, d₁ (s ≥ 16),
  /// d₂ (s ≥ 256) and d₃ for the 4096-digit; a wide sky draws B and d₀ apart — whatever the
  /// digits, zero or not.
  @Test func drawsOneWordPerPartByClass() throws {
    let sky = try PixelPoissonSampler(baseMean: 100)
    let dark = try PixelPoissonSampler(baseMean: 0)
    let wide = try PixelPoissonSampler(baseMean: 1e5)
    #expect(sky.mergesBaseWithUnitDigit && dark.mergesBaseWithUnitDigit && !wide.mergesBaseWithUnitDigit)
    let expected: [(PixelPoissonSampler, Double, Int)] = [
      (dark, 0, 1), (dark, -3, 1), (dark, .nan, 1), (sky, 0, 1), (sky, -2, 1), (sky, 0.5, 2), (sky, 1, 2),
      (sky, 15.5, 2), (sky, 16, 3), (sky, 17, 3), (sky, 0x101 + 0.25, 4), (dark, 0xFFF, 4), (dark, 0xF0F, 4),
      (dark, 0x100, 4), (dark, 0x10, 3), (dark, 0.001, 2), (dark, 0x3100 + 0.5, 4 + 3), (sky, 0x2000, 4 + 2),
      (sky, 0xFFFF, 4 + 15), (wide, 0, 2), (wide, 0.5, 3), (wide, 5.5, 3), (wide, 300, 5),
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

  /// A band drawn by `drawPixels` follows its documented word order, rebuilt here word by word:
  /// the common parts take the four lanes' words in interleaved order (lane k from Jᵏ(x), refilled
  /// `wordBufferRounds` rounds at a time, a pixel started only with `maximumWordsPerPixel` words
  /// left, unread words kept), the words of `draw` (a scripted generator replays them) and the
  /// ziggurat's first word; after each block the deferred parts (PTRS, the ziggurat's slow path)
  /// on the scalar stream J⁴(x), in pixel order. 2,500 pixels (three blocks, several refills)
  /// mixing every class, B = 0 and 220, σ 0 and 3, and two bands in a row (the second starting
  /// at the lanes' next round); a wide sky keeps the per-pixel order on the scalar stream.
  @Test func bandDrawFollowsTheDocumentedWordOrder() throws {
    let classes: [Float] = [0, -1, .nan, 0.2, 3.7, 15.99, 16, 250.5, 300.25, 4095.5, 4096, 20_000.75, 70_000, 9]
    var mix = RandomGenerator(seed: 6).pixelNoiseStream()
    let sources = (0..<2_500).map { _ in classes[Int(mix.next() % UInt64(classes.count))] }
    let edges = ZigguratNormalTable.shared.edges
    for base in [0.0, 220, 1e5] {
      let sampler = try PixelPoissonSampler(baseMean: base)
      for sigma in [0.0, 3] {
        let start = RandomGenerator(seed: 41, stream: UInt64(base)).pixelNoiseStream()
        var stream = PixelNoiseStream(start)
        // The reference: the five streams as scalar generators.
        var lanes = (0..<4).map { k in
          var g = start
          for _ in 0..<k { g.jump() }
          return g
        }
        var scalar = start
        for _ in 0..<4 { scalar.jump() }
        let blocked = base < 1e4
        for _ in 0..<2 {
          var pixels = sources
          pixels.withUnsafeMutableBufferPointer {
            sampler.drawPixels(
              $0, sourceScale: 2, readNoiseSigma: sigma, offset: base, outputScale: 0.5, using: &stream)
          }
          var expected = [Float](repeating: 0, count: sources.count)
          if !blocked {
            for index in sources.indices {
              var electrons = sampler.draw(sourceMean: Double(sources[index]) * 2, using: &scalar)
              if sigma > 0 { electrons += sigma * scalar.standardNormal() }
              expected[index] = Float((electrons - base) * 0.5)
            }
          } else {
            var buffered: [UInt64] = []
            var read = 0
            func refill() {
              buffered.removeFirst(read)
              read = 0
              for _ in 0..<PixelPoissonSampler.wordBufferRounds {
                for k in 0..<4 { buffered.append(lanes[k].next()) }
              }
            }
            for blockStart in stride(from: 0, to: sources.count, by: PixelPoissonSampler.blockSize) {
              var later: [(index: Int, count: Double, ptrsMean: Double?, normal: (UInt64, Double)?)] = []
              for index in blockStart..<min(blockStart + PixelPoissonSampler.blockSize, sources.count) {
                if buffered.count - read < PixelPoissonSampler.maximumWordsPerPixel { refill() }
                let s = Double(sources[index]) * 2
                var electrons: Double
                var ptrsMean: Double? = nil
                var script = ScriptedWords(words: Array(buffered[read...]))
                if s >= 65_536 {
                  electrons = Double(sampler.kernel.unit.drawCount(word: script.next(), digit: 0))
                  ptrsMean = s
                } else {
                  electrons = Self.tableParts(sampler.kernel, sourceMean: s, words: &script)
                }
                read += script.used
                var normal: (UInt64, Double)? = nil
                if sigma > 0 {
                  let bits = buffered[read]
                  read += 1
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
                if let mean = pixel.ptrsMean { electrons += scalar.exactPoisson(mean: mean) }
                if let (bits, x) = pixel.normal { electrons += sigma * scalar.zigguratSlowPath(bits: bits, x: x) }
                expected[pixel.index] = Float((electrons - base) * 0.5)
              }
            }
          }
          for index in sources.indices {
            #expect(
              pixels[index].bitPattern == expected[index].bitPattern, "B = \(base), σ = \(sigma), pixel \(index)")
          }
          // The band's unread words are dropped: the lanes stand where the last fill left them.
          for k in 0..<4 {
            let lane = stream.lane(k)
            #expect((lane.s0, lane.s1, lane.s2, lane.s3) == (lanes[k].s0, lanes[k].s1, lanes[k].s2, lanes[k].s3))
          }
          #expect(
            (stream.scalar.s0, stream.scalar.s1, stream.scalar.s2, stream.scalar.s3)
              == (scalar.s0, scalar.s1, scalar.s2, scalar.s3))
        }
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
    var stream = PixelNoiseStream(RandomGenerator(seed: 23).pixelNoiseStream())
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

  /// The bracket's two-step search relies on each row's thresholds being non-decreasing in k and
  /// the next row's being no larger (Fₖ falls with μ), for every row as tabulated.
  @Test func fractionThresholdsAreOrdered() {
    let table = PoissonFractionTable.shared.thresholds
    let k = PoissonFractionTable.kCount
    for row in 0...PoissonFractionTable.steps {
      for j in 1..<k { #expect(table[row * k + j - 1] <= table[row * k + j], "row \(row)") }
      if row < PoissonFractionTable.steps {
        for j in 0..<k { #expect(table[(row + 1) * k + j] <= table[row * k + j], "row \(row)") }
      }
    }
  }
}

extension PixelPoissonSamplerTests {
  /// Poisson(B + s) for s < 65,536 in merged mode from given words, in the documented order
  /// (B + d₀, the fraction, d₁, d₂, d₃ …), restated from the tables for the word-order test.
  static func tableParts(_ kernel: PixelPoissonKernel, sourceMean s: Double, words: inout ScriptedWords) -> Double {
    let inRange = s > 0 && s < 65_536
    let scaled = inRange ? Int(s * 128) : 0
    let whole = scaled >> 7
    var count = kernel.unit.drawCount(word: words.next(), digit: whole & 15)
    guard inRange else { return Double(count) }
    let m = words.next() >> 11
    let k = PoissonFractionTable.draw(thresholds: kernel.fractions, cell: scaled & 127, scaledUniform: m)
    if whole >= 16 { count += kernel.digitViews[16 + (whole >> 4) & 15].drawCount(word: words.next()) }
    if whole >= 256 { count += kernel.digitViews[32 + (whole >> 8) & 15].drawCount(word: words.next()) }
    if whole >= 4096 {
      for _ in 0..<(whole >> 12) { count += kernel.fourThousandView.drawCount(word: words.next()) }
    }
    if k >= 0 { return Double(count + k) }
    return Double(count) + PoissonFractionTable.search(uniform: Double(m) * 0x1p-53, mean: s - Double(whole))
  }
}

/// Given words, handed out in order (counts how many were taken).
struct ScriptedWords {
  var words: [UInt64]
  var used = 0
  mutating func next() -> UInt64 {
    used += 1
    return words[used - 1]
  }
}
