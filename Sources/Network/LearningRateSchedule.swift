import Foundation

/// Linear warm-up then cosine decay (Goyal et al. 2017 for the warm-up; Loshchilov & Hutter
/// 2017, SGDR, for the cosine): step s of S total, warm-up W steps,
///
///     lr(s) = peak · (s + 1)/W                                     for s < W
///     lr(s) = final + ½·(peak − final)·(1 + cos(π·(s − W)/(S − W)))  otherwise
///
/// A pure function of the step, so a resumed run continues on the same curve.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
  public var peak: Double
  public var final: Double
  public var warmupSteps: Int
  public var totalSteps: Int

  public init(peak: Double, final: Double, warmupSteps: Int, totalSteps: Int) {
    self.peak = peak
    self.final = final
    self.warmupSteps = max(0, warmupSteps)
    self.totalSteps = max(1, totalSteps)
  }

  public func learningRate(atStep step: Int) -> Double {
    if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps) }
    let span = max(1, totalSteps - warmupSteps)
    let progress = min(1, Double(step - warmupSteps) / Double(span))
    return final + 0.5 * (peak - final) * (1 + cos(Double.pi * progress))
  }
}
