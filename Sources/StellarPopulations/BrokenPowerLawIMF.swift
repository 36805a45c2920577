import Foundation
import Numerics

/// A continuous broken power law ξ(m) ∝ m^(−αᵢ) on [mᵢ, mᵢ₊₁]: Salpeter (1955), Kroupa (2001) or
/// any user-defined one. Coefficients make ξ continuous at every break.
public struct BrokenPowerLawIMF: InitialMassFunction, Equatable {
  public let name: String
  /// The power-law pieces, ascending in mass.
  public let segments: [PowerLawSegment]
  /// The probability of each piece (sums to 1).
  public let segmentProbabilities: [Double]
  /// Cumulative probability at the lower end of each piece.
  let cumulativeAtSegmentStart: [Double]
  /// ξ's normalised coefficient on each piece: ξ(m) = coefficient · m^(−α).
  let coefficients: [Double]

  /// `breakpoints` = [m₀, m₁, …, mₙ] (M☉, strictly increasing), `slopes` = [α₀, …, αₙ₋₁]
  /// with ξ ∝ m^(−αᵢ) between mᵢ and mᵢ₊₁ (Salpeter: α = 2.35).
  public init(breakpoints: [Double], slopes: [Double], name: String = "broken power law") throws {
    guard breakpoints.count == slopes.count + 1, !slopes.isEmpty else {
      throw InitialMassFunctionError.breakpointsAndSlopesMismatch(breakpoints: breakpoints.count, slopes: slopes.count)
    }
    guard breakpoints.allSatisfy({ $0 > 0 && $0.isFinite }), zip(breakpoints, breakpoints.dropFirst()).allSatisfy(<)
    else { throw InitialMassFunctionError.breakpointsNotIncreasing(breakpoints) }
    for slope in slopes where !slope.isFinite {
      throw InitialMassFunctionError.invalidParameter(name: "slope", value: slope, rule: "must be finite")
    }
    self.name = name
    let pieces = slopes.indices.map {
      PowerLawSegment(alpha: slopes[$0], lower: breakpoints[$0], upper: breakpoints[$0 + 1])
    }
    segments = pieces
    // Unnormalised coefficients continuous at the breaks, starting from 1 on the first piece.
    var raw = [1.0]
    for index in 1..<slopes.count {
      let m = breakpoints[index]
      raw.append(raw[index - 1] * pow(m, slopes[index] - slopes[index - 1]))
    }
    let weights = pieces.indices.map { raw[$0] * pieces[$0].integral() }
    let total = weights.reduce(0, +)
    segmentProbabilities = weights.map { $0 / total }
    coefficients = raw.map { $0 / total }
    var cumulative: [Double] = []
    var running = 0.0
    for probability in segmentProbabilities {
      cumulative.append(running)
      running += probability
    }
    cumulativeAtSegmentStart = cumulative
  }

  /// Kroupa (2001, MNRAS 322, 231, eq. 2): α = 0.3 on 0.01–0.08, 1.3 on 0.08–0.5, 2.3 above 0.5 M☉.
  /// The default range is 0.08–150 M☉ (stars only); a `lowerMass` below 0.08 adds the
  /// substellar 0.3 piece down to that mass (Kroupa's 0.01 M☉).
  public static func kroupa2001(lowerMass: Double = 0.08, upperMass: Double = 150) throws -> BrokenPowerLawIMF {
    guard lowerMass > 0, upperMass > lowerMass else {
      throw InitialMassFunctionError.invalidLimits(lower: lowerMass, upper: upperMass)
    }
    let allBreaks = [0.08, 0.5]
    let allSlopes = [0.3, 1.3, 2.3]
    var breakpoints = [lowerMass]
    var slopes: [Double] = []
    for (index, slope) in allSlopes.enumerated() {
      let pieceUpper = index < allBreaks.count ? allBreaks[index] : Double.infinity
      let pieceLower = index == 0 ? 0 : allBreaks[index - 1]
      let lower = max(pieceLower, lowerMass)
      let upper = min(pieceUpper, upperMass)
      if upper > lower {
        slopes.append(slope)
        breakpoints.append(upper)
      }
    }
    return try BrokenPowerLawIMF(breakpoints: breakpoints, slopes: slopes, name: "Kroupa 2001")
  }

  /// Salpeter (1955, ApJ 121, 161): ξ ∝ m^(−2.35); default range 0.08–150 M☉ like the others.
  public static func salpeter1955(lowerMass: Double = 0.08, upperMass: Double = 150) throws -> BrokenPowerLawIMF {
    guard lowerMass > 0, upperMass > lowerMass else {
      throw InitialMassFunctionError.invalidLimits(lower: lowerMass, upper: upperMass)
    }
    return try BrokenPowerLawIMF(breakpoints: [lowerMass, upperMass], slopes: [2.35], name: "Salpeter 1955")
  }

  public var lowerMass: Double { segments.first!.lower }
  public var upperMass: Double { segments.last!.upper }

  @inline(__always) func segmentIndex(containing mass: Double) -> Int {
    var index = 0
    while index < segments.count - 1 && mass >= segments[index].upper { index += 1 }
    return index
  }

  public func probabilityDensity(_ mass: Double) -> Double {
    guard mass >= lowerMass && mass <= upperMass else { return 0 }
    let index = segmentIndex(containing: mass)
    return coefficients[index] * pow(mass, -segments[index].alpha)
  }

  public func cumulativeProbability(_ mass: Double) -> Double {
    if mass <= lowerMass { return 0 }
    if mass >= upperMass { return 1 }
    let index = segmentIndex(containing: mass)
    return cumulativeAtSegmentStart[index] + segmentProbabilities[index] * segments[index].cdf(mass)
  }

  public func quantile(_ u: Double) -> Double {
    var index = segments.count - 1
    while index > 0 && u < cumulativeAtSegmentStart[index] { index -= 1 }
    let local = min(max((u - cumulativeAtSegmentStart[index]) / segmentProbabilities[index], 0), 1)
    return segments[index].quantile(local)
  }

  public func partialMoment(_ k: Int, from lower: Double, to upper: Double) -> Double {
    var total = 0.0
    for (index, segment) in segments.enumerated() {
      let a = max(lower, segment.lower)
      let b = min(upper, segment.upper)
      guard b > a else { continue }
      total +=
        coefficients[index] * PowerLawSegment(alpha: segment.alpha, lower: a, upper: b).integral(moment: Double(k))
    }
    return total
  }
}
