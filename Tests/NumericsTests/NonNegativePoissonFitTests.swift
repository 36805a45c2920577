import Foundation
import Numerics
import Testing

@Suite struct NonNegativePoissonFitTests {
  /// Three overlapping templates over 40 bins (Gaussian bumps plus a flat floor).
  static func templates() -> [[Double]] {
    let centres = [10.0, 18.0, 30.0]
    return centres.map { centre in (0..<40).map { 0.2 + 30 * exp(-0.5 * pow((Double($0) - centre) / 4, 2)) } }
  }

  static func expected(_ templates: [[Double]], _ amplitudes: [Double]) -> [Double] {
    (0..<templates[0].count).map { bin in zip(templates, amplitudes).reduce(0) { $0 + $1.0[bin] * $1.1 } }
  }

  /// Noise-free counts: the maximum-likelihood amplitudes are the true ones, including a true
  /// zero (the optimum sits on the boundary a = 0 with a non-positive gradient).
  @Test func recoversExactAmplitudesIncludingAZero() throws {
    let templates = Self.templates()
    let truth = [2.0, 0.0, 5.0]
    let fit = try NonNegativePoissonFit.fit(templates: templates, counts: Self.expected(templates, truth))
    #expect(abs(fit.amplitudes[0] - 2) < 1e-3)
    #expect(fit.amplitudes[1] < 1e-3)
    #expect(abs(fit.amplitudes[2] - 5) < 1e-3)
    #expect(fit.cash < 1e-6)
    #expect(fit.amplitudes.allSatisfy { $0 >= 0 })
  }

  /// Poisson counts: the solution satisfies the KKT conditions, beats the true amplitudes on
  /// likelihood (it is the maximum), and matches the total count (an EM fixed point has
  /// Σ μ = Σ n, since Σ_j a_j ∂lnL/∂a_j = Σ n − Σ μ = 0).
  @Test func poissonCountsSatisfyTheOptimalityConditions() throws {
    let templates = Self.templates()
    let truth = [3.0, 1.0, 0.5]
    let generator = RandomGenerator(seed: 5, stream: 0)
    let counts = Self.expected(templates, truth).map { Double(generator.poisson(mean: $0)) }
    let fit = try NonNegativePoissonFit.fit(templates: templates, counts: counts)
    let totalExpected: Double = fit.expected.reduce(0, +)
    let totalCounts: Double = counts.reduce(0, +)
    #expect(abs(totalExpected - totalCounts) < 1e-6 * totalCounts)
    for (amplitude, gradient) in zip(fit.amplitudes, fit.gradient) {
      if amplitude > 1e-6 { #expect(abs(gradient) < 1e-4) } else { #expect(gradient < 1e-4) }
    }
    let trueMu = Self.expected(templates, truth)
    var trueCash = 0.0
    for (mu, n) in zip(trueMu, counts) { trueCash += 2 * (mu - n + (n > 0 ? n * log(n / mu) : 0)) }
    #expect(fit.cash <= trueCash + 1e-9)
    // The fit is close to the truth: each amplitude within 4 of its Poisson standard errors,
    // crudely bounded by sqrt(amplitude × 50 / template peak) ≈ 0.5 here.
    for (a, t) in zip(fit.amplitudes, truth) { #expect(abs(a - t) < 1.0, "\(a) vs \(t)") }
  }

  @Test func refusesMismatchedOrNegativeInputs() {
    #expect(throws: NumericsError.self) { try NonNegativePoissonFit.fit(templates: [[1, 2]], counts: [1, 2, 3]) }
    #expect(throws: NumericsError.self) { try NonNegativePoissonFit.fit(templates: [[1, -2]], counts: [1, 2]) }
    #expect(throws: NumericsError.self) { try NonNegativePoissonFit.fit(templates: [], counts: [1]) }
  }
}
