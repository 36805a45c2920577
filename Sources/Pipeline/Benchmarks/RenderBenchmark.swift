import Foundation
import Numerics
import Optics
import Rendering

/// `starmill bench render`: images per second on one core for the standard case of issue 4 —
/// 3 bands, 80×80 pixels, a 5,000-star cluster, Moffat β = 2.5, FWHM 2 px — with and without
/// per-pixel Poisson noise, and the accuracy the wing-cut rule trades for its speed.
///
/// The cluster: Plummer surface density with scale (= projected half-number radius) 5 px around
/// the image centre; fluxes from dN/dF ∝ F⁻² over 8 magnitudes, 240 … 3.8·10⁵ e⁻ (PHAT F475W at
/// 1310 s for m = 28 … 20); band fluxes scatter by ±0.3 mag around the reference. The wing
/// threshold τ is quoted as a fraction of σ = 56 e⁻, the PHAT F475W sky+crowding noise per pixel
/// (K·T = 2.4 e⁻/s × 1310 s, data/README).
public enum RenderBenchmark {
  public static let benchmark = Benchmark(
    name: "render",
    summary: "3-band 80×80 images of a 5,000-star cluster per second on one core (Moffat FWHM 2 px; ± Poisson noise)"
  ) { quick in try run(quick: quick) }

  static let skySigma = 56.0

  static func cluster(seed: UInt64, stars: Int, bands: Int, size: Int) throws -> RenderStarList {
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

  static func run(quick: Bool) throws -> [BenchmarkTable] {
    let size = 80
    let bands = 3
    let imageCount = quick ? 4 : 200
    let clusters = try (0..<8).map {
      try cluster(seed: 2024 + UInt64($0), stars: quick ? 500 : 5000, bands: bands, size: size)
    }
    var buildSeconds = 0.0
    var shared: RenderPSFTable!
    buildSeconds = try Stopwatch.seconds {
      shared = try RenderPSFTable(psf: MoffatPSF(beta: 2.5, fwhmPixels: 2.0))
    }
    let distinct = try [1.8, 2.0, 2.2].map { try RenderPSFTable(psf: MoffatPSF(beta: 2.5, fwhmPixels: $0)) }

    var table = BenchmarkTable(
      title:
        "render: 3 bands × 80×80, \(clusters[0].count) stars, Moffat β 2.5 (one core, \(imageCount) images per row)",
      columns: ["PSFs", "τ (σ_sky)", "noise", "images/s", "µs/image", "Σ|ΔI|/ΣI vs exact", "max|ΔI|/σ_sky"])
    let exact = try Renderer(width: size, height: size, tables: [shared, shared, shared])
    let exactImages = try clusters.map { try exact.render($0) }

    for (label, tables) in [("shared", [shared!, shared!, shared!]), ("3 distinct", distinct)] {
      for tauFraction in quick ? [0.0, 0.05] : [0.0, 0.02, 0.05, 0.2] {
        let renderer = try Renderer(
          width: size, height: size, tables: tables, wingThresholdCounts: tauFraction * skySigma)
        // Accuracy of the cut against the full-stamp render (same tables).
        var difference = 0.0
        var total = 0.0
        var worst = 0.0
        let full = try Renderer(width: size, height: size, tables: tables)
        for cluster in clusters.prefix(2) {
          let cut = try renderer.render(cluster)
          let reference = label == "shared" ? exactImages[clusters.firstIndex(of: cluster)!] : try full.render(cluster)
          for (a, b) in zip(cut.pixels, reference.pixels) {
            difference += abs(Double(a) - Double(b))
            total += Double(b)
            worst = max(worst, abs(Double(a) - Double(b)))
          }
        }
        for withNoise in [false, true] {
          let workspace = RenderWorkspace()
          var image = ImageCube(bandCount: bands, width: size, height: size)
          let random = RandomGenerator(seed: 7, stream: 1)
          var checksum = 0.0
          let seconds = try Stopwatch.seconds {
            for k in 0..<imageCount {
              try renderer.render(clusters[k % clusters.count], into: &image, workspace: workspace)
              if withNoise {
                image.pixels.withUnsafeMutableBufferPointer { pixels in
                  for index in pixels.indices { pixels[index] = Float(random.poisson(mean: Double(pixels[index]))) }
                }
              }
              checksum += Double(image.pixels[size * size / 2])
            }
          }
          precondition(checksum.isFinite)
          table.rows.append([
            label, String(format: "%.2f", tauFraction), withNoise ? "Poisson (GSL)" : "none",
            String(format: "%.0f", Double(imageCount) / seconds),
            String(format: "%.0f", seconds / Double(imageCount) * 1e6),
            String(format: "%.1e", total > 0 ? difference / total : 0), String(format: "%.3f", worst / skySigma),
          ])
        }
      }
    }
    table.notes = [
      "Table build (Moffat FWHM 2, 16 phases, 11 radius classes): \(String(format: "%.2f", buildSeconds)) s, "
        + "\(shared.stampBytes / 1024) KiB of stamps.",
      "τ: the wing-cut threshold per pixel; cut light is folded back into the kept stamp (flux conserved). "
        + "Noise: RandomGenerator.poisson (GSL gsl_ran_poisson, exact) on every pixel of all 3 bands.",
    ]
    return [table]
  }
}
