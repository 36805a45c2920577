import Foundation
import Numerics
import Optics
import Rendering

extension RenderBenchmark {
  /// The per-pixel noise as generation drew it before the table samplers: Poisson((s + B) t) by
  /// `exactPoisson(mean:)` (Hörmann's PTRS above a mean of 10) and read noise by the polar
  /// method, on the same stream. Kept here as the benchmark's "before" row only.
  static func previousNoise(
    _ model: NoiseModel, to pixels: UnsafeMutableBufferPointer<Float>, generator: inout Xoshiro256StarStar
  ) {
    let t = model.exposureTimeSeconds
    let skyElectrons = model.skyElectronsPerSecondPerPixel * t
    let offset = model.subtractsSky ? skyElectrons : 0
    let sigma = model.readNoiseElectrons
    for index in pixels.indices {
      var electrons = generator.exactPoisson(mean: max(0, Double(pixels[index])) * t + skyElectrons)
      if sigma > 0 { electrons += sigma * generator.polarStandardNormal() }
      pixels[index] = Float((electrons - offset) / t)
    }
  }

  /// Nanoseconds per pixel of the noise alone, on the noiseless renders of the standard clusters
  /// (3 bands × 80 × 80, sky σ² = 3136 e⁻ per pixel), before and after, with and without read noise.
  static func noiseTable(quick: Bool) throws -> BenchmarkTable {
    let size = 80
    let bands = 3
    let renderer = try Renderer(
      width: size, height: size,
      tables: Array(repeating: try RenderPSFTable(psf: MoffatPSF(beta: 2.5, fwhmPixels: 2.0)), count: bands))
    let images = try (0..<8).map {
      try renderer.render(try standardCluster(seed: 2024 + UInt64($0), stars: quick ? 500 : 5000)).pixels
    }
    let rounds = quick ? 1 : 15
    let passes = quick ? 1 : 12
    let pixelsPerImage = Double(bands * size * size)
    var table = BenchmarkTable(
      title: "pixel noise: ns per pixel, 3 bands × 80×80 of the standard cluster, sky 3136 e⁻ (one core, CPU time)",
      columns: [
        "read noise σ", "GSL MT (PTRS + GSL ziggurat)", "xoshiro before (PTRS + polar)",
        "xoshiro now (tables + ziggurat)", "before / now",
      ])
    for sigma in [0.0, 5.0] {
      let model = try NoiseModel(
        exposureTimeSeconds: 1, skyElectronsPerSecondPerPixel: skySigma * skySigma, readNoiseElectrons: sigma)
      // Rounds interleave the three methods; each keeps its fastest round (the machine is shared).
      var best = [Double](repeating: .infinity, count: 3)
      var checksum = 0.0
      let random = RandomGenerator(seed: 5, stream: 2)
      var work = images[0]
      for _ in 0..<rounds {
        for method in 0..<3 {
          var seconds = 0.0
          for k in 0..<(passes * images.count) {
            let source = images[k % images.count]
            for index in work.indices { work[index] = source[index] }
            var stream = random.pixelNoiseStream()
            let start = threadCPUSeconds()
            work.withUnsafeMutableBufferPointer { buffer in
              for band in 0..<bands {
                let slice = UnsafeMutableBufferPointer(
                  rebasing: buffer[(band * size * size)..<((band + 1) * size * size)])
                switch method {
                case 0: model.addNoise(to: slice, generator: random)
                case 1: previousNoise(model, to: slice, generator: &stream)
                default: model.addNoise(to: slice, generator: &stream)
                }
              }
            }
            seconds += threadCPUSeconds() - start
            checksum += Double(work[size * size / 2])
          }
          best[method] = min(best[method], seconds)
        }
      }
      precondition(checksum.isFinite)
      let perPixel = best.map { $0 / (Double(passes * images.count) * pixelsPerImage) * 1e9 }
      table.rows.append(
        [String(format: "%g e⁻", sigma)] + perPixel.map { String(format: "%.1f", $0) }
          + [String(format: "%.2f×", perPixel[1] / perPixel[2])])
    }
    table.notes = [
      "Thread CPU time of the noise calls only (each image is copied back from its noiseless render between "
        + "passes, untimed); \(rounds) interleaved rounds, the fastest kept. Before: Poisson((s + B) t) by "
        + "exactPoisson (PTRS) and the polar normal; now: NoiseModel.addNoise (PixelPoissonSampler: the sky + "
        + "lowest source digit from the band's tables, higher digits from shared tables, the fraction "
        + "bracketed; ziggurat normal)."
    ]
    return table
  }
}
