import Foundation
import Numerics
import Optics
import Rendering
import Testing

/// Noise statistics against their definitions (Poisson on expected counts + Gaussian read noise).
@Suite struct NoiseModelTests {
  /// Mean and variance of 20,000 realisations per pixel level match s and ((s+B)t + σ²)/t².
  /// Tolerances: 4σ of the estimators — σ_mean = √(V/n); σ of a sample variance ≈ V √(2/n) (the
  /// Poisson excess kurtosis 1/μ adds < 3 % to that here), i.e. ≤ 4 % at n = 20,000.
  /// Both generators: the pixel-noise stream (`pixelNoiseStream`, what generation uses) and GSL's.
  @Test(arguments: [false, true])
  func meanAndVarianceMatchExpectedCountsPlusReadNoise(stream: Bool) throws {
    let model = try NoiseModel(exposureTimeSeconds: 100, skyElectronsPerSecondPerPixel: 0.5, readNoiseElectrons: 3)
    let levels: [Double] = [0, 0.05, 1, 20]
    let n = 20_000
    var pixels = levels.flatMap { [Float](repeating: Float($0), count: n) }
    if stream {
      var noise = PixelNoiseStream(RandomGenerator(seed: 11).pixelNoiseStream())
      model.addNoise(to: &pixels, generator: &noise)
    } else {
      model.addNoise(to: &pixels, generator: RandomGenerator(seed: 11))
    }
    for (index, level) in levels.enumerated() {
      let values = pixels[(index * n)..<((index + 1) * n)].map(Double.init)
      let mean = values.reduce(0, +) / Double(n)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
      let expected = model.variance(signalElectronsPerSecond: level)
      #expect(abs(expected - ((level + 0.5) * 100 + 9) / 10_000) < 1e-15)
      #expect(abs(mean - level) < 4 * (expected / Double(n)).squareRoot(), "level \(level): mean \(mean)")
      #expect(abs(variance / expected - 1) < 0.04, "level \(level): variance \(variance) vs \(expected)")
    }
  }

  /// A PHAT-like sky (B t = 3136 e⁻) with read noise σ = 5 e⁻ at source levels that exercise
  /// every part of the stream sampler (fraction only, one digit, three digits, a whole number,
  /// PTRS above 4096 e⁻): mean s and variance ((s + B) t + σ²)/t² of 20,000 realisations each.
  /// Tolerances: 4σ of the estimators (σ_mean = √(V/n); σ of a sample variance ≈ V √(2/n), 4 %).
  @Test func skyTableAndDigitsGiveTheSummedPoissonMoments() throws {
    let t = 2.0
    let model = try NoiseModel(exposureTimeSeconds: t, skyElectronsPerSecondPerPixel: 1568, readNoiseElectrons: 5)
    let levels: [Double] = [0, 0.2, 1.325, 150.125, 1000, 2600.3]  // e⁻/s; × t = source electrons
    let n = 20_000
    var pixels = levels.flatMap { [Float](repeating: Float($0), count: n) }
    var noise = PixelNoiseStream(RandomGenerator(seed: 404).pixelNoiseStream())
    model.addNoise(to: &pixels, generator: &noise)
    for (index, level) in levels.enumerated() {
      let values = pixels[(index * n)..<((index + 1) * n)].map(Double.init)
      let mean = values.reduce(0, +) / Double(n)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
      let expected = model.variance(signalElectronsPerSecond: Double(Float(level)))
      #expect(abs(expected - ((Double(Float(level)) + 1568) * t + 25) / (t * t)) < 1e-12)
      #expect(
        abs(mean - Double(Float(level))) < 4 * (expected / Double(n)).squareRoot(), "level \(level): mean \(mean)")
      #expect(abs(variance / expected - 1) < 0.04, "level \(level): variance \(variance) vs \(expected)")
    }
  }

  /// Without read noise and sky subtraction every output × t is a whole number of electrons, and
  /// at mean 0.7 e⁻ the fraction of zeros is e^(−0.7) (Poisson, not Gaussian): 4σ binomial bound.
  @Test(arguments: [false, true])
  func photonNoiseIsPoisson(stream: Bool) throws {
    let model = try NoiseModel(
      exposureTimeSeconds: 10, skyElectronsPerSecondPerPixel: 0.02, readNoiseElectrons: 0, subtractsSky: false)
    let n = 50_000
    var pixels = [Float](repeating: 0.05, count: n)  // (0.05 + 0.02) × 10 = 0.7 e⁻
    if stream {
      var noise = PixelNoiseStream(RandomGenerator(seed: 3).pixelNoiseStream())
      model.addNoise(to: &pixels, generator: &noise)
    } else {
      model.addNoise(to: &pixels, generator: RandomGenerator(seed: 3))
    }
    #expect(pixels.allSatisfy { ($0 * 10).rounded() == $0 * 10 })
    let zeros = Double(pixels.filter { $0 == 0 }.count) / Double(n)
    let p0 = exp(-0.7)
    #expect(abs(zeros - p0) < 4 * (p0 * (1 - p0) / Double(n)).squareRoot())
  }

  /// Source-only noise (clusters on a real background): variance s/t, no sky, no read noise.
  @Test func sourceShotNoiseOnlyHasOnlyTheSourceVariance() throws {
    let model = try NoiseModel.sourceShotNoiseOnly(exposureTimeSeconds: 400)
    #expect(model.variance(signalElectronsPerSecond: 2) == 2.0 / 400)
    var zeros = [Float](repeating: 0, count: 1000)
    model.addNoise(to: &zeros, generator: RandomGenerator(seed: 1))
    #expect(zeros.allSatisfy { $0 == 0 })
  }

  @Test func sameKeySameImage() throws {
    let model = try NoiseModel(exposureTimeSeconds: 50, skyElectronsPerSecondPerPixel: 1, readNoiseElectrons: 2)
    var a = [Float](repeating: 0.3, count: 500)
    var b = a
    model.addNoise(to: &a, generator: RandomGenerator(seed: 8, stream: 2))
    model.addNoise(to: &b, generator: RandomGenerator(seed: 8, stream: 2))
    #expect(a == b)
    var c = [Float](repeating: 0.3, count: 500)
    var d = c
    var first = PixelNoiseStream(RandomGenerator(seed: 8, stream: 2).pixelNoiseStream())
    var second = PixelNoiseStream(RandomGenerator(seed: 8, stream: 2).pixelNoiseStream())
    model.addNoise(to: &c, generator: &first)
    model.addNoise(to: &d, generator: &second)
    #expect(c == d && c != a)
  }

  /// NEA = (Σp)²/Σp² of a Gaussian tends to 4πσ² (King 1983) when pixels are small against σ.
  @Test func noiseEquivalentAreaOfAGaussian() throws {
    let psf = try GaussianPSF(sigmaPixels: 4)
    let offsets = (-30...30).map(Double.init)
    let nea = NoiseModel.noiseEquivalentAreaPixels(profile: psf.pixelFractionGrid(offsetsX: offsets, offsetsY: offsets))
    // Pixel integration adds 1/12 px² to σ² per axis: NEA = 4π(σ² + 1/12).
    #expect(abs(nea / (4 * Double.pi * (16 + 1.0 / 12)) - 1) < 1e-3)
  }

  /// An `.effectivePerStar` K becomes B = K/NEA − σ²/t, so a faint star's PSF-fit S/N equals the
  /// effective model F t / √(F t + K t) (source term aside), with or without read noise.
  @Test func effectiveBackgroundBecomesPerPixelSky() throws {
    let psf = try GaussianPSF(sigmaPixels: 0.8)
    let offsets = (-6...6).map(Double.init)
    let profile = psf.pixelFractionGrid(offsetsX: offsets, offsetsY: offsets)
    let nea = NoiseModel.noiseEquivalentAreaPixels(profile: profile)
    for readNoise in [0.0, 4.0] {
      let band = try InstrumentBandTests.band(
        exposure: 1310, background: .effectivePerStar(electronsPerSecond: 2.4), readNoise: readNoise)
      let model = try NoiseModel(band: band, noiseEquivalentAreaPixels: nea)
      #expect(abs(model.skyElectronsPerSecondPerPixel - (2.4 / nea - readNoise * readNoise / 1310)) < 1e-15)
      let faint = 1e-6
      let measured = model.psfPhotometrySignalToNoise(countRateElectronsPerSecond: faint, profile: profile)
      let effective = NoiseModel.effectiveSignalToNoise(
        countRateElectronsPerSecond: faint, effectiveBackgroundElectronsPerSecond: 2.4, exposureTimeSeconds: 1310)
      #expect(abs(measured / effective - 1) < 1e-6)
    }
    // Read noise larger than the whole effective background is refused, naming the field.
    let noisy = try InstrumentBandTests.band(
      exposure: 10, background: .effectivePerStar(electronsPerSecond: 0.1), readNoise: 20)
    do {
      _ = try NoiseModel(band: noisy, noiseEquivalentAreaPixels: nea)
      Issue.record("read noise above the effective background was accepted")
    } catch {
      #expect(error.band == noisy.name)
      #expect(error.field == "readNoiseElectrons")
      #expect(error.value == "20.0")
      #expect(
        error.rule.hasPrefix("read noise alone (σ²/t = \(20.0 * 20.0 / 10) e⁻/s per pixel) exceeds the effective"))
    }
    #expect(
      throws: InstrumentError(
        band: "", field: "exposureTimeSeconds", value: "0.0", rule: "must be a finite number > 0")
    ) { try NoiseModel(exposureTimeSeconds: 0, skyElectronsPerSecondPerPixel: 1, readNoiseElectrons: 1) }
  }

  /// The analytic PSF-fit S/N against 3,000 noise realisations of a rendered star (estimator
  /// F̂ = Σ p d / Σ p²). The S/N of 3,000 draws scatters by ≈ √(1/2n) = 1.3 %; tolerance 6 %.
  @Test func psfPhotometrySignalToNoiseMatchesRealisations() throws {
    let psf = try GaussianPSF(sigmaPixels: 1.1)
    let offsets = (-7...7).map { Double($0) - 0.3 }
    let profile = psf.pixelFractionGrid(offsetsX: offsets, offsetsY: offsets.map { $0 + 0.45 })
    let total = profile.reduce(0, +)
    let p = profile.map { $0 / total }
    let sumSquares = p.reduce(0) { $0 + $1 * $1 }
    let model = try NoiseModel(exposureTimeSeconds: 800, skyElectronsPerSecondPerPixel: 0.3, readNoiseElectrons: 3)
    let rate = 0.4
    var generator = PixelNoiseStream(RandomGenerator(seed: 99).pixelNoiseStream())
    var estimates: [Double] = []
    var image = [Float](repeating: 0, count: p.count)
    for _ in 0..<3000 {
      for index in p.indices { image[index] = Float(rate * p[index]) }
      model.addNoise(to: &image, generator: &generator)
      var dot = 0.0
      for index in p.indices { dot += p[index] * Double(image[index]) }
      estimates.append(dot / sumSquares)
    }
    let mean = estimates.reduce(0, +) / Double(estimates.count)
    let sd = (estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(estimates.count - 1)).squareRoot()
    let predicted = model.psfPhotometrySignalToNoise(countRateElectronsPerSecond: rate, profile: profile)
    #expect(abs(mean / rate - 1) < 4 * sd / rate / Double(estimates.count).squareRoot())
    #expect(abs((mean / sd) / predicted - 1) < 0.06, "measured \(mean / sd) vs predicted \(predicted)")
  }
}
