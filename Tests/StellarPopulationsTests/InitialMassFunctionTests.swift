import Foundation
import Numerics
import StellarPopulations
import Testing

@Suite struct InitialMassFunctionTests {
  static func allIMFs() throws -> [any InitialMassFunction] {
    [
      try BrokenPowerLawIMF.kroupa2001(), try Chabrier2003IMF(), try BrokenPowerLawIMF.salpeter1955(),
      try BrokenPowerLawIMF(breakpoints: [0.1, 0.7, 3, 60], slopes: [0.8, 1.9, 2.7], name: "user"),
      try BrokenPowerLawIMF.kroupa2001(lowerMass: 0.01, upperMass: 120),
    ]
  }

  /// Independent numbers: Simpson integration of the density (in ln m, 4000 steps per piece) must
  /// give the analytic CDF and mean to 1e-7 — this checks normalisation, continuity and moments.
  @Test func analyticCDFAndMomentsMatchNumericalIntegrationOfTheDensity() throws {
    for imf in try Self.allIMFs() {
      let breaks = [imf.lowerMass, 0.08, 0.5, 0.7, 1, 3, 60, imf.upperMass].filter {
        $0 >= imf.lowerMass && $0 <= imf.upperMass
      }.sorted()
      var number = 0.0
      var mass = 0.0
      for (a, b) in zip(breaks, breaks.dropFirst()) where b > a {
        number += StatisticalChecks.integrateLog({ imf.probabilityDensity($0) }, from: a, to: b)
        mass += StatisticalChecks.integrateLog({ $0 * imf.probabilityDensity($0) }, from: a, to: b)
        let cdfNumber = StatisticalChecks.integrateLog({ imf.probabilityDensity($0) }, from: imf.lowerMass, to: b)
        #expect(abs(imf.cumulativeProbability(b) - cdfNumber) < 1e-7, "\(imf.name) CDF at \(b)")
      }
      #expect(abs(number - 1) < 1e-7, "\(imf.name) normalisation \(number)")
      #expect(abs(mass / imf.meanMass - 1) < 1e-7, "\(imf.name) mean \(mass) vs \(imf.meanMass)")
      #expect(abs(imf.numberFraction(from: 0, to: 1000) - 1) < 1e-12)
      #expect(abs(imf.massFraction(from: imf.lowerMass, to: imf.upperMass) - 1) < 1e-12)
      for u in stride(from: 0.0, through: 1.0, by: 0.01) {
        #expect(abs(imf.cumulativeProbability(imf.quantile(u)) - u) < 1e-10, "\(imf.name) quantile at \(u)")
      }
    }
  }

  @Test func publishedShapes() throws {
    // Kroupa: ξ continuous at 0.5 with slopes 1.3 / 2.3: ξ(0.4)/ξ(0.5) = (0.4/0.5)^-1.3, ξ(2)/ξ(0.5) = 4^-2.3.
    let kroupa = try BrokenPowerLawIMF.kroupa2001()
    #expect(abs(kroupa.probabilityDensity(0.4) / kroupa.probabilityDensity(0.5) - pow(0.8, -1.3)) < 1e-12)
    #expect(abs(kroupa.probabilityDensity(2) / kroupa.probabilityDensity(0.5) - pow(4, -2.3)) < 1e-12)
    #expect(kroupa.probabilityDensity(0.05) == 0)
    // Chabrier 2003: ξ(log m) peaks at m_c = 0.079 and is continuous at 1 M☉.
    let chabrier = try Chabrier2003IMF(lowerMass: 0.01)
    let perLog = { (m: Double) in m * chabrier.probabilityDensity(m) }
    #expect(perLog(0.079) > perLog(0.075) && perLog(0.079) > perLog(0.083))
    #expect(abs(chabrier.probabilityDensity(1 - 1e-12) / chabrier.probabilityDensity(1) - 1) < 1e-9)
    // Salpeter: mean of m^-2.35 on [0.08, 150] in closed form.
    let salpeter = try BrokenPowerLawIMF.salpeter1955()
    let expected = (pow(150, -0.35) - pow(0.08, -0.35)) / -0.35 / ((pow(150, -1.35) - pow(0.08, -1.35)) / -1.35)
    #expect(abs(salpeter.meanMass / expected - 1) < 1e-12)
    #expect(throws: InitialMassFunctionError.self) { try BrokenPowerLawIMF(breakpoints: [1, 0.5], slopes: [2]) }
  }

  /// 10^6 draws per IMF (about a second each in a debug build) pass a KS test against the
  /// analytic CDF (p > 0.001 at this seed; a wrong slope or a misplaced break gives p ≈ 0). The
  /// sample mean must be within 0.5 % of ⟨m⟩ and within 4 standard errors: σ_m/⟨m⟩ ≈ 4 for these
  /// IMFs (0.08–150 M☉), so the standard error of a 10^6-draw mean is ~0.4 % and the 0.5 % bound
  /// alone would be a 1.2σ test; 3·10^6 draws bring it to 0.24 % (0.5 % ≈ 2σ).
  @Test(arguments: 0..<4) func samplesFollowTheAnalyticDistribution(index: Int) throws {
    let imf = try Self.allIMFs()[index]
    let generator = RandomGenerator(seed: 20_240_601, stream: UInt64(index))
    let ksCount = 1_000_000
    let draws = imf.sampleMasses(count: ksCount, using: generator).masses
    var sum = draws.reduce(0, +)
    var sumSquares = draws.reduce(0) { $0 + $1 * $1 }
    let d = StatisticalChecks.kolmogorovSmirnovBound(draws: draws, cdf: imf.cumulativeProbability)
    let p = StatisticalChecks.kolmogorovSmirnovPValue(statistic: d, count: ksCount)
    #expect(p > 0.001, "\(imf.name): KS D = \(d), p = \(p)")
    #expect(draws.min()! >= imf.lowerMass && draws.max()! <= imf.upperMass)
    let extra = imf.sampleMasses(count: 2_000_000, using: generator).masses
    for mass in extra {
      sum += mass
      sumSquares += mass * mass
    }
    let n = Double(ksCount + extra.count)
    let mean = sum / n
    let standardError = ((sumSquares / n - mean * mean) / n).squareRoot()
    let relative = abs(mean / imf.meanMass - 1)
    #expect(relative < 0.005, "\(imf.name): mean \(mean) vs \(imf.meanMass) (\(relative))")
    #expect(abs(mean - imf.meanMass) < 4 * standardError)
  }

  /// The KS check has power: 10^5 Kroupa draws are rejected against the Chabrier CDF.
  @Test func kolmogorovSmirnovRejectsTheWrongIMF() throws {
    let draws = try BrokenPowerLawIMF.kroupa2001().sampleMasses(count: 100_000, using: RandomGenerator(seed: 3)).masses
    let chabrier = try Chabrier2003IMF()
    let d = StatisticalChecks.kolmogorovSmirnovBound(draws: draws, cdf: chabrier.cumulativeProbability)
    #expect(StatisticalChecks.kolmogorovSmirnovPValue(statistic: d, count: draws.count) < 1e-6)
  }

  /// Sampling to a target mass: the stop-nearest rule leaves the total within half the crossing
  /// star of the target, and replays of the same seed with stop-after / stop-before bracket it.
  @Test(arguments: [100.0, 1_000.0, 100_000.0]) func targetMassRule(target: Double) throws {
    let imf = try BrokenPowerLawIMF.kroupa2001()
    var sumOfTotals = 0.0
    let realisations = target >= 100_000 ? 3 : 200
    for stream in 0..<realisations {
      let nearest = imf.sampleMasses(
        totalMass: target, rule: .stopNearest, using: RandomGenerator(seed: 7, stream: UInt64(stream)))
      let after = imf.sampleMasses(
        totalMass: target, rule: .stopAfter, using: RandomGenerator(seed: 7, stream: UInt64(stream)))
      let before = imf.sampleMasses(
        totalMass: target, rule: .stopBefore, using: RandomGenerator(seed: 7, stream: UInt64(stream)))
      let crossing = after.masses.last!
      #expect(after.totalMass >= target && before.totalMass < target)
      #expect(after.masses.count == before.masses.count + 1)
      #expect(abs(after.totalMass - crossing - before.totalMass) < 1e-9 * target)
      #expect(abs(nearest.totalMass - target) <= crossing / 2 + 1e-9 * target)
      #expect(nearest.totalMass == after.totalMass || nearest.totalMass == before.totalMass)
      #expect(abs(nearest.masses.reduce(0, +) - nearest.totalMass) < 1e-9 * target)
      sumOfTotals += nearest.totalMass
    }
    // Stop-nearest is close to unbiased: the mean total is within 2 % of the target at 100 M☉
    // (Haas & Anders 2010, Fig. 2) and far closer for larger targets.
    #expect(abs(sumOfTotals / Double(realisations) / target - 1) < 0.02)
  }
}
