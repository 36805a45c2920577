import Foundation
import Numerics
import Optics
import Rendering

/// `starmill bench render-noise-split`: per image, the thread CPU time of the render alone, the
/// pixel noise alone and the two one after the other (as the `render` and `render-population`
/// rows with noise do), for issue 4's two standard cases at ε = 0.01 σ: the synthetic cluster
/// (`RenderBenchmark.standardCluster`, shared Moffat table, sky σ² = 3136 e⁻ in every band) and
/// the real 3,300 M☉ cluster (`RenderPopulationBenchmark.setup`). If render + noise costs more
/// than the sum of its parts, the two evict each other's working sets from the caches.
///
/// Each phase is its own non-inlined function, so that `valgrind --tool=callgrind` (or
/// `--tool=cachegrind`) run on `starmill bench render-noise-split --quick` attributes
/// instructions and cache misses to each phase (`callgrind_annotate --inclusive=yes`): the
/// quick run does `quickImages` images per phase, once.
enum RenderNoiseSplitBenchmark {
  static let benchmark = Benchmark(
    name: "render-noise-split",
    summary: "CPU per image of render alone, noise alone and render + noise (both render cases; for the profilers)"
  ) { quick in try run(quick: quick) }

  /// Images per phase of the quick run (the profilers' unit: divide their counts by it).
  static let quickImages = 40

  /// What one case renders and how it adds noise.
  struct Case {
    var label: String
    var renderer: Renderer
    var clusters: [RenderStarList]
    var noiseModels: [NoiseModel]
  }

  static func run(quick: Bool) throws -> [BenchmarkTable] {
    let size = 80
    let shared = try RenderPSFTable(psf: MoffatPSF(beta: 2.5, fwhmPixels: 2.0))
    let sky = try NoiseModel(
      exposureTimeSeconds: 1, skyElectronsPerSecondPerPixel: RenderBenchmark.skySigma * RenderBenchmark.skySigma,
      readNoiseElectrons: 0)
    let synthetic = Case(
      label: "synthetic (render), shared PSF",
      renderer: try Renderer(
        width: size, height: size, tables: [shared, shared, shared],
        wingErrorLimitCounts: 0.01 * RenderBenchmark.skySigma),
      clusters: try RenderBenchmark.standardClusterSeeds.map { try RenderBenchmark.standardCluster(seed: $0) },
      noiseModels: [sky, sky, sky])
    let population = try RenderPopulationBenchmark.setup()
    let real = Case(
      label: "real 3,300 M☉ (render-population)",
      renderer: try Renderer(
        width: size, height: size, tables: [population.table, population.table, population.table],
        wingErrorLimitCountsPerBand: population.sigmas.map { 0.01 * $0 }),
      clusters: population.clusters, noiseModels: population.noiseModels)

    let images = quick ? quickImages : 200
    let rounds = quick ? 1 : 7
    var table = BenchmarkTable(
      title: "render + noise: µs of thread CPU per image, 3 bands × 80×80, ε = 0.01 σ (one core)",
      columns: [
        "case", "render alone", "noise alone", "sum", "render + noise", "(render + noise) / sum",
      ])
    for (index, testCase) in [synthetic, real].enumerated() {
      let best =
        index == 0
        ? try measureSynthetic(testCase, images: images, rounds: rounds)
        : try measureReal(testCase, images: images, rounds: rounds)
      let micro = best.map { $0 / Double(images) * 1e6 }
      table.rows.append(
        [testCase.label] + [micro[0], micro[1], micro[0] + micro[1], micro[2]].map { String(format: "%.0f", $0) }
          + [String(format: "%.2f", micro[2] / (micro[0] + micro[1]))])
    }
    table.notes = [
      "Thread CPU time, \(rounds) interleaved rounds of \(images) images per phase, the fastest round kept. "
        + "Noise alone: NoiseModel.addNoise on the xoshiro stream over a copy of a noiseless render (the copy "
        + "untimed). Render + noise: render, then its noise, per image, as the render benchmarks' noise rows."
    ]
    return [table]
  }

  /// `measure` of the synthetic case (its own symbol, for `valgrind --toggle-collect`).
  @inline(never)
  static func measureSynthetic(_ testCase: Case, images: Int, rounds: Int) throws -> [Double] {
    try measure(testCase, images: images, rounds: rounds)
  }

  /// `measure` of the real cluster (its own symbol, for `valgrind --toggle-collect`).
  @inline(never)
  static func measureReal(_ testCase: Case, images: Int, rounds: Int) throws -> [Double] {
    try measure(testCase, images: images, rounds: rounds)
  }

  /// The fastest of `rounds` interleaved rounds of render alone, noise alone and render + noise
  /// (`images` images each), in thread CPU seconds.
  static func measure(_ testCase: Case, images: Int, rounds: Int) throws -> [Double] {
    // Noiseless renders of the case's clusters, the noise-alone phase's input.
    let noiseless = try testCase.clusters.map { try testCase.renderer.render($0) }
    var best = [Double](repeating: .infinity, count: 3)
    var checksum = 0.0
    for _ in 0..<rounds {
      // Interleaved: render alone, noise alone, render + noise, each on fresh scratch.
      best[0] = min(best[0], try renderAlone(testCase, images: images, checksum: &checksum))
      best[1] = min(best[1], noiseAlone(testCase, noiseless: noiseless, images: images, checksum: &checksum))
      best[2] = min(best[2], try renderThenNoise(testCase, images: images, checksum: &checksum))
    }
    precondition(checksum.isFinite)
    return best
  }

  /// Thread CPU seconds of `images` renders.
  @inline(never)
  static func renderAlone(_ testCase: Case, images: Int, checksum: inout Double) throws -> Double {
    let workspace = RenderWorkspace()
    var image = ImageCube(bandCount: 3, width: 80, height: 80)
    let start = threadCPUSeconds()
    for k in 0..<images {
      try testCase.renderer.render(testCase.clusters[k % testCase.clusters.count], into: &image, workspace: workspace)
      checksum += Double(image.pixels[3200])
    }
    return threadCPUSeconds() - start
  }

  /// Thread CPU seconds of `images` noise passes over copies of noiseless renders.
  @inline(never)
  static func noiseAlone(_ testCase: Case, noiseless: [ImageCube], images: Int, checksum: inout Double) -> Double {
    let random = RandomGenerator(seed: 7, stream: 1)
    var image = noiseless[0]
    var seconds = 0.0
    for k in 0..<images {
      restore(&image, from: noiseless[k % noiseless.count])
      let start = threadCPUSeconds()
      addNoise(testCase, to: &image, random: random)
      seconds += threadCPUSeconds() - start
      checksum += Double(image.pixels[3200])
    }
    return seconds
  }

  /// Thread CPU seconds of `images` renders, each followed by its noise.
  @inline(never)
  static func renderThenNoise(_ testCase: Case, images: Int, checksum: inout Double) throws -> Double {
    let workspace = RenderWorkspace()
    var image = ImageCube(bandCount: 3, width: 80, height: 80)
    let random = RandomGenerator(seed: 7, stream: 1)
    let start = threadCPUSeconds()
    for k in 0..<images {
      try testCase.renderer.render(testCase.clusters[k % testCase.clusters.count], into: &image, workspace: workspace)
      addNoise(testCase, to: &image, random: random)
      checksum += Double(image.pixels[3200])
    }
    return threadCPUSeconds() - start
  }

  @inline(never)
  static func addNoise(_ testCase: Case, to image: inout ImageCube, random: RandomGenerator) {
    var stream = PixelNoiseStream(random.pixelNoiseStream())
    for band in 0..<image.bandCount { testCase.noiseModels[band].addNoise(to: &image, band: band, generator: &stream) }
  }

  @inline(never)
  static func restore(_ image: inout ImageCube, from source: ImageCube) {
    image.pixels.withUnsafeMutableBufferPointer { destination in
      source.pixels.withUnsafeBufferPointer { destination.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
    }
  }
}
