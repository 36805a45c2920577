import Foundation

extension PoissonProbability {
  /// [L, H]: the values a Poisson(μ) table holds, leaving out less than 2⁻⁶⁴ of probability on
  /// each side (geometric bounds on both tails), for 0 < μ. Below L: F(L − 1) ≤ p(L − 1) /
  /// (1 − (L − 1)/μ), as the ratios p(i − 1)/p(i) = i/μ below L − 1 are at most (L − 1)/μ. Above H:
  /// 1 − F(H) ≤ p(H + 1) / (1 − μ/(H + 2)), as the ratios p(i + 1)/p(i) = μ/(i + 1) above H + 1 are
  /// at most μ/(H + 2). Shared by `PoissonGuideTable` and `PoissonAliasTable`.
  static func tableRange(mean: Double) -> ClosedRange<Int> {
    let cut = 0x1p-64
    let mode = Int(mean.rounded(.down))
    var low = mode
    while low > 0 {
      let below = Double(low - 1)
      if mass(low - 1, mean: mean) / (1 - below / mean) < cut { break }
      low -= 1
    }
    var high = mode
    while mass(high + 1, mean: mean) / (1 - mean / Double(high + 2)) >= cut { high += 1 }
    return low...high
  }
}
