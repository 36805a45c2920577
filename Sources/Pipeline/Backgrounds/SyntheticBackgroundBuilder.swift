import Backgrounds
import Foundation
import Numerics
import Optics
import Rendering
import StellarPopulations

/// Makes a synthetic M31 background library with Starmill's own physics: for each density class
/// and patch, the resolved stars of `SyntheticFieldModel` at uniform random positions over the
/// patch plus a margin of the largest PSF half-width on every side (so light from stars just
/// outside falls in, as on the sky), rendered exactly through each band's PSF (`Renderer`, no
/// wing cut), plus the unresolved stars' light spread uniformly, then photon noise with the
/// instrument's noise model (`NoiseModel(band:noiseEquivalentAreaPixels:)`: its per-pixel sky is
/// drawn and subtracted, as in sky-subtracted PHAT mosaics; M31's own light stays in).
///
/// Patch p of class c uses the generator keyed by (seed, c · 1000 + p): a patch is the same
/// bytes whatever else is built. Draws per patch: stars (`sampleResolvedStars`), then x and y
/// per star (uniform), then noise band by band.
public enum SyntheticBackgroundBuilder {
  public struct DensityClass: Sendable, Equatable {
    public var name: String
    /// Formed stellar mass surface density, M☉ arcsec⁻².
    public var formedMassPerArcsec2: Double

    public init(name: String, formedMassPerArcsec2: Double) {
      self.name = name
      self.formedMassPerArcsec2 = formedMassPerArcsec2
    }
  }

  public struct Request: Sendable {
    public var name: String
    public var model: SyntheticFieldModel
    public var classes: [DensityClass]
    public var patchesPerClass: Int
    public var patchSize: Int
    public var seed: UInt64

    public init(
      name: String, model: SyntheticFieldModel, classes: [DensityClass], patchesPerClass: Int, patchSize: Int,
      seed: UInt64
    ) {
      self.name = name
      self.model = model
      self.classes = classes
      self.patchesPerClass = patchesPerClass
      self.patchSize = patchSize
      self.seed = seed
    }
  }

  /// One patch's pixels `[band][y][x]` in e⁻/s and its resolved-star count.
  public static func makePatch(
    set: IsochroneSet, bands: [InstrumentBand], psfs: [any PointSpreadFunction], model: SyntheticFieldModel,
    density: Double, size: Int, generator: RandomGenerator
  ) throws -> (pixels: [Float], stars: Int) {
    let margin = Int(psfs.map(\.supportHalfWidthPixels).max()!.rounded(.up))
    let side = Double(size + 2 * margin)
    let pixelScale = bands[0].pixelScaleArcsec
    let areaArcsec2 = side * side * pixelScale * pixelScale
    let formedMass = density * areaArcsec2
    let bandIndices = try bands.map { band in
      guard let index = set.bands.firstIndex(of: band.name) else {
        throw FieldError(
          field: "isochroneSet.bands", value: band.name, rule: "the isochrone set has no such band")
      }
      return index
    }
    let magnitudes = try model.sampleResolvedStars(set: set, formedMass: formedMass, generator: generator)
    let count = magnitudes[0].count
    var x: [Double] = []
    var y: [Double] = []
    var flux = [[Double]](repeating: [], count: bands.count)
    for star in 0..<count {
      // Positions are drawn for every star (dark ones too) so the draw count is fixed.
      let px = generator.uniform(-0.5 - Double(margin), Double(size + margin) - 0.5)
      let py = generator.uniform(-0.5 - Double(margin), Double(size + margin) - 0.5)
      guard magnitudes[bandIndices[0]][star].isFinite else { continue }
      x.append(px)
      y.append(py)
      for (band, index) in bandIndices.enumerated() {
        flux[band].append(bands[band].countRateElectronsPerSecond(vegaMagnitude: Double(magnitudes[index][star])))
      }
    }
    let tables = try psfs.map { try RenderPSFTable(psf: $0, phasesPerPixel: 16) }
    let renderer = try Renderer(width: size, height: size, tables: tables)
    var image = try renderer.render(RenderStarList(x: x, y: y, flux: flux))
    let smooth = try model.unresolvedFlux(set: set, formedMass: formedMass)
    for (band, index) in bandIndices.enumerated() {
      let perPixel = smooth[index] * pow(10, 0.4 * bands[band].vegaZeroPoint) / (side * side)
      let start = band * size * size
      for pixel in start..<(start + size * size) { image.pixels[pixel] += Float(perPixel) }
      let radius = Int(psfs[band].supportHalfWidthPixels.rounded(.up))
      let offsets = (-radius...radius).map(Double.init)
      let nea = NoiseModel.noiseEquivalentAreaPixels(
        profile: psfs[band].pixelFractionGrid(offsetsX: offsets, offsetsY: offsets))
      try NoiseModel(band: bands[band], noiseEquivalentAreaPixels: nea).addNoise(
        to: &image, band: band, generator: generator)
    }
    return (image.pixels, x.count)
  }

  public static func build(
    _ request: Request, set: IsochroneSet, bands: [InstrumentBand], psfs: [any PointSpreadFunction],
    progress: (String) -> Void = { _ in }
  ) throws -> BackgroundLibrary {
    var patches: [BackgroundPatch] = []
    for (c, densityClass) in request.classes.enumerated() {
      for p in 0..<request.patchesPerClass {
        let stream = UInt64(c * 1000 + p)
        let generator = RandomGenerator(seed: request.seed, stream: stream)
        let (pixels, stars) = try makePatch(
          set: set, bands: bands, psfs: psfs, model: request.model, density: densityClass.formedMassPerArcsec2,
          size: request.patchSize, generator: generator)
        patches.append(
          try BackgroundPatch(
            bandCount: bands.count, width: request.patchSize, height: request.patchSize, pixels: pixels,
            origin: .init(source: "synthetic \(densityClass.name) seed \(request.seed) stream \(stream)", x: 0, y: 0),
            densityClass: densityClass.name))
        progress("\(densityClass.name) patch \(p): \(stars) resolved stars rendered")
      }
    }
    let classes = request.classes.map { String(format: "%@ %.1f", $0.name, $0.formedMassPerArcsec2) }.joined(
      separator: ", ")
    return try BackgroundLibrary(
      name: request.name, bands: bands.map(\.name), pixelScaleArcsec: bands[0].pixelScaleArcsec, patches: patches,
      provenance:
        "starmill backgrounds synth; seed \(request.seed); \(request.patchesPerClass) patches of \(request.patchSize) px per class; "
        + "classes (formed M☉/arcsec²): \(classes); model: \(request.model.summary)")
  }
}
