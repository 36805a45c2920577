import Foundation

extension NoiseModel {
  /// The per-pixel model of `band` for a PSF with noise-equivalent area `noiseEquivalentAreaPixels`.
  ///
  /// A `.perPixel` background is used as given. An `.effectivePerStar` K (PHAT's model
  /// S/N = F t / √(F t + K t), data README; Dalcanton et al. 2012) becomes a per-pixel sky:
  /// a PSF-weighted flux fit of a faint star in uniform per-pixel variance V (e⁻²) has variance
  /// V · NEA, with NEA = (Σp)²/Σp² the noise-equivalent area (King 1983, PASP 95, 163). Matching
  /// (B t + σ_read²) · NEA = K t gives
  ///
  ///     B = K / NEA − σ_read² / t,
  ///
  /// so the variance under a star's PSF is exactly the published K t, with the read noise (if the
  /// band has any) counted once. The source term differs slightly from the effective model's
  /// F t (a Gaussian PSF gives (4/3) F t, King 1983): about 0.02 mag at S/N = 5 for PHAT.
  ///
  /// Throws when σ_read² / t exceeds K/NEA (read noise alone would be noisier than the model).
  public init(band: InstrumentBand, noiseEquivalentAreaPixels: Double, subtractsSky: Bool = true)
    throws(InstrumentError)
  {
    guard noiseEquivalentAreaPixels.isFinite, noiseEquivalentAreaPixels >= 1 else {
      throw InstrumentError(
        band: band.name, field: "noiseEquivalentAreaPixels", value: "\(noiseEquivalentAreaPixels)",
        rule: "a PSF's noise-equivalent area is ≥ 1 pixel")
    }
    let sky: Double
    switch band.background {
    case .perPixel(let rate):
      sky = rate
    case .effectivePerStar(let k):
      let readVariancePerSecond = band.readNoiseElectrons * band.readNoiseElectrons / band.exposureTimeSeconds
      sky = k / noiseEquivalentAreaPixels - readVariancePerSecond
      guard sky >= 0 else {
        throw InstrumentError(
          band: band.name, field: "readNoiseElectrons", value: "\(band.readNoiseElectrons)",
          rule: "read noise alone (σ²/t = \(readVariancePerSecond) e⁻/s per pixel) exceeds the effective "
            + "background K/NEA = \(k / noiseEquivalentAreaPixels) e⁻/s per pixel")
      }
    }
    try self.init(
      exposureTimeSeconds: band.exposureTimeSeconds, skyElectronsPerSecondPerPixel: sky,
      readNoiseElectrons: band.readNoiseElectrons, subtractsSky: subtractsSky)
  }

  /// NEA = (Σp)² / Σp² pixels of a PSF sampled on image pixels (any normalisation). Pass the
  /// whole stamp: truncating wings lowers Σp more than Σp² and biases NEA low.
  public static func noiseEquivalentAreaPixels(profile: [Double]) -> Double {
    var sum = 0.0
    var sumSquares = 0.0
    for value in profile {
      sum += value
      sumSquares += value * value
    }
    return sum * sum / sumSquares
  }

  /// S/N of the optimal PSF-weighted flux of an isolated star with count rate F (e⁻/s) and pixel
  /// profile p (any normalisation; position and sky known, weights for background-dominated
  /// noise): F̂ = Σ pᵢ dᵢ / Σ pᵢ² (p normalised to Σp = 1), so
  /// Var F̂ = Σ pᵢ² Var dᵢ / (Σ pᵢ²)² with Var dᵢ = `variance(signalElectronsPerSecond: F pᵢ)`.
  /// This is the estimator DOLPHOT's PSF fit reduces to for a faint isolated star.
  public func psfPhotometrySignalToNoise(countRateElectronsPerSecond rate: Double, profile: [Double]) -> Double {
    let total = profile.reduce(0, +)
    var sumSquares = 0.0
    var weightedVariance = 0.0
    for value in profile {
      let p = value / total
      sumSquares += p * p
      weightedVariance += p * p * variance(signalElectronsPerSecond: rate * p)
    }
    return rate / (weightedVariance.squareRoot() / sumSquares)
  }

  /// The effective per-star model itself: S/N = F t / √(F t + K t) (data README).
  public static func effectiveSignalToNoise(
    countRateElectronsPerSecond rate: Double, effectiveBackgroundElectronsPerSecond k: Double,
    exposureTimeSeconds t: Double
  ) -> Double {
    rate * t / (rate * t + k * t).squareRoot()
  }
}
