import ClusterStructure
import Foundation
import Numerics
import Optics
import Rendering
import StellarPopulations

/// `starmill bench render-population`: the standard render case of issue 4 (3 bands, 80×80
/// pixels, a ~5,000-star cluster, Moffat β = 2.5 FWHM 2 px, Poisson noise, one core) with the
/// star list of a real cluster instead of `RenderBenchmark`'s synthetic flux law: Kroupa IMF to
/// 3,300 M☉ (≈5,400 stars drawn, ≈5,000 luminous, as `Recipes/bench.yaml`), the bundled PARSEC
/// set at log t = 8.5, [M/H] = 0, M31's distance, Plummer r_h = 1 pc, PHAT F336W / F475W /
/// F814W counts (zero points, exposure times and sky from `Instruments/phat.yaml`). In such a
/// cluster most stars are faint M31 dwarfs far below the sky noise, so the renderer draws them
/// by their deposits alone (bulk). Images are in e⁻ (the counts of one exposure); ε is 0.01 of
/// each band's sky σ, as in generation (`DatasetPlan.wingErrorLimitSkySigma`).
enum RenderPopulationBenchmark {
  static let benchmark = Benchmark(
    name: "render-population",
    summary: "3-band 80×80 images of real 3,300 Msun PHAT clusters (bundled isochrones) per second on one core"
  ) { quick in try run(quick: quick) }

  /// The benchmark's eight real clusters (star lists in e⁻ per exposure), the bands' noise models
  /// (e⁻ per exposure) and sky σ, the shared table, the band names and the mean number of stars
  /// drawn per cluster (luminous or not).
  struct Setup {
    var clusters: [RenderStarList]
    var noiseModels: [NoiseModel]
    var sigmas: [Double]
    var table: RenderPSFTable
    var bandNames: [String]
    var drawnPerCluster: Int
  }

  /// Builds `Setup` from the bundled isochrones and `Instruments/phat.yaml` (see the type's
  /// documentation).
  static func setup() throws -> Setup {
    let locator = ResourceLocator.forBenchmarks()
    guard let setPath = locator.resolve("parsec-v1.2s-phat", kind: .isochrones),
      let instrumentPath = locator.resolve("phat", kind: .instruments, fileExtension: "yaml")
    else {
      throw BenchmarkSetupError(
        description: "Isochrones/parsec-v1.2s-phat and Instruments/phat.yaml not found (run from the repository)")
    }
    let set = try IsochroneSetFolder.load(setPath)
    let instrument = try InstrumentFileLoader.load(from: URL(fileURLWithPath: instrumentPath)).instrument
    let bandNames = ["F336W", "F475W", "F814W"]
    let bands = try bandNames.map { name in
      guard let band = instrument.bands.first(where: { $0.name == name }) else {
        throw BenchmarkSetupError(description: "\(instrumentPath) has no band \(name)")
      }
      return band
    }
    let setIndices = bandNames.map { set.bands.firstIndex(of: $0)! }
    let size = 80
    let imf = try BrokenPowerLawIMF.kroupa2001()
    let projection = try SkyProjection(pixelScaleArcsec: 0.05)
    let morphology = try ClusterMorphology(profile: .plummer(try PlummerProfile(rHalfLightParsecs: 1.0)))
    let placement = ClusterPlacement.centred(width: size, height: size, offsetXPixels: 0, offsetYPixels: 0)

    // Eight clusters: star lists in e⁻ per exposure.
    var clusters: [RenderStarList] = []
    var drawn = 0
    for seed in 0..<8 {
      let generator = RandomGenerator(seed: 3300 + UInt64(seed))
      let population = try StellarPopulation.sample(
        from: set, logAgeYears: 8.5, metallicity: 0, imf: imf, targetMass: 3300, generator: generator)
      let positions = placement.pixelPositions(
        ofParsecOffsets: morphology.samplePositionsParsecs(count: population.drawnCount, generator: generator),
        projection: projection)
      var xs: [Double] = []
      var ys: [Double] = []
      var flux = [[Double]](repeating: [], count: bands.count)
      for star in 0..<population.drawnCount where population.magnitudes[setIndices[0]][star].isFinite {
        xs.append(positions[star].x)
        ys.append(positions[star].y)
        for (k, band) in bands.enumerated() {
          flux[k].append(band.expectedElectrons(vegaMagnitude: Double(population.magnitudes[setIndices[k]][star])))
        }
      }
      drawn += population.drawnCount
      clusters.append(try RenderStarList(x: xs, y: ys, flux: flux))
    }
    // The bands' noise (as generation builds it: PHAT's effective background per pixel through
    // the PSF's noise-equivalent area), in e⁻ per exposure to match the images.
    let psf = try MoffatPSF(beta: 2.5, fwhmPixels: 2.0)
    let support = Int(psf.supportHalfWidthPixels.rounded(.up))
    let offsets = (-support...support).map(Double.init)
    let area = NoiseModel.noiseEquivalentAreaPixels(
      profile: psf.pixelFractionGrid(offsetsX: offsets, offsetsY: offsets))
    let noiseModels = try bands.map { band in
      let rates = try NoiseModel(band: band, noiseEquivalentAreaPixels: area)
      return try NoiseModel(
        exposureTimeSeconds: 1,
        skyElectronsPerSecondPerPixel: rates.skyElectronsPerSecondPerPixel * band.exposureTimeSeconds,
        readNoiseElectrons: rates.readNoiseElectrons)
    }
    let sigmas = noiseModels.map { $0.variance(signalElectronsPerSecond: 0).squareRoot() }
    return Setup(
      clusters: clusters, noiseModels: noiseModels, sigmas: sigmas, table: try RenderPSFTable(psf: psf),
      bandNames: bandNames, drawnPerCluster: drawn / clusters.count)
  }

  static func run(quick: Bool) throws -> [BenchmarkTable] {
    let setup = try setup()
    let (clusters, noiseModels, sigmas, table, bandNames) = (
      setup.clusters, setup.noiseModels, setup.sigmas, setup.table, setup.bandNames
    )
    let size = 80
    let bandCount = bandNames.count
    let imageCount = quick ? 4 : 400
    let tables = [table, table, table]
    let exact = try Renderer(width: size, height: size, tables: tables)
    let exactImages = try clusters.map { try exact.render($0).pixels }

    let luminous = clusters.reduce(0) { $0 + $1.count } / clusters.count
    var result = BenchmarkTable(
      title:
        "render-population: 3 bands × 80×80, log t 8.5, 3,300 M☉ (≈\(setup.drawnPerCluster) stars, "
        + "\(luminous) luminous), Moffat β 2.5 FWHM 2 px (one core, \(imageCount) images per row)",
      columns: ["mode", "noise", "images/s", "µs/image", "Σ|ΔI|/ΣI vs exact", "max|ΔI|/σ_sky", "stars in bulk"])
    for epsilonSigma in [0.0, 0.01] {
      let limits = sigmas.map { epsilonSigma * $0 }
      let renderer = try Renderer(width: size, height: size, tables: tables, wingErrorLimitCountsPerBand: limits)
      var relative = 0.0
      var worst = 0.0
      for (cluster, reference) in zip(clusters, exactImages) {
        let image = try renderer.render(cluster).pixels
        let measured = RenderBenchmark.difference(image, reference)
        relative = max(relative, measured.relative)
        for band in 0..<bandCount {
          let range = (band * size * size)..<((band + 1) * size * size)
          let bandWorst = RenderBenchmark.difference(Array(image[range]), Array(reference[range])).maximum
          worst = max(worst, bandWorst / sigmas[band])
        }
      }
      // Stars whose largest band flux is within the bulk limit of the group (all bands share a table).
      let bulkLimit = epsilonSigma == 0 ? -1 : (limits.min() ?? 0) / table.maximumBulkError
      let bulkShare =
        clusters.reduce(0.0) { total, cluster in
          total
            + Double((0..<cluster.count).filter { star in cluster.flux.map { $0[star] }.max()! <= bulkLimit }.count)
            / Double(cluster.count)
        } / Double(clusters.count)
      for withNoise in [false, true] {
        let workspace = RenderWorkspace()
        var image = ImageCube(bandCount: bandCount, width: size, height: size)
        let random = RandomGenerator(seed: 7, stream: 1)
        var checksum = 0.0
        let seconds = try Stopwatch.seconds {
          for k in 0..<imageCount {
            try renderer.render(clusters[k % clusters.count], into: &image, workspace: workspace)
            if withNoise {
              var stream = PixelNoiseStream(random.pixelNoiseStream())
              for band in 0..<bandCount { noiseModels[band].addNoise(to: &image, band: band, generator: &stream) }
            }
            checksum += Double(image.pixels[size * size / 2])
          }
        }
        precondition(checksum.isFinite)
        result.rows.append([
          epsilonSigma == 0 ? "full stamps (exact)" : String(format: "ε = %.2f σ per band", epsilonSigma),
          withNoise ? "Poisson (xoshiro)" : "none", String(format: "%.0f", Double(imageCount) / seconds),
          String(format: "%.0f", seconds / Double(imageCount) * 1e6), String(format: "%.1e", relative),
          String(format: "%.4f", worst), String(format: "%.1f %%", 100 * bulkShare),
        ])
      }
    }
    result.notes = [
      "Sky σ per pixel (e⁻ per exposure): "
        + zip(bandNames, sigmas).map { "\($0) \(String(format: "%.1f", $1))" }.joined(separator: ", ")
        + "; maximum bulk error per unit flux \(String(format: "%.2e", table.maximumBulkError)).",
      "Accuracy: worst over the 8 clusters against the same table drawn with full stamps; max|ΔI| in units of each band's σ.",
      hugePageNote(),
    ]
    return [result]
  }
}
