import Foundation
import Numerics
import Testing

/// The accurate Poisson pmf and the guide-table inversion sampler for a fixed mean.
@Suite struct PoissonGuideTableTests {
  /// Loader's form against the textbook pmf: at μ = 3.5 the product e^{−μ} μ^k / k! is computed
  /// term by term (exact to a few ulp), tolerance 10⁻¹³ relative; at μ = 10⁵ the textbook
  /// exp(−μ + k ln μ − lgamma(k + 1)) itself loses ~k ln μ · 2⁻⁵³ ≈ 10⁻¹⁰, tolerance 10⁻⁸.
  @Test func pmfMatchesTheTextbookForm() {
    var term = exp(-3.5)
    for k in 0...40 {
      if k > 0 { term *= 3.5 / Double(k) }
      #expect(abs(PoissonProbability.mass(k, mean: 3.5) / term - 1) < 1e-13, "k = \(k)")
    }
    for k in stride(from: 98_000, through: 102_000, by: 250) {
      let textbook = exp(-1e5 + Double(k) * log(1e5) - lgamma(Double(k) + 1))
      #expect(abs(PoissonProbability.mass(k, mean: 1e5) / textbook - 1) < 1e-8, "k = \(k)")
    }
    #expect(PoissonProbability.mass(-1, mean: 2) == 0)
  }

  /// The table's cumulative sums against the textbook pmf summed from 0 at μ = 50 (absolute
  /// 10⁻¹⁴: both sides a few ulp), the omitted tails below 2⁻⁶⁴, the last entry 1, and the
  /// table's mean = μ (relative 10⁻¹³) at several means.
  @Test(arguments: [0.3, 50, 3136, 1e5])
  func cumulativeSumsAreThePoissonCDF(mean: Double) throws {
    let table = try PoissonGuideTable(mean: mean)
    #expect(table.lowest >= 0 && table.lowest <= Int(mean) && Int(mean) < table.lowest + table.count)
    #expect(table.cumulativeProbability(atOffset: table.count - 1) == 1)
    var below = 0.0
    for k in 0..<table.lowest { below += PoissonProbability.mass(k, mean: mean) }
    #expect(below < 0x1p-64)
    var above = 0.0
    for k in (table.lowest + table.count)..<(table.lowest + table.count + 200) {
      above += PoissonProbability.mass(k, mean: mean)
    }
    #expect(above < 0x1p-64)
    // E X = L + Σ_{j < count − 1} (1 − Fⱼ) for a variable on [L, H]: no cancellation.
    var previous = 0.0
    var tableMean = Double(table.lowest)
    for j in 0..<table.count {
      let value = table.cumulativeProbability(atOffset: j)
      #expect(value >= previous)
      previous = value
      if j < table.count - 1 { tableMean += 1 - value }
    }
    #expect(abs(tableMean / mean - 1) < 1e-13, "E X = \(tableMean)")
    if mean == 50 {
      var textbook = 0.0
      for k in 0..<(table.lowest + table.count - 1) {
        textbook += exp(-50 + Double(k) * log(50) - lgamma(Double(k) + 1))
        if k >= table.lowest {
          #expect(abs(table.cumulativeProbability(atOffset: k - table.lowest) - textbook) < 1e-14, "k = \(k)")
        }
      }
    }
  }

  /// The draw is exactly min{k : F(k) > U} for chosen uniforms: 0, the largest uniform
  /// 1 − 2⁻⁵³, each stored F itself (the draw moves past it) and its predecessor (it stays).
  @Test(arguments: [0.7, 3136])
  func drawIsTheInverseCDF(mean: Double) throws {
    let table = try PoissonGuideTable(mean: mean)
    func inverse(_ u: Double) -> Double {
      var j = 0
      while table.cumulativeProbability(atOffset: j) <= u { j += 1 }
      return Double(table.lowest + j)
    }
    var uniforms: [Double] = [0, 1 - 0x1p-53, 0.5, 0x1p-53]
    for j in stride(from: 0, to: table.count - 1, by: max(1, table.count / 97)) {
      let f = table.cumulativeProbability(atOffset: j)
      uniforms += [f, f.nextDown].filter { $0 >= 0 && $0 < 1 }
    }
    var source = ScriptedUniforms(uniforms)
    for u in uniforms { #expect(table.draw(using: &source) == inverse(u), "U = \(u)") }
    #expect(source.taken == uniforms.count)
    #expect(inverse(0) == Double(table.lowest))
    #expect(inverse(1 - 0x1p-53) <= Double(table.lowest + table.count - 1))
  }

  /// 40,000 draws on the pixel-noise stream against the exact pmf (χ² p > 10⁻⁴, see
  /// `FastPoissonTests` for the binning), and mean and variance μ within 5 standard errors.
  @Test(arguments: [50, 3136, 1e5])
  func drawsArePoisson(mean: Double) throws {
    let table = try PoissonGuideTable(mean: mean)
    var stream = RandomGenerator(seed: 31, stream: UInt64(mean)).pixelNoiseStream()
    let n = 40_000
    let draws = (0..<n).map { _ in table.draw(using: &stream) }
    let fit = try #require(PoissonChiSquare.pValue(draws: draws, mean: mean))
    #expect(fit.pValue > 1e-4, "\(fit.summary)")
    let sampleMean = draws.reduce(0, +) / Double(n)
    let variance = draws.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / Double(n - 1)
    #expect(abs(sampleMean - mean) < 5 * (mean / Double(n)).squareRoot())
    #expect(abs(variance - mean) < 5 * ((mean + 2 * mean * mean) / Double(n)).squareRoot())
  }

  @Test func refusesMeansOutsideItsRange() {
    for mean in [0, -1, .nan, .infinity, PoissonGuideTable.maximumMean * 2] {
      #expect(throws: NumericsError.self) { try PoissonGuideTable(mean: mean) }
    }
  }
}
