import Foundation
import Numerics

/// Chabrier (2003, PASP 115, 763, Table 1, single stars): a log-normal below `transitionMass`,
///   ξ(log m) ∝ exp(−(log m − log m_c)² / 2σ²),  m_c = 0.079 M☉, σ = 0.69,
/// and a power law ξ(m) ∝ m^(−2.3) above it, continuous at `transitionMass` (1 M☉).
///
/// With x = log₁₀ m the log-normal piece is a Gaussian in x, so its CDF and partial moments are
/// exact differences of Φ (the mass moment by completing the square: ∫10^x e^{−(x−x_c)²/2σ²} dx
/// shifts the mean to x_c + σ² ln 10), and its inverse CDF is Φ⁻¹ (GSL).
public struct Chabrier2003IMF: InitialMassFunction, Equatable {
  public let name = "Chabrier 2003"
  public let lowerMass: Double
  public let upperMass: Double
  public let characteristicMass: Double
  public let sigmaLogMass: Double
  public let transitionMass: Double
  public let highMassSlope: Double

  /// Normalised: ξ(m) = logNormalAmplitude / (m ln 10) · exp(…) below the transition.
  let logNormalAmplitude: Double
  /// Normalised: ξ(m) = powerLawCoefficient · m^(−α) above the transition.
  let powerLawCoefficient: Double
  let logNormalProbability: Double

  public init(
    lowerMass: Double = 0.08, upperMass: Double = 150, characteristicMass: Double = 0.079, sigmaLogMass: Double = 0.69,
    transitionMass: Double = 1, highMassSlope: Double = 2.3
  ) throws {
    guard lowerMass > 0, upperMass > lowerMass else {
      throw InitialMassFunctionError.invalidLimits(lower: lowerMass, upper: upperMass)
    }
    guard characteristicMass > 0 else {
      throw InitialMassFunctionError.invalidParameter(name: "m_c", value: characteristicMass, rule: "must be > 0")
    }
    guard sigmaLogMass > 0 else {
      throw InitialMassFunctionError.invalidParameter(name: "sigma", value: sigmaLogMass, rule: "must be > 0")
    }
    guard transitionMass > 0 else {
      throw InitialMassFunctionError.invalidParameter(name: "transition", value: transitionMass, rule: "must be > 0")
    }
    self.lowerMass = lowerMass
    self.upperMass = upperMass
    self.characteristicMass = characteristicMass
    self.sigmaLogMass = sigmaLogMass
    self.transitionMass = transitionMass
    self.highMassSlope = highMassSlope
    // Unnormalised: amplitude A = 1, power-law coefficient B from continuity at the transition.
    let xc = log10(characteristicMass)
    let xt = log10(transitionMass)
    let rawB =
      exp(-(xt - xc) * (xt - xc) / (2 * sigmaLogMass * sigmaLogMass)) / (transitionMass * M_LN10)
      * pow(transitionMass, highMassSlope)
    let logNormalNumber = Self.gaussianIntegral(
      xc: xc, sigma: sigmaLogMass, shift: 0, from: log10(lowerMass), to: min(xt, log10(upperMass)))
    let powerNumber =
      upperMass > transitionMass
      ? rawB
        * PowerLawSegment(alpha: highMassSlope, lower: max(lowerMass, transitionMass), upper: upperMass).integral()
      : 0
    let total = (lowerMass < transitionMass ? logNormalNumber : 0) + powerNumber
    logNormalAmplitude = 1 / total
    powerLawCoefficient = rawB / total
    logNormalProbability = (lowerMass < transitionMass ? logNormalNumber : 0) / total
  }

  /// ∫ₐᵇ exp(shift·x·ln10 − (x − x_c)²/2σ²) dx, exactly via Φ (shift = 0: number, 1: mass).
  static func gaussianIntegral(xc: Double, sigma: Double, shift: Double, from a: Double, to b: Double) -> Double {
    guard b > a else { return 0 }
    let mean = xc + shift * sigma * sigma * M_LN10
    let scale = exp(shift * M_LN10 * xc + shift * shift * sigma * sigma * M_LN10 * M_LN10 / 2)
    let za = (a - mean) / sigma
    let zb = (b - mean) / sigma
    // Use the upper tail when both limits are above the mean, to keep precision.
    let mass =
      za > 0
      ? StandardNormal.survival(za) - StandardNormal.survival(zb) : StandardNormal.cdf(zb) - StandardNormal.cdf(za)
    return scale * sigma * (2 * Double.pi).squareRoot() * mass
  }

  public func probabilityDensity(_ mass: Double) -> Double {
    guard mass >= lowerMass && mass <= upperMass else { return 0 }
    if mass < transitionMass {
      let z = (log10(mass) - log10(characteristicMass)) / sigmaLogMass
      return logNormalAmplitude / (mass * M_LN10) * exp(-z * z / 2)
    }
    return powerLawCoefficient * pow(mass, -highMassSlope)
  }

  public func partialMoment(_ k: Int, from lower: Double, to upper: Double) -> Double {
    let a = max(lower, lowerMass)
    let b = min(upper, upperMass)
    guard b > a else { return 0 }
    var total = 0.0
    if a < transitionMass {
      total +=
        logNormalAmplitude
        * Self.gaussianIntegral(
          xc: log10(characteristicMass), sigma: sigmaLogMass, shift: Double(k), from: log10(a),
          to: log10(min(b, transitionMass)))
    }
    if b > transitionMass {
      total +=
        powerLawCoefficient
        * PowerLawSegment(alpha: highMassSlope, lower: max(a, transitionMass), upper: b).integral(moment: Double(k))
    }
    return total
  }

  public func cumulativeProbability(_ mass: Double) -> Double {
    if mass <= lowerMass { return 0 }
    if mass >= upperMass { return 1 }
    return partialMoment(0, from: lowerMass, to: mass)
  }

  public func quantile(_ u: Double) -> Double {
    if u < logNormalProbability {
      let xc = log10(characteristicMass)
      let za = (log10(lowerMass) - xc) / sigmaLogMass
      let zb = (log10(min(transitionMass, upperMass)) - xc) / sigmaLogMass
      let pa = StandardNormal.cdf(za)
      let pb = StandardNormal.cdf(zb)
      let p = pa + (u / logNormalProbability) * (pb - pa)
      let x = xc + sigmaLogMass * StandardNormal.quantile(p)
      return min(max(pow(10, x), lowerMass), min(transitionMass, upperMass))
    }
    let segment = PowerLawSegment(alpha: highMassSlope, lower: max(lowerMass, transitionMass), upper: upperMass)
    let local = min(max((u - logNormalProbability) / (1 - logNormalProbability), 0), 1)
    return segment.quantile(local)
  }
}
