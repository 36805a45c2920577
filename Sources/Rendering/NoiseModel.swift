import Foundation
import Numerics

/// The per-pixel noise of one band on the image grid: Poisson photon noise on the expected
/// electrons (source + sky) and Gaussian read noise.
///
/// Units: images go in and come out in **e⁻/s** per image-grid pixel (the shard format's unit:
/// it makes bands with different exposures comparable and is what drizzled HST mosaics hold).
/// A noisy pixel is
///
///     value = [ Poisson((s + B) t) + N(0, σ_read) − B t ] / t        (subtractsSky = true)
///
/// where s is the noiseless source rate in the pixel, B the sky rate per pixel and t the
/// exposure: mean s, variance ((s + B) t + σ_read²)/t². With `subtractsSky` false the sky level
/// B stays in. Draws: per pixel, in pixel order, the Poisson variate then (if σ_read > 0) one
/// Gaussian (their rare extra words — PTRS, the ziggurat's slow path — after each block of
/// pixels, `PixelPoissonSampler.drawPixels`), from a sample's pixel-noise stream (`PixelNoiseStream`: four SIMD xoshiro256** lanes read from a buffer; the Poisson variate exact,
/// as a sum of independent Poisson parts — one alias-table draw for the band's sky B t plus the
/// unit digit of the pixel's own counts s t (16 tables of B t + d per band), alias tables for its
/// higher base-16 digits and an inversion for its fraction: `PixelPoissonSampler`, which lists
/// the words each takes, the whole band in one call by `PixelPoissonSampler.drawPixels` — and
/// read noise by the ziggurat, `Xoshiro256StarStar.standardNormal`) or, slower, from GSL's generator
/// (`RandomGenerator.fastPoisson` on (s + B) t, GSL's ziggurat).
///
/// Equality compares the four parameters (the sampler's tables are a function of them).
public struct NoiseModel: Sendable, Equatable {
  public let exposureTimeSeconds: Double
  /// B: sky (and other smooth light) per image-grid pixel, e⁻/s.
  public let skyElectronsPerSecondPerPixel: Double
  /// σ_read: per image-grid pixel of the final image, e⁻.
  public let readNoiseElectrons: Double
  /// Whether the mean sky B is subtracted from the output (as in sky-subtracted mosaics).
  public let subtractsSky: Bool
  /// Poisson(B t + s t) per pixel on the pixel-noise stream, its sky table built once here.
  let photonSampler: PixelPoissonSampler

  public init(
    exposureTimeSeconds: Double, skyElectronsPerSecondPerPixel: Double, readNoiseElectrons: Double,
    subtractsSky: Bool = true
  ) throws(InstrumentError) {
    guard exposureTimeSeconds.isFinite, exposureTimeSeconds > 0 else {
      throw InstrumentError(
        band: "", field: "exposureTimeSeconds", value: "\(exposureTimeSeconds)", rule: "must be a finite number > 0")
    }
    guard skyElectronsPerSecondPerPixel.isFinite, skyElectronsPerSecondPerPixel >= 0 else {
      throw InstrumentError(
        band: "", field: "skyElectronsPerSecondPerPixel", value: "\(skyElectronsPerSecondPerPixel)",
        rule: "must be a finite rate ≥ 0")
    }
    guard readNoiseElectrons.isFinite, readNoiseElectrons >= 0 else {
      throw InstrumentError(
        band: "", field: "readNoiseElectrons", value: "\(readNoiseElectrons)", rule: "must be finite and ≥ 0")
    }
    self.exposureTimeSeconds = exposureTimeSeconds
    self.skyElectronsPerSecondPerPixel = skyElectronsPerSecondPerPixel
    self.readNoiseElectrons = readNoiseElectrons
    self.subtractsSky = subtractsSky
    do {
      photonSampler = try PixelPoissonSampler(baseMean: skyElectronsPerSecondPerPixel * exposureTimeSeconds)
    } catch {
      // B t is finite and ≥ 0 by the checks above (a product of finite values could overflow).
      throw InstrumentError(
        band: "", field: "skyElectronsPerSecondPerPixel", value: "\(skyElectronsPerSecondPerPixel)",
        rule: "sky × exposure must be a finite number of electrons (\(error.reason))")
    }
  }

  public static func == (lhs: NoiseModel, rhs: NoiseModel) -> Bool {
    lhs.exposureTimeSeconds == rhs.exposureTimeSeconds
      && lhs.skyElectronsPerSecondPerPixel == rhs.skyElectronsPerSecondPerPixel
      && lhs.readNoiseElectrons == rhs.readNoiseElectrons && lhs.subtractsSky == rhs.subtractsSky
  }

  /// Photon noise of the rendered light only: for clusters laid on a real (already noisy)
  /// background image, whose sky and read noise are in the image itself.
  public static func sourceShotNoiseOnly(exposureTimeSeconds: Double) throws(InstrumentError) -> NoiseModel {
    try NoiseModel(exposureTimeSeconds: exposureTimeSeconds, skyElectronsPerSecondPerPixel: 0, readNoiseElectrons: 0)
  }

  /// Expected variance of an output pixel whose noiseless source rate is `s`, in (e⁻/s)².
  public func variance(signalElectronsPerSecond s: Double) -> Double {
    let t = exposureTimeSeconds
    return ((s + skyElectronsPerSecondPerPixel) * t + readNoiseElectrons * readNoiseElectrons) / (t * t)
  }

  /// Replaces each noiseless source rate (e⁻/s, ≥ 0) by one noisy realisation (e⁻/s), drawing
  /// from a sample's pixel-noise stream (`PixelNoiseStream(RandomGenerator.pixelNoiseStream())`,
  /// one per sample, passed through its bands in order): Poisson(B t + s t)
  /// by `PixelPoissonSampler.drawPixels` (sky and unit digit from one alias table, the source
  /// counts' higher digits and fraction), read noise by the ziggurat
  /// (`Xoshiro256StarStar.standardNormal`). Negative and NaN inputs are treated as 0.
  public func addNoise(to pixels: UnsafeMutableBufferPointer<Float>, generator: inout PixelNoiseStream) {
    let t = exposureTimeSeconds
    photonSampler.drawPixels(
      pixels, sourceScale: t, readNoiseSigma: readNoiseElectrons,
      offset: subtractsSky ? skyElectronsPerSecondPerPixel * t : 0, outputScale: 1 / t, using: &generator)
  }

  /// The same noise drawn from GSL's generator: Poisson by `RandomGenerator.fastPoisson` and
  /// read noise by GSL's ziggurat (`RandomGenerator.gaussian`). Slower; kept for callers that
  /// hold only a `RandomGenerator` (background library synthesis, tests).
  public func addNoise(to pixels: UnsafeMutableBufferPointer<Float>, generator: RandomGenerator) {
    let t = exposureTimeSeconds
    let skyElectrons = skyElectronsPerSecondPerPixel * t
    let offset = subtractsSky ? skyElectrons : 0
    let sigma = readNoiseElectrons
    let inverseTime = 1 / t
    for index in pixels.indices {
      let mean = max(0, Double(pixels[index])) * t + skyElectrons
      var electrons = generator.fastPoisson(mean: mean)
      if sigma > 0 { electrons += generator.gaussian(sigma: sigma) }
      pixels[index] = Float((electrons - offset) * inverseTime)
    }
  }

  /// Array convenience for `addNoise(to:generator:)`.
  public func addNoise(to pixels: inout [Float], generator: inout PixelNoiseStream) {
    pixels.withUnsafeMutableBufferPointer { addNoise(to: $0, generator: &generator) }
  }

  /// Array convenience for `addNoise(to:generator:)`.
  public func addNoise(to pixels: inout [Float], generator: RandomGenerator) {
    pixels.withUnsafeMutableBufferPointer { addNoise(to: $0, generator: generator) }
  }

  /// Adds noise to one band of an image cube in place.
  public func addNoise(to image: inout ImageCube, band: Int, generator: inout PixelNoiseStream) {
    image.withBand(band) { addNoise(to: $0, generator: &generator) }
  }

  /// Adds noise to one band of an image cube in place.
  public func addNoise(to image: inout ImageCube, band: Int, generator: RandomGenerator) {
    image.withBand(band) { addNoise(to: $0, generator: generator) }
  }
}
