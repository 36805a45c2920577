import Foundation

/// Statistical helpers written in the tests, independent of the code under test.
enum StatisticalChecks {
  /// The one-sample Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of `sorted` against `cdf`.
  static func kolmogorovSmirnovStatistic(sorted: [Double], cdf: (Double) -> Double) -> Double {
    let n = Double(sorted.count)
    var d = 0.0
    for (index, x) in sorted.enumerated() {
      let f = cdf(x)
      d = max(d, Double(index + 1) / n - f, f - Double(index) / n)
    }
    return d
  }

  /// An upper bound on the KS statistic of `draws` against `cdf`, exact to within 1/`bins`, in
  /// O(n) without sorting: the probability-integral transforms uᵢ = F(xᵢ) are counted in `bins`
  /// equal bins of [0, 1]; within a bin the empirical CDF can exceed F by at most
  /// (count up to the bin's end)/n − (bin's start), and fall short by at most
  /// (bin's end) − (count before the bin)/n.
  static func kolmogorovSmirnovBound(draws: [Double], cdf: (Double) -> Double, bins: Int = 1 << 16) -> Double {
    var counts = [Int](repeating: 0, count: bins)
    for x in draws {
      let u = cdf(x)
      counts[min(max(Int(u * Double(bins)), 0), bins - 1)] += 1
    }
    let n = Double(draws.count)
    var before = 0
    var d = 0.0
    for bin in 0..<bins where counts[bin] > 0 {
      let start = Double(bin) / Double(bins)
      let end = Double(bin + 1) / Double(bins)
      let after = before + counts[bin]
      d = max(d, Double(after) / n - start, end - Double(before) / n)
      before = after
    }
    return d
  }

  /// The asymptotic p-value of D for n draws: Q_KS(λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²} with
  /// λ = (√n + 0.12 + 0.11/√n) D (Stephens 1970; Numerical Recipes §14.3.3).
  static func kolmogorovSmirnovPValue(statistic d: Double, count n: Int) -> Double {
    let root = Double(n).squareRoot()
    let lambda = (root + 0.12 + 0.11 / root) * d
    if lambda < 0.2 { return 1 }
    var sum = 0.0
    for k in 1...100 {
      let term = exp(-2 * Double(k * k) * lambda * lambda)
      sum += (k % 2 == 1 ? 1 : -1) * term
      if term < 1e-12 { break }
    }
    return min(max(2 * sum, 0), 1)
  }

  /// Composite Simpson integral of f on [a, b] with `steps` (even) intervals.
  static func simpson(_ f: (Double) -> Double, from a: Double, to b: Double, steps: Int = 2000) -> Double {
    let n = steps % 2 == 0 ? steps : steps + 1
    let h = (b - a) / Double(n)
    var sum = f(a) + f(b)
    for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * f(a + Double(i) * h) }
    return sum * h / 3
  }

  /// ∫ f over [a, b] by Simpson in ln m (the IMFs span four decades).
  static func integrateLog(_ f: (Double) -> Double, from a: Double, to b: Double, steps: Int = 4000) -> Double {
    // exp(log(a)) can land an ulp outside [a, b], where a truncated density is 0: clamp.
    simpson(
      { u in
        let m = min(max(exp(u), a), b); return f(m) * m
      }, from: log(a), to: log(b), steps: steps)
  }
}
