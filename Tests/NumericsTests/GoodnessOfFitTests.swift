import Foundation
import Numerics
import Testing

@Suite struct GoodnessOfFitTests {
  @Test func kolmogorovTailMatchesSciPy() {
    // scipy.stats.kstwobign.sf (SciPy 1.17.1), an independent implementation.
    let reference: [(Double, Double)] = [
      (0.3, 0.9999906941986655), (0.5, 0.9639452436648751), (0.8, 0.5441424115741981),
      (1.0, 0.26999967167735456), (1.18, 0.1234538094297657), (1.2, 0.11224966667072497),
      (1.36, 0.049485876755377876), (1.63, 0.009846364888486529), (2.0, 0.0006709252557796953),
    ]
    for (lambda, tail) in reference {
      #expect(abs(KolmogorovDistribution.survival(lambda) / tail - 1) < 1e-10)
    }
    // Both series agree where they meet.
    #expect(abs(KolmogorovDistribution.survival(1.18 - 1e-12) - KolmogorovDistribution.survival(1.18)) < 1e-11)
    #expect(KolmogorovDistribution.survival(0) == 1 && KolmogorovDistribution.survival(10) < 1e-80)
  }

  @Test func kolmogorovSmirnovStatisticIsExact() {
    // Samples 0.1, 0.5, 0.9 against U(0,1): D = max(1/3 − 0.1, 0.9 − 2/3) = 0.2333…
    let test = GoodnessOfFit.kolmogorovSmirnov(samples: [0.9, 0.1, 0.5]) { min(max($0, 0), 1) }
    #expect(abs(test.statistic - 0.7 / 3) < 1e-15)
    let root = 3.0.squareRoot()
    #expect(test.pValue == KolmogorovDistribution.survival((root + 0.12 + 0.11 / root) * 0.7 / 3))
  }

  @Test func kolmogorovSmirnovAcceptsTheTruthAndRejectsALie() {
    let generator = RandomGenerator(seed: 77)
    let samples = (0..<5000).map { _ in generator.gaussian() }
    let normalCDF = { (x: Double) in 0.5 * erfc(-x / 2.0.squareRoot()) }
    let truth = GoodnessOfFit.kolmogorovSmirnov(samples: samples, cdf: normalCDF)
    #expect(truth.pValue > 0.001)
    #expect(truth.statistic < 1.95 / 5000.0.squareRoot())  // the 0.1% critical value
    // A 20% wider Gaussian (D ≈ 0.045, √n·D ≈ 3) is rejected at n = 5000.
    let lie = GoodnessOfFit.kolmogorovSmirnov(samples: samples) { normalCDF($0 / 1.2) }
    #expect(lie.pValue < 1e-6)
  }

  @Test func chiSquareMatchesTheClosedForm() {
    // With 2 degrees of freedom P(χ² > s) = exp(−s/2): s = 10 → e^{-5}.
    let test = GoodnessOfFit.chiSquare(observed: [10, 20, 30], expected: [20, 20, 20])
    #expect(test.statistic == 10 && test.degreesOfFreedom == 2)
    #expect(abs(test.pValue - exp(-5)) < 1e-15)
    let five = GoodnessOfFit.chiSquare(
      observed: [10, 20, 30, 40, 50, 60], expected: [10, 20, 30, 40, 50, 60], constraints: 1)
    #expect(five.statistic == 0 && five.pValue == 1)
    // scipy.stats.chi2.sf(10, 5) = 0.07523524614651217
    let shifted = GoodnessOfFit.chiSquare(observed: [20, 20, 30, 40, 50, 60], expected: [10, 20, 30, 40, 50, 60])
    #expect(shifted.statistic == 10 && shifted.degreesOfFreedom == 5)
    #expect(abs(shifted.pValue / 0.07523524614651217 - 1) < 1e-12)
    let wide = GoodnessOfFit.chiSquare(observed: [20, 10], expected: [10, 10], constraints: 0)
    #expect(wide.degreesOfFreedom == 2 && abs(wide.pValue - 0.0067379469990854670) < 1e-15)
    #expect(GoodnessOfFit.chiSquare(observed: [1, 2, 3], expected: [0, 3, 3]).pValue == 0)
  }
}
