import ClusterStructure
import Datasets
import Foundation
import Numerics
import Optics
import RecipeFormat
import Rendering
import StellarPopulations
import Synchronization

/// Everything a dataset needs, loaded and checked once before anything is written: the recipe,
/// its isochrone set, the instrument's bands, one PSF table per band, the noise models, the IMF
/// and the shard layout. `simulate(sampleIndex:)` is then a pure function of the sample index.
public struct DatasetPlan: Sendable {
  public let recipe: Recipe
  /// The recipe's isochrone set, restricted to the recipe's bands in recipe order.
  public let isochrones: IsochroneSet
  public let instrumentBands: [InstrumentBand]
  public let renderer: Renderer
  public let noiseModels: [NoiseModel]
  public let imf: any InitialMassFunction
  public let layout: ShardLayout
  /// Where each band's PSF came from (for messages and provenance).
  public let psfSources: [String]
  /// The recipe's background library, loaded once (nil: no `background:`). Set by the planner.
  public internal(set) var background: PlannedBackground?

  public var bands: [String] { recipe.bands }
  public var sampleCount: Int { layout.sampleCount }

  public init(
    recipe: Recipe, isochrones: IsochroneSet, instrumentBands: [InstrumentBand], psfs: [any PointSpreadFunction],
    psfSources: [String]
  ) throws {
    self.recipe = recipe
    // Only the recipe's bands are interpolated per sample (the same numbers, less work).
    self.isochrones = try isochrones.restricted(toBands: recipe.bands)
    self.instrumentBands = instrumentBands
    self.psfSources = psfSources
    let tables = try Self.renderTables(psfs)
    var noiseModels: [NoiseModel] = []
    var wingErrorLimits: [Double] = []
    for (band, psf) in zip(instrumentBands, psfs) {
      // NEA of the star-centred pixel profile over the PSF's whole support.
      let radius = Int(psf.supportHalfWidthPixels.rounded(.up))
      let offsets = (-radius...radius).map(Double.init)
      let nea = NoiseModel.noiseEquivalentAreaPixels(
        profile: psf.pixelFractionGrid(offsetsX: offsets, offsetsY: offsets))
      var model = try NoiseModel(band: band, noiseEquivalentAreaPixels: nea)
      if !recipe.noise.readNoise {
        model = try NoiseModel(
          exposureTimeSeconds: model.exposureTimeSeconds,
          skyElectronsPerSecondPerPixel: model.skyElectronsPerSecondPerPixel,
          readNoiseElectrons: 0)
      }
      noiseModels.append(model)
      // Deposit field + stamps: in every pixel of a band, one star's interpolation error is at
      // most ε = `wingErrorLimitSkySigma` of that band's sky noise σ (Renderer, RenderPSFTable).
      wingErrorLimits.append(Self.wingErrorLimitSkySigma * model.variance(signalElectronsPerSecond: 0).squareRoot())
    }
    self.noiseModels = noiseModels
    self.renderer = try Renderer(
      width: recipe.imageWidthPixels, height: recipe.imageHeightPixels, tables: tables,
      wingErrorLimitCountsPerBand: wingErrorLimits.map { $0.isFinite ? $0 : 0 })
    self.imf = try Self.makeIMF(recipe.imf)
    self.layout = ShardLayout(
      datasetName: recipe.name, sampleCount: recipe.samplesToWrite, shardSize: recipe.shardSize)
  }

  /// ε of the renderer's deposit field + stamps, in units of each band's sky noise σ per pixel:
  /// each star's interpolation error stays below this in every pixel of the band (faint stars are
  /// drawn by their deposit alone; measured totals: `starmill bench render`,
  /// `starmill bench render-population`).
  public static let wingErrorLimitSkySigma = 0.01

  static func makeIMF(_ spec: InitialMassFunctionSpec) throws -> any InitialMassFunction {
    switch spec.kind {
    case .kroupa:
      return try BrokenPowerLawIMF.kroupa2001(lowerMass: spec.minimumMassSolar, upperMass: spec.maximumMassSolar)
    case .salpeter:
      return try BrokenPowerLawIMF.salpeter1955(lowerMass: spec.minimumMassSolar, upperMass: spec.maximumMassSolar)
    case .chabrier:
      return try Chabrier2003IMF(lowerMass: spec.minimumMassSolar, upperMass: spec.maximumMassSolar)
    case .brokenPowerLaw:
      return try BrokenPowerLawIMF(
        breakpoints: [spec.minimumMassSolar] + spec.breakMassesSolar + [spec.maximumMassSolar], slopes: spec.slopes)
    }
  }

  /// The grid node of sample `i` (node-major: realisation `i mod K` of node `i / K`), or nil.
  public func gridNode(ofSample index: Int) -> (node: Int, values: [String: Double])? {
    guard let grid = recipe.grid else { return nil }
    var node = index / grid.realisations
    let nodeIndex = node
    var values: [String: Double] = [:]
    // The last axis varies fastest.
    for axis in grid.axes.reversed() {
      values[axis.parameter] = axis.values[node % axis.values.count]
      node /= axis.values.count
    }
    return (nodeIndex, values)
  }

  /// Shard provenance for shard `shard` holding samples `range`.
  public func metadata(shard: Int, range: Range<Int>) -> ShardMetadata {
    var deflate: Int?
    if case .deflate(let level) = recipe.compression { deflate = level }
    return ShardMetadata(
      bands: bands, pixelScaleArcsec: recipe.pixelScaleArcsec, imageHeightPixels: recipe.imageHeightPixels,
      imageWidthPixels: recipe.imageWidthPixels, zeroPointsVega: instrumentBands.map(\.vegaZeroPoint),
      exposureSeconds: instrumentBands.map(\.exposureTimeSeconds), units: "e-/s", recipeName: recipe.name,
      recipeText: recipe.sourceText, recipeSHA256: recipe.sha256, seed: recipe.seed, firstSample: range.lowerBound,
      sampleCount: range.count, datasetSamples: layout.sampleCount, shardIndex: shard,
      shardCount: layout.shardCount, starmillVersion: StarmillVersion.string, deflateLevel: deflate)
  }
}

extension DatasetPlan {
  /// One `RenderPSFTable` per band, built concurrently (each is a pure function of its PSF, so
  /// the tables are the same whatever the core count); the first band's error is rethrown.
  static func renderTables(_ psfs: [any PointSpreadFunction]) throws -> [RenderPSFTable] {
    let built = Mutex([Result<RenderPSFTable, RenderError>?](repeating: nil, count: psfs.count))
    DispatchQueue.concurrentPerform(iterations: psfs.count) { band in
      let table = Result { () throws(RenderError) in try RenderPSFTable(psf: psfs[band], phasesPerPixel: 16) }
      built.withLock { $0[band] = table }
    }
    return try built.withLock { results in try results.map { try $0!.get() } }
  }
}
