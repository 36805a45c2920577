import Foundation
import Numerics
import Optics
import Rendering

/// `starmill bench render`: images per second on one core for the standard case of issue 4 —
/// 3 bands, 80×80 pixels, a 5,000-star cluster, Moffat β = 2.5, FWHM 2 px — with and without
/// per-pixel Poisson noise, full stamps (exact) against the core + wing split, with the split's
/// accuracy; the per-pixel noise before and after the table samplers; and the samplers' speed.
///
/// The cluster: Plummer surface density with scale (= projected half-number radius) 5 px around
/// the image centre; fluxes from dN/dF ∝ F⁻² over 8 magnitudes, 240 … 3.8·10⁵ e⁻ (PHAT F475W at
/// 1310 s for m = 28 … 20); band fluxes scatter by ±0.3 mag around the reference. σ = 56 e⁻ is the
/// PHAT F475W sky+crowding noise per pixel (K·T = 2.4 e⁻/s × 1310 s, data/README); the noise rows
/// draw Poisson(I + σ²) − σ² per pixel, i.e. a sky of σ² = 3136 e⁻ per pixel.
public enum RenderBenchmark {
  public static let benchmark = Benchmark(
    name: "render",
    summary: "3-band 80×80 images of a 5,000-star cluster per second on one core (Moffat FWHM 2 px; ± Poisson noise)"
  ) { quick in try run(quick: quick) }

  public static let skySigma = 56.0

  /// The benchmark's standard cluster (see the type's documentation), a pure function of `seed`.
  public static func standardCluster(seed: UInt64, stars: Int = 5000, bands: Int = 3, size: Int = 80) throws
    -> RenderStarList
  {
    let random = RandomGenerator(seed: seed, stream: 0)
    var xs: [Double] = []
    var ys: [Double] = []
    var flux = [[Double]](repeating: [], count: bands)
    let center = Double(size - 1) / 2
    for _ in 0..<stars {
      let u = random.uniformPositive()
      let radius = 5 * (u / (1 - u)).squareRoot()
      let angle = 2 * Double.pi * random.uniform()
      xs.append(center + radius * cos(angle))
      ys.append(center + radius * sin(angle))
      let reference = random.powerLaw(alpha: 2, lower: 240, upper: 240 * pow(10, 0.4 * 8))
      for band in 0..<bands { flux[band].append(reference * pow(10, -0.4 * random.uniform(-0.3, 0.3))) }
    }
    return try RenderStarList(x: xs, y: ys, flux: flux)
  }

  /// The seeds of the standard clusters that `bench render` cycles through.
  public static let standardClusterSeeds: [UInt64] = (0..<8).map { 2024 + UInt64($0) }

  /// The standard clusters as CSV, so that other renderers (`scripts/bench-artpop.py`) draw the
  /// very same star lists: a header `cluster,x_px,y_px,flux_band0_e,…` and one row per star,
  /// cluster by cluster in `standardClusterSeeds` order. Coordinates are pixels with pixel
  /// centres at integers (the image spans −0.5 … size − 0.5), fluxes are e⁻; every number is
  /// written with 17 significant digits, so it reads back to the same Double.
  public static func standardClustersCSV(stars: Int = 5000, bands: Int = 3, size: Int = 80) throws -> String {
    var text = "cluster,x_px,y_px," + (0..<bands).map { "flux_band\($0)_e" }.joined(separator: ",") + "\n"
    for (index, seed) in standardClusterSeeds.enumerated() {
      let cluster = try standardCluster(seed: seed, stars: stars, bands: bands, size: size)
      for star in 0..<cluster.count {
        let values = [cluster.x[star], cluster.y[star]] + (0..<bands).map { cluster.flux[$0][star] }
        text += "\(index)," + values.map { String(format: "%.17g", $0) }.joined(separator: ",") + "\n"
      }
    }
    return text
  }

  /// Σ|ΔI|/ΣI and max|ΔI| of `image` against `reference`.
  public static func difference(_ image: [Float], _ reference: [Float]) -> (relative: Double, maximum: Double) {
    var difference = 0.0
    var total = 0.0
    var worst = 0.0
    for (a, b) in zip(image, reference) {
      difference += abs(Double(a) - Double(b))
      total += Double(b)
      worst = max(worst, abs(Double(a) - Double(b)))
    }
    return (total > 0 ? difference / total : 0, worst)
  }

  enum NoiseKind: String, CaseIterable {
    case none
    case mersenne = "PTRS on GSL MT"
    case previousStream = "PTRS on xoshiro (before)"
    case stream = "tables on xoshiro"
  }

  static func run(quick: Bool) throws -> [BenchmarkTable] {
    let size = 80
    let bands = 3
    let imageCount = quick ? 4 : 400
    let clusters = try standardClusterSeeds.map { try standardCluster(seed: $0, stars: quick ? 500 : 5000) }
    var shared: RenderPSFTable!
    let buildSeconds = try Stopwatch.seconds { shared = try RenderPSFTable(psf: MoffatPSF(beta: 2.5, fwhmPixels: 2.0)) }
    let distinct = try [1.8, 2.0, 2.2].map { try RenderPSFTable(psf: MoffatPSF(beta: 2.5, fwhmPixels: $0)) }
    let noise = try NoiseModel(
      exposureTimeSeconds: 1, skyElectronsPerSecondPerPixel: skySigma * skySigma, readNoiseElectrons: 0)

    var table = BenchmarkTable(
      title:
        "render: 3 bands × 80×80, \(clusters[0].count) stars, Moffat β 2.5 (one core, \(imageCount) images per row)",
      columns: ["PSFs", "mode", "noise", "images/s", "µs/image", "Σ|ΔI|/ΣI vs exact", "max|ΔI|/σ_sky"])
    for (label, tables) in [("shared", [shared!, shared!, shared!]), ("3 distinct", distinct)] {
      let exact = try Renderer(width: size, height: size, tables: tables)
      let exactImages = try clusters.map { try exact.render($0).pixels }
      for epsilon in quick ? [0.0, 0.01] : [0.0, 0.005, 0.01, 0.03] {
        let renderer = try Renderer(
          width: size, height: size, tables: tables, wingErrorLimitCounts: epsilon * skySigma)
        var relative = 0.0
        var worst = 0.0
        for (cluster, reference) in zip(clusters, exactImages) {
          let measured = difference(try renderer.render(cluster).pixels, reference)
          relative = max(relative, measured.relative)
          worst = max(worst, measured.maximum)
        }
        for kind in NoiseKind.allCases {
          let workspace = RenderWorkspace()
          var image = ImageCube(bandCount: bands, width: size, height: size)
          let random = RandomGenerator(seed: 7, stream: 1)
          var checksum = 0.0
          let seconds = try Stopwatch.seconds {
            for k in 0..<imageCount {
              try renderer.render(clusters[k % clusters.count], into: &image, workspace: workspace)
              switch kind {
              case .none: break
              case .mersenne:
                for band in 0..<bands { noise.addNoise(to: &image, band: band, generator: random) }
              case .previousStream:
                var stream = random.pixelNoiseStream()
                let count = size * size
                image.pixels.withUnsafeMutableBufferPointer { all in
                  for band in 0..<bands {
                    let slice = UnsafeMutableBufferPointer(rebasing: all[(band * count)..<((band + 1) * count)])
                    Self.previousNoise(noise, to: slice, generator: &stream)
                  }
                }
              case .stream:
                var stream = PixelNoiseStream(random.pixelNoiseStream())
                for band in 0..<bands { noise.addNoise(to: &image, band: band, generator: &stream) }
              }
              checksum += Double(image.pixels[size * size / 2])
            }
          }
          precondition(checksum.isFinite)
          table.rows.append([
            label, epsilon == 0 ? "full stamps (exact)" : String(format: "split ε = %.3f σ", epsilon), kind.rawValue,
            String(format: "%.0f", Double(imageCount) / seconds),
            String(format: "%.0f", seconds / Double(imageCount) * 1e6),
            String(format: "%.1e", relative), String(format: "%.4f", worst / skySigma),
          ])
        }
      }
    }
    table.notes = [
      "Table build (Moffat FWHM 2, 16 phases, core r = 3, classes 5, 7, 11, 15, full 16): "
        + "\(String(format: "%.2f", buildSeconds)) s, \(shared.stampBytes / 1024) KiB of stamps; "
        + "per-class max wing error per unit flux: "
        + shared.maximumWingError.map { String(format: "%.1e", $0) }.joined(separator: ", ") + ".",
      "Accuracy: worst over the 8 clusters, against the same tables drawn with full stamps (the exact mode). "
        + "Noise: Poisson(I + σ²) − σ² per pixel of all 3 bands: NoiseModel.addNoise on GSL's Mersenne Twister "
        + "(RandomGenerator.fastPoisson: Hörmann's PTRS on I + σ²); the previous stream path (PTRS on I + σ² on "
        + "the xoshiro256** pixel-noise stream, `previousNoise`); and NoiseModel.addNoise on the stream, what "
        + "generation uses (PixelPoissonSampler: an alias table for the sky σ², digit alias tables for I).",
    ]
    return [table, try noiseTable(quick: quick), try poissonTable(quick: quick)]
  }

  /// Nanoseconds per draw of the Poisson and normal samplers at several means.
  static func poissonTable(quick: Bool) throws -> BenchmarkTable {
    var table = BenchmarkTable(
      title: "Poisson samplers: ns per draw (one core)",
      columns: [
        "mean μ", "gsl_ran_poisson", "PTRS on GSL MT", "PTRS on xoshiro", "guide table μ", "alias table μ",
        "sky 3136 + μ",
        "PTRS 3136 + μ", "polar normal", "ziggurat normal",
      ])
    let draws = quick ? 10_000 : 2_000_000
    let sky = try PixelPoissonSampler(baseMean: 3136)
    for mean in [0.1, 3.5, 10.0, 30.0, 300.0, 3136.0, 1e4] {
      let random = RandomGenerator(seed: 11, stream: 0)
      var stream = random.pixelNoiseStream()
      var sum = 0.0
      let gsl = Stopwatch.seconds { for _ in 0..<draws { sum += random.poisson(mean: mean) } }
      let fast = Stopwatch.seconds { for _ in 0..<draws { sum += random.fastPoisson(mean: mean) } }
      let xoshiro = Stopwatch.seconds { for _ in 0..<draws { sum += stream.exactPoisson(mean: mean) } }
      let guideTable = try PoissonGuideTable(mean: mean)
      let guided = Stopwatch.seconds { for _ in 0..<draws { sum += guideTable.draw(using: &stream) } }
      let aliasTable = try PoissonAliasTable(mean: mean)
      let aliased = Stopwatch.seconds { for _ in 0..<draws { sum += aliasTable.draw(using: &stream) } }
      let pixel = Stopwatch.seconds {
        for _ in 0..<draws { sum += sky.draw(sourceMean: mean, using: &stream) }
      }
      let skyPTRS = Stopwatch.seconds { for _ in 0..<draws { sum += stream.exactPoisson(mean: 3136 + mean) } }
      let polar = Stopwatch.seconds { for _ in 0..<draws { sum += stream.polarStandardNormal() } }
      let ziggurat = Stopwatch.seconds { for _ in 0..<draws { sum += stream.standardNormal() } }
      precondition(sum.isFinite)
      table.rows.append(
        [String(format: "%g", mean)]
          + [gsl, fast, xoshiro, guided, aliased, pixel, skyPTRS, polar, ziggurat].map {
            String(format: "%.1f", $0 / Double(draws) * 1e9)
          })
    }
    table.notes = [
      "ns per draw. guide table μ, alias table μ: PoissonGuideTable(mean: μ), PoissonAliasTable(mean: μ) "
        + "(built once per row, not timed); sky 3136 + μ: "
        + "PixelPoissonSampler(baseMean: 3136).draw(sourceMean: μ), i.e. Poisson(3136 + μ) as generation draws "
        + "a pixel (sky alias table + digit alias tables + fraction), against PTRS on 3136 + μ in one draw. The normal "
        + "columns do not depend on μ (one measurement per row)."
    ]
    return table
  }
}
