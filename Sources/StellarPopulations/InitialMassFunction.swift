import Numerics

/// A stellar initial mass function ξ(m) = dN/dm on [lowerMass, upperMass] (M☉), normalised to
/// one star: every member gives the exact analytic CDF, its inverse and partial moments, so
/// sampling is an exact inverse-CDF transform of one uniform deviate per star.
public protocol InitialMassFunction: Sendable {
  /// Short name for tables and provenance (`Kroupa 2001`).
  var name: String { get }
  var lowerMass: Double { get }
  var upperMass: Double { get }
  /// ξ(m) normalised so that ∫ ξ dm = 1 over [lowerMass, upperMass]; 0 outside.
  func probabilityDensity(_ mass: Double) -> Double
  /// P(M ≤ mass).
  func cumulativeProbability(_ mass: Double) -> Double
  /// The mass m with P(M ≤ m) = u, for u in [0, 1].
  func quantile(_ u: Double) -> Double
  /// `quantile` of each of `uniforms`, written to `masses` (room for `uniforms.count`): the
  /// same values, bit for bit, without a call per star (the default calls `quantile`). `masses`
  /// may be the uniforms' own memory (each is read before its mass is written).
  func quantiles(of uniforms: UnsafeBufferPointer<Double>, into masses: UnsafeMutablePointer<Double>)
  /// ∫ₐᵇ m^k ξ(m) dm for k = 0 (number fraction) or 1 (mass per star), limits clipped to the range.
  func partialMoment(_ k: Int, from lower: Double, to upper: Double) -> Double
}

extension InitialMassFunction {
  public func quantiles(of uniforms: UnsafeBufferPointer<Double>, into masses: UnsafeMutablePointer<Double>) {
    for index in uniforms.indices { masses[index] = quantile(uniforms[index]) }
  }

  /// The mean stellar mass ⟨m⟩ (M☉ per star).
  public var meanMass: Double { partialMoment(1, from: lowerMass, to: upperMass) }

  /// The fraction of stars with lower ≤ m ≤ upper.
  public func numberFraction(from lower: Double, to upper: Double) -> Double {
    partialMoment(0, from: lower, to: upper)
  }

  /// The fraction of the total initial mass in stars with lower ≤ m ≤ upper.
  public func massFraction(from lower: Double, to upper: Double) -> Double {
    partialMoment(1, from: lower, to: upper) / meanMass
  }

  /// One mass by inverse CDF of one uniform deviate from `generator`.
  @inline(__always) public func sample(using generator: RandomGenerator) -> Double {
    quantile(generator.uniform())
  }
}

/// Why an IMF's parameters are unusable.
public enum InitialMassFunctionError: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidLimits(lower: Double, upper: Double)
  case breakpointsAndSlopesMismatch(breakpoints: Int, slopes: Int)
  case breakpointsNotIncreasing([Double])
  case invalidParameter(name: String, value: Double, rule: String)

  public var description: String {
    switch self {
    case .invalidLimits(let lower, let upper):
      return "IMF mass limits must satisfy 0 < lower < upper, got [\(lower), \(upper)]"
    case .breakpointsAndSlopesMismatch(let breakpoints, let slopes):
      return
        "a broken power law needs one more breakpoint than slopes, got \(breakpoints) breakpoints, \(slopes) slopes"
    case .breakpointsNotIncreasing(let points):
      return "broken power-law breakpoints must be positive and strictly increasing, got \(points)"
    case .invalidParameter(let name, let value, let rule):
      return "IMF parameter \(name) = \(value): \(rule)"
    }
  }
}
