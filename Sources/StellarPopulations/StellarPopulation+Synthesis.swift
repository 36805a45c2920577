import Numerics

extension StellarPopulation {
  /// Places the stars of initial masses `masses` on `isochrone` (`Isochrone.star(initialMass:)`)
  /// and observes them: m = M + distance modulus + A_V,star · A_band/A_V. `extinctionRatios` are
  /// A_band/A_V in the isochrone's band order. With differential extinction one deviate per star
  /// is drawn from `generator`, after the masses, in star order.
  public init(
    isochrone: Isochrone, bands: [String], extinctionRatios: [Double], masses: SampledMasses,
    observing: ObservingConditions, generator: RandomGenerator
  ) {
    precondition(bands.count == isochrone.magnitudes.count && extinctionRatios.count == bands.count)
    let count = masses.masses.count
    var currentMass = [Float](repeating: 0, count: count)
    var phase = [Int](repeating: 0, count: count)
    var isAlive = [Bool](repeating: true, count: count)
    var extinction = [Float](repeating: Float(observing.extinctionV), count: count)
    var magnitudes = [[Float]](repeating: [Float](repeating: .infinity, count: count), count: bands.count)
    let top = isochrone.maximumLivingInitialMass
    let offsets = extinctionRatios.map { observing.distanceModulus + observing.extinctionV * $0 }
    for star in 0..<count {
      let m = masses.masses[star]
      var extraExtinction = 0.0
      if observing.differentialExtinction != .none {
        extraExtinction = observing.differentialExtinction.draw(generator)
        extinction[star] = Float(observing.extinctionV + extraExtinction)
      }
      if m >= top {
        currentMass[star] = Float(RemnantMass.forInitialMass(m))
        phase[star] = -1
        isAlive[star] = false
        continue
      }
      guard let (i, t) = isochrone.bracket(initialMass: m) else {
        currentMass[star] = Float(m)
        phase[star] = isochrone.phase[0]
        continue
      }
      let c0 = Double(isochrone.currentMass[i])
      currentMass[star] = Float(c0 + t * (Double(isochrone.currentMass[i + 1]) - c0))
      phase[star] = t < 0.5 ? isochrone.phase[i] : isochrone.phase[i + 1]
      for band in 0..<bands.count {
        let row = isochrone.magnitudes[band]
        let a = Double(row[i])
        magnitudes[band][star] = Float(
          a + t * (Double(row[i + 1]) - a) + offsets[band] + extraExtinction * extinctionRatios[band])
      }
    }
    self.bands = bands
    self.logAgeYears = isochrone.logAgeYears
    self.metallicity = isochrone.metallicity
    self.observing = observing
    self.initialMass = masses.masses
    self.currentMass = currentMass
    self.phase = phase
    self.isAlive = isAlive
    self.extinctionV = extinction
    self.magnitudes = magnitudes
    self.massDrawn = masses.totalMass
  }

  /// Samples a population of initial mass `targetMass` (M☉) from `imf` with `rule`, at
  /// (`logAgeYears`, `metallicity`) interpolated in `set`, observed under `observing`.
  public static func sample(
    from set: IsochroneSet, logAgeYears: Double, metallicity: Double, imf: some InitialMassFunction,
    targetMass: Double, rule: MassSamplingRule = .stopNearest, observing: ObservingConditions = ObservingConditions(),
    generator: RandomGenerator
  ) throws -> StellarPopulation {
    let isochrone = try set.isochrone(logAgeYears: logAgeYears, metallicity: metallicity)
    let masses = imf.sampleMasses(totalMass: targetMass, rule: rule, using: generator)
    return StellarPopulation(
      isochrone: isochrone, bands: set.bands, extinctionRatios: set.extinctionRatiosInBandOrder, masses: masses,
      observing: observing, generator: generator)
  }
}
