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
/// B stays in. Draws: one Poisson then (if σ_read > 0) one Gaussian per pixel, in pixel order,
/// from a sample's pixel-noise stream (`Xoshiro256StarStar`: exact Poisson by inversion below a
/// mean of 10 and Hörmann's PTRS above, read noise by the polar method) or, slower, from GSL's
/// generator (`RandomGenerator.fastPoisson`, GSL's ziggurat).
public struct NoiseModel: Sendable, Equatable {
  public let exposureTimeSeconds: Double
  /// B: sky (and other smooth light) per image-grid pixel, e⁻/s.
  public let skyElectronsPerSecondPerPixel: Double
  /// σ_read: per image-grid pixel of the final image, e⁻.
  public let readNoiseElectrons: Double
  /// Whether the mean sky B is subtracted from the output (as in sky-subtracted mosaics).
  public let subtractsSky: Bool

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
  /// from a sample's pixel-noise stream (`RandomGenerator.pixelNoiseStream()`): Poisson by
  /// `exactPoisson(mean:)` (inversion below a mean of 10, Hörmann's PTRS above), read noise by
  /// the polar method (`Xoshiro256StarStar.standardNormal`). Negative inputs are treated as 0.
  public func addNoise(to pixels: UnsafeMutableBufferPointer<Float>, generator: inout Xoshiro256StarStar) {
    apply(to: pixels, source: &generator)
  }

  /// The same noise drawn from GSL's generator: Poisson by `RandomGenerator.fastPoisson` and
  /// read noise by GSL's ziggurat (`RandomGenerator.gaussian`). Slower; kept for callers that
  /// hold only a `RandomGenerator` (background library synthesis, tests).
  public func addNoise(to pixels: UnsafeMutableBufferPointer<Float>, generator: RandomGenerator) {
    var source = generator
    apply(to: pixels, source: &source)
  }

  /// Array convenience for `addNoise(to:generator:)`.
  public func addNoise(to pixels: inout [Float], generator: inout Xoshiro256StarStar) {
    pixels.withUnsafeMutableBufferPointer { addNoise(to: $0, generator: &generator) }
  }

  /// Array convenience for `addNoise(to:generator:)`.
  public func addNoise(to pixels: inout [Float], generator: RandomGenerator) {
    pixels.withUnsafeMutableBufferPointer { addNoise(to: $0, generator: generator) }
  }

  /// Adds noise to one band of an image cube in place.
  public func addNoise(to image: inout ImageCube, band: Int, generator: inout Xoshiro256StarStar) {
    image.withBand(band) { addNoise(to: $0, generator: &generator) }
  }

  /// Adds noise to one band of an image cube in place.
  public func addNoise(to image: inout ImageCube, band: Int, generator: RandomGenerator) {
    image.withBand(band) { addNoise(to: $0, generator: generator) }
  }

  /// The one noise loop: one Poisson then (if σ_read > 0) one Gaussian per pixel, in pixel order.
  private func apply<Source: NoiseVariateSource>(to pixels: UnsafeMutableBufferPointer<Float>, source: inout Source) {
    let t = exposureTimeSeconds
    let skyElectrons = skyElectronsPerSecondPerPixel * t
    let offset = subtractsSky ? skyElectrons : 0
    let sigma = readNoiseElectrons
    let inverseTime = 1 / t
    for index in pixels.indices {
      let mean = max(0, Double(pixels[index])) * t + skyElectrons
      var electrons = source.poissonVariate(mean: mean)
      if sigma > 0 { electrons += source.gaussianVariate(sigma: sigma) }
      pixels[index] = Float((electrons - offset) * inverseTime)
    }
  }
}

/// The two variates of `NoiseModel`'s loop, from either generator.
protocol NoiseVariateSource {
  mutating func poissonVariate(mean: Double) -> Double
  mutating func gaussianVariate(sigma: Double) -> Double
}

extension Xoshiro256StarStar: NoiseVariateSource {
  @inline(__always) mutating func poissonVariate(mean: Double) -> Double { exactPoisson(mean: mean) }
  @inline(__always) mutating func gaussianVariate(sigma: Double) -> Double { sigma * standardNormal() }
}

extension RandomGenerator: NoiseVariateSource {
  @inline(__always) func poissonVariate(mean: Double) -> Double { fastPoisson(mean: mean) }
  @inline(__always) func gaussianVariate(sigma: Double) -> Double { gaussian(sigma: sigma) }
}
