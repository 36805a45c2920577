import Foundation
import Numerics

/// The 1σ error of a measured count rate F (e⁻/s) as photon noise of the source plus a constant
/// background term: σ²(F) = a·F + b. For a CCD/IR exposure of effective time T with an effective
/// background K (sky, unresolved light, crowding; e⁻/s under the PSF), a = 1/T and b = K/T — the
/// "CCD equation" S/N = F·T / √(F·T + K·T) (Howell 1989, PASP 101, 616; WFC3 Instrument
/// Handbook §9.6), the shape of the data README's effective noise model.
public struct FluxErrorLaw: Sendable, Equatable {
  /// a, s⁻¹ (F and σ in e⁻/s, electrons counted as numbers): the source's photon-noise
  /// coefficient (= 1/T).
  public var sourceCoefficient: Double
  /// b, (e⁻/s)²: the variance at zero source flux (= K/T).
  public var backgroundVariance: Double

  public init(sourceCoefficient: Double, backgroundVariance: Double) {
    self.sourceCoefficient = sourceCoefficient
    self.backgroundVariance = backgroundVariance
  }

  /// The law of an exposure of `exposureTimeSeconds` with effective background
  /// `effectiveBackgroundElectronsPerSecond`: a = 1/T, b = K/T.
  public init(exposureTimeSeconds: Double, effectiveBackgroundElectronsPerSecond: Double) {
    self.init(
      sourceCoefficient: 1 / exposureTimeSeconds,
      backgroundVariance: effectiveBackgroundElectronsPerSecond / exposureTimeSeconds)
  }

  /// T = 1/a (s).
  public var exposureTimeSeconds: Double { 1 / sourceCoefficient }
  /// K = b/a (e⁻/s).
  public var effectiveBackgroundElectronsPerSecond: Double { backgroundVariance / sourceCoefficient }

  /// σ(F) in e⁻/s (F clipped at 0: a negative true rate has no photon noise of its own).
  public func sigma(countRateElectronsPerSecond rate: Double) -> Double {
    (sourceCoefficient * max(rate, 0) + backgroundVariance).squareRoot()
  }

  /// A fitted law and how well it describes the data it was fitted to.
  public struct Fit: Sendable {
    public var law: FluxErrorLaw
    /// Stars used (finite, F > 0, σ > 0).
    public var stars: Int
    /// Standard deviation and mean of log10(σ_measured / σ_law) over the stars (dex).
    public var rmsLogResidual: Double
    public var meanLogResidual: Double
  }

  /// Fits a and b to measured rates `rates` and their reported errors `errors` (e⁻/s, one per
  /// star) by iteratively reweighted least squares on σ²: each star's σ²_i is an estimate of
  /// a·F_i + b whose scatter is proportional to the law (the reported errors scatter by a
  /// constant fraction at fixed F: local crowding and background vary), so the weights are
  /// (a·F_i + b)⁻², recomputed from the previous iterate (start: unweighted) until a and b
  /// change by < 1e-10 relatively (at most 100 iterations). The closed-form weighted normal
  /// equations of a straight line are solved at each step.
  ///
  /// Uses only the reported error at a given *measured* rate, which does not depend on whether
  /// the star passed a signal-to-noise cut (a histogram of S/N does).
  public static func fit(rates: [Double], errors: [Double]) throws(FieldError) -> Fit {
    guard rates.count == errors.count else {
      throw FieldError(
        field: "fluxErrorLaw.errors", value: "\(errors.count) values", rule: "needs one per rate (\(rates.count))")
    }
    let pairs = zip(rates, errors).filter { $0.0.isFinite && $0.1.isFinite && $0.0 > 0 && $0.1 > 0 }
    let flux = pairs.map(\.0)
    let variance = pairs.map { $0.1 * $0.1 }
    guard Set(flux).count >= 2 else {
      throw FieldError(
        field: "fluxErrorLaw.rates", value: "\(pairs.count) usable stars",
        rule: "needs at least two distinct finite rates > 0 with errors > 0")
    }
    var a = 0.0
    var b = 0.0
    var weighted = false
    for _ in 0..<100 {
      var sw = 0.0
      var sx = 0.0
      var sy = 0.0
      var sxx = 0.0
      var sxy = 0.0
      for (x, y) in zip(flux, variance) {
        let model = a * x + b
        let w = weighted && model > 0 ? 1 / (model * model) : 1
        sw += w
        sx += w * x
        sy += w * y
        sxx += w * x * x
        sxy += w * x * y
      }
      let determinant = sw * sxx - sx * sx
      let newA = (sw * sxy - sx * sy) / determinant
      let newB = (sxx * sy - sx * sxy) / determinant
      let converged = weighted && abs(newA - a) <= 1e-10 * abs(newA) && abs(newB - b) <= 1e-10 * abs(newB)
      a = newA
      b = newB
      weighted = true
      if converged { break }
    }
    guard a > 0, b > 0 else {
      throw FieldError(
        field: "fluxErrorLaw", value: "a = \(a), b = \(b)",
        rule: "the fitted σ² = a·F + b needs a > 0 and b > 0 (photon noise plus a background)")
    }
    let law = FluxErrorLaw(sourceCoefficient: a, backgroundVariance: b)
    let residuals = zip(flux, variance).map { 0.5 * log10($0.1 / (a * $0.0 + b)) }
    let mean = residuals.reduce(0, +) / Double(residuals.count)
    let rms = (residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(residuals.count)).squareRoot()
    return Fit(law: law, stars: flux.count, rmsLogResidual: rms, meanLogResidual: mean)
  }
}
