import Backgrounds
import ClusterStructure
import Datasets
import Foundation
import Numerics
import Rendering
import StellarPopulations

extension DatasetPlan {
  /// Simulates sample `index`: a pure function of (recipe, seed, index).
  ///
  /// Order of random draws from the sample's generator (keyed by (seed, index)): cluster
  /// parameters (`ClusterParameters.draw`), IMF masses and per-star extinction
  /// (`StellarPopulation.sample`), star positions (`ClusterMorphology.samplePositionsParsecs`),
  /// then (with noise) eight words that seed the sample's pixel-noise stream
  /// (`RandomGenerator.pixelNoiseStream`), which draws the noise band by band. With a
  /// `background:` the noise is the cluster's source shot noise only, followed by the background
  /// placement draws from the sample's generator (`applyBackground`).
  public func simulate(sampleIndex index: Int) throws -> Observation {
    let scene = try scene(sampleIndex: index)
    var image = try renderer.render(scene.stars, workspace: RenderWorkspace.forCurrentThread())
    var truthIntegers = scene.truthIntegers
    if let background {
      let placement = try applyBackground(background, to: &image, generator: scene.generator)
      truthIntegers.merge(placement.truthIntegers) { $1 }
    } else if recipe.noise.poisson {
      var noise = PixelNoiseStream(scene.generator.pixelNoiseStream())
      for band in 0..<bands.count { noiseModels[band].addNoise(to: &image, band: band, generator: &noise) }
    }
    return Observation(
      pixels: image.pixels, labels: scene.labels, truthReals: scene.truthReals, truthIntegers: truthIntegers,
      truthPerBand: scene.truthPerBand)
  }

  /// The draws of sample `index` up to and including the star positions (see `simulate` for
  /// their order), with the luminous stars' pixel positions and e⁻/s fluxes, its labels and truth.
  public func scene(sampleIndex index: Int) throws -> SampleScene {
    try scene(sampleIndex: index, workspace: SceneWorkspace.forCurrentThread())
  }

  /// `scene(sampleIndex:)` with `workspace`'s memory for the per-star arrays.
  func scene(sampleIndex index: Int, workspace: SceneWorkspace) throws -> SampleScene {
    let generator = RandomGenerator(seed: recipe.seed, stream: UInt64(index))
    let node = gridNode(ofSample: index)
    let parameters = ClusterParameters.draw(
      recipe.cluster, distanceModulus: recipe.distanceModulus, nodeValues: node?.values ?? [:], generator: generator)

    let observing = ObservingConditions(
      distanceModulus: parameters.distanceModulus, extinctionV: parameters.extinctionAV,
      differentialExtinction: parameters.differentialAVSigma > 0
        ? .halfNormal(sigma: parameters.differentialAVSigma) : .none)
    // Magnitudes in the recipe's bands only: population.magnitudes[k] is recipe band k.
    let population = workspace.population
    try StellarPopulation.sample(
      from: isochrones, logAgeYears: parameters.logAgeYears, metallicity: parameters.metallicity, imf: imf,
      targetMass: pow(10, parameters.logMassSolar), observing: observing, bands: recipe.bands, generator: generator,
      into: population)

    let morphology = try self.morphology(parameters)
    let placement = ClusterPlacement.centred(
      width: recipe.imageWidthPixels, height: recipe.imageHeightPixels,
      offsetXPixels: parameters.centerOffsetXPixels, offsetYPixels: parameters.centerOffsetYPixels)
    let projection = try SkyProjection(
      distanceModulus: parameters.distanceModulus, pixelScaleArcsec: recipe.pixelScaleArcsec)
    let pixelsPerParsec = projection.pixels(fromParsecs: 1)

    // Luminous stars only (finite magnitude in band 0, as the population keeps them), in
    // drawing order: their pixel positions (every star's uniforms drawn, the positions computed
    // for the luminous ones alone), fluxes in e⁻/s per band from their contiguous magnitudes,
    // and the integrated magnitude of each band from the same fluxes: ZP − 2.5 log₁₀ Σ F equals
    // −2.5 log₁₀ Σ 10^(−0.4 m) to rounding. Every array lives in the workspace.
    let lit = population.luminousStars.count
    workspace.x.resize(to: lit, filling: 0)
    workspace.y.resize(to: lit, filling: 0)
    population.luminousStars.withUnsafeBufferPointer { stars in
      workspace.x.withUnsafeMutableBufferPointer { x in
        workspace.y.withUnsafeMutableBufferPointer { y in
          morphology.samplePixelPositions(
            count: population.drawnCount, generator: generator, ofStars: stars, placement: placement,
            pixelsPerParsec: pixelsPerParsec, x: x, y: y, workspace: workspace.positions)
        }
      }
    }
    workspace.flux.resize(to: bands.count, filling: [])
    for band in bands.indices {
      let instrument = instrumentBands[band]
      workspace.flux[band].resize(to: lit, filling: 0)
      population.luminousMagnitudes[band].withUnsafeBufferPointer { magnitudes in
        workspace.flux[band].withUnsafeMutableBufferPointer { rates in
          instrument.countRatesElectronsPerSecond(vegaMagnitudes: magnitudes, into: rates)
        }
      }
    }
    let integrated = zip(instrumentBands, workspace.flux.columnTotals(count: lit)).map { instrument, total in
      total > 0 ? instrument.vegaMagnitude(countRateElectronsPerSecond: total) : .infinity
    }
    let stars = try RenderStarList(x: workspace.x, y: workspace.y, flux: workspace.flux)

    var truthReals = parameters.named
    var named = truthReals
    named["log_r_h_pc"] = log10(parameters.rHalfLightParsecs)
    named["log_mass_drawn"] = log10(population.massDrawn)
    var labels: [String: Double] = [:]
    for label in recipe.labels { labels[label] = named[label] }

    truthReals["mass_drawn"] = population.massDrawn
    truthReals["mass_alive"] = population.massAlive
    truthReals["center_x_px"] = placement.centreXPixels
    truthReals["center_y_px"] = placement.centreYPixels
    let truthIntegers: [String: Int64] = [
      "star_count": Int64(population.drawnCount), "alive_star_count": Int64(population.aliveCount),
      "luminous_star_count": Int64(lit), "grid_node": Int64(node?.node ?? -1),
      "realisation": Int64(recipe.grid.map { index % $0.realisations } ?? 0),
    ]
    return SampleScene(
      generator: generator, stars: stars, labels: labels, truthReals: truthReals, truthIntegers: truthIntegers,
      truthPerBand: ["integrated_mag": integrated])
  }

  /// The cluster's shape on the sky for drawn parameters `p`.
  func morphology(_ p: ClusterParameters) throws -> ClusterMorphology {
    try ClusterMorphology(
      profile: try profile(p), ellipticity: p.ellipticity, positionAngleDegrees: p.positionAngleDegrees)
  }

  private func profile(_ p: ClusterParameters) throws -> ClusterProfile {
    let truncation = recipe.cluster.truncationRadiusInHalfLightRadii * p.rHalfLightParsecs
    switch recipe.cluster.profile {
    case .eff:
      return .eff(
        try EFFProfile(rHalfLightParsecs: p.rHalfLightParsecs, gamma: p.effGamma, truncationRadiusParsecs: truncation))
    case .king:
      return .king(try KingProfile(rHalfLightParsecs: p.rHalfLightParsecs, concentration: p.kingConcentration))
    case .plummer:
      return .plummer(try PlummerProfile(rHalfLightParsecs: p.rHalfLightParsecs, truncationRadiusParsecs: truncation))
    }
  }
}
