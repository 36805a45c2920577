import Foundation
import Numerics

/// A catalogue's signal-to-noise cut in a band that is measured by *forced* photometry: the
/// star's position comes from other bands (PHAT: DOLPHOT finds stars on all images jointly and
/// the optically found ones are measured in the WFC3/IR images; Williams et al. 2014, ApJS 215,
/// 9, §3), so the band decides only whether the measured flux is significant, not whether the
/// star is found. A star of true count rate F (e⁻/s) is measured as F + σ(F)·z, z standard
/// normal, σ the band's `FluxErrorLaw` measured from the catalogue's own reported errors, and
/// passes if the measured S/N = (F + σz)/σ ≥ `minimumSignalToNoise`. Hence the pass probability
/// is Φ(F/σ − S/N_min): ½ at F/σ = S/N_min.
///
/// Known omission: the band's sharpness and crowding cuts (PHAT's WFC3/IR good-star rule also
/// needs sharp² ≤ 0.15 and crowd ≤ 2.25) are not modelled, nor blending in this band (the true
/// rate is the star's own).
///
/// Draws: one `gaussian()` per call to `measure` or `passes`, whatever the outcome.
public struct ForcedPhotometrySelection: Sendable, Equatable {
  /// The band's name as in the isochrone set (`F110W`).
  public var band: String
  /// Vega magnitude of 1 e⁻/s.
  public var vegaZeroPoint: Double
  public var errorLaw: FluxErrorLaw
  public var minimumSignalToNoise: Double

  public init(band: String, vegaZeroPoint: Double, errorLaw: FluxErrorLaw, minimumSignalToNoise: Double = 4)
    throws(FieldError)
  {
    guard vegaZeroPoint.isFinite else {
      throw FieldError(
        field: "forcedPhotometrySelection.vegaZeroPoint", value: "\(vegaZeroPoint)", rule: "must be finite")
    }
    guard errorLaw.sourceCoefficient >= 0, errorLaw.backgroundVariance > 0,
      errorLaw.sourceCoefficient.isFinite, errorLaw.backgroundVariance.isFinite
    else {
      throw FieldError(
        field: "forcedPhotometrySelection.errorLaw",
        value: "a = \(errorLaw.sourceCoefficient), b = \(errorLaw.backgroundVariance)",
        rule: "needs finite a ≥ 0 and b > 0")
    }
    guard minimumSignalToNoise.isFinite else {
      throw FieldError(
        field: "forcedPhotometrySelection.minimumSignalToNoise", value: "\(minimumSignalToNoise)",
        rule: "must be finite")
    }
    self.band = band
    self.vegaZeroPoint = vegaZeroPoint
    self.errorLaw = errorLaw
    self.minimumSignalToNoise = minimumSignalToNoise
  }

  /// F = 10^(−0.4 (m − ZP)) e⁻/s (0 for m = +∞, a dark star).
  public func countRate(magnitude: Double) -> Double {
    magnitude.isFinite ? pow(10, -0.4 * (magnitude - vegaZeroPoint)) : (magnitude < 0 ? .infinity : 0)
  }

  /// P(pass) = Φ(F/σ(F) − S/N_min) for a star of true Vega `magnitude`.
  public func passProbability(magnitude: Double) -> Double {
    let rate = countRate(magnitude: magnitude)
    guard rate.isFinite else { return 1 }
    return StandardNormal.cdf(rate / errorLaw.sigma(countRateElectronsPerSecond: rate) - minimumSignalToNoise)
  }

  /// The true magnitude at which the expected S/N is `minimumSignalToNoise` (P(pass) = ½):
  /// F = S/N_min·σ(F), i.e. F² − s²a·F − s²b = 0.
  public var halfPassMagnitude: Double {
    let s2 = minimumSignalToNoise * minimumSignalToNoise
    let a = errorLaw.sourceCoefficient
    let rate = 0.5 * (s2 * a + (s2 * s2 * a * a + 4 * s2 * errorLaw.backgroundVariance).squareRoot())
    return vegaZeroPoint - 2.5 * log10(rate)
  }

  /// One draw of the forced measurement of a star of true Vega `magnitude`: the measured rate
  /// F + σ(F)·z and σ(F) (e⁻/s). A star brighter than any finite rate is measured exactly.
  public func measure(magnitude: Double, generator: RandomGenerator) -> (rate: Double, sigma: Double) {
    let z = generator.gaussian()
    let rate = countRate(magnitude: magnitude)
    let sigma = errorLaw.sigma(countRateElectronsPerSecond: rate.isFinite ? rate : 0)
    return rate.isFinite ? (rate + sigma * z, sigma) : (rate, sigma)
  }

  /// Whether a measurement passes: measured S/N = rate/σ ≥ `minimumSignalToNoise`.
  public func accepts(rate: Double, sigma: Double) -> Bool { rate / sigma >= minimumSignalToNoise }

  /// One draw (`measure`, then `accepts`): whether a star of true Vega `magnitude` passes.
  public func passes(magnitude: Double, generator: RandomGenerator) -> Bool {
    let measured = measure(magnitude: magnitude, generator: generator)
    return accepts(rate: measured.rate, sigma: measured.sigma)
  }

  /// The Vega magnitude of a measured rate (NaN for a rate ≤ 0).
  public func magnitude(rate: Double) -> Double { rate > 0 ? vegaZeroPoint - 2.5 * log10(rate) : .nan }
}
