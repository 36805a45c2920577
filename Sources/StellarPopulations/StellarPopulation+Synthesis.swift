import Numerics

extension StellarPopulation {
  /// Places the stars of initial masses `masses` on `isochrone` (`Isochrone.star(initialMass:)`)
  /// and observes them: m = M + distance modulus + A_V,star · A_band/A_V. `bands` and
  /// `extinctionRatios` (A_band/A_V) are in the isochrone's band order; `observedBands` picks the
  /// bands to compute magnitudes for, as indices into them in the order wanted (nil: all, in
  /// order). A band's magnitudes do not depend on which others are observed. With differential
  /// extinction one deviate per star is drawn from `generator`, after the masses, in star order.
  public init(
    isochrone: Isochrone, bands: [String], extinctionRatios: [Double], masses: SampledMasses,
    observing: ObservingConditions, observedBands: [Int]? = nil, generator: RandomGenerator
  ) {
    precondition(bands.count == isochrone.magnitudes.count && extinctionRatios.count == bands.count)
    let selected = observedBands ?? Array(bands.indices)
    precondition(selected.allSatisfy { bands.indices.contains($0) }, "observedBands \(selected) out of range")
    let count = masses.masses.count
    var extinction = [Float](repeating: Float(observing.extinctionV), count: count)
    // Per star: the isochrone row pair (i, i+1) and fraction t; stars without light get the last
    // row, `dark`, with t = 0, which each band's interpolation table maps to +∞ (see below).
    let rows = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
    let fractions = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
    let differential = observing.differentialExtinction != .none
    let extraExtinction = UnsafeMutableBufferPointer<Double>.allocate(capacity: differential ? count : 0)
    defer {
      rows.deallocate()
      fractions.deallocate()
      extraExtinction.deallocate()
    }
    if differential {
      for star in 0..<count {
        let extra = observing.differentialExtinction.draw(generator)
        extraExtinction[star] = extra
        extinction[star] = Float(observing.extinctionV + extra)
      }
    }
    let index = IsochroneMassIndex(isochrone)
    var phase: [Int] = []
    var isAlive: [Bool] = []
    var massAlive = 0.0
    let currentMass = [Float](unsafeUninitializedCapacity: count) { currentMass, currentMassCount in
      phase = [Int](unsafeUninitializedCapacity: count) { phase, phaseCount in
        isAlive = [Bool](unsafeUninitializedCapacity: count) { isAlive, isAliveCount in
          masses.masses.withUnsafeBufferPointer { masses in
            let record = StarRecord(currentMass: currentMass, phase: phase, isAlive: isAlive)
            massAlive =
              Self.place(masses, on: isochrone, index: index, rows: rows, fractions: fractions, record: record)
              .massAlive
          }
          isAliveCount = count
        }
        phaseCount = count
      }
      currentMassCount = count
    }
    var magnitudes: [[Float]] = []
    magnitudes.reserveCapacity(selected.count)
    for band in selected {
      let table = Self.magnitudeTable(of: isochrone, band: band)
      let column = [Float](unsafeUninitializedCapacity: count) { column, initialized in
        table.withUnsafeBufferPointer { table in
          Self.observedMagnitudes(
            table: table, rows: UnsafeBufferPointer(rows), fractions: UnsafeBufferPointer(fractions),
            extraExtinction: differential ? UnsafeBufferPointer(extraExtinction) : nil,
            offset: observing.distanceModulus + observing.extinctionV * extinctionRatios[band],
            ratio: extinctionRatios[band], into: column)
        }
        initialized = count
      }
      magnitudes.append(column)
    }
    self.bands = selected.map { bands[$0] }
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
    self.massAlive = massAlive
  }

  /// Samples a population of initial mass `targetMass` (M☉) from `imf` with `rule`, at
  /// (`logAgeYears`, `metallicity`) interpolated in `set`, observed under `observing` in `bands`
  /// (names of the set's bands, in the order wanted; nil: all of them, in the set's order).
  ///
  /// - Throws: `IsochroneSetError.unknownBand` for a band the set lacks; the set's range errors.
  public static func sample(
    from set: IsochroneSet, logAgeYears: Double, metallicity: Double, imf: some InitialMassFunction,
    targetMass: Double, rule: MassSamplingRule = .stopNearest, observing: ObservingConditions = ObservingConditions(),
    bands: [String]? = nil, generator: RandomGenerator
  ) throws -> StellarPopulation {
    let observed = try observedBandIndices(bands, in: set)
    let isochrone = try set.isochrone(logAgeYears: logAgeYears, metallicity: metallicity)
    let masses = imf.sampleMasses(totalMass: targetMass, rule: rule, using: generator)
    return StellarPopulation(
      isochrone: isochrone, bands: set.bands, extinctionRatios: set.extinctionRatiosInBandOrder, masses: masses,
      observing: observing, observedBands: observed, generator: generator)
  }

  /// Indices into `set.bands` of the bands named (nil: nil, all bands).
  static func observedBandIndices(_ names: [String]?, in set: IsochroneSet) throws -> [Int]? {
    try names.map { names in
      try names.map { name in
        guard let index = set.bands.firstIndex(of: name) else {
          throw IsochroneSetError.unknownBand(name, available: set.bands)
        }
        return index
      }
    }
  }
}
