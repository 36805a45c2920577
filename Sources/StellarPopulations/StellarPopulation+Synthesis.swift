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
    let top = isochrone.maximumLivingInitialMass
    let bottom = isochrone.minimumTabulatedInitialMass
    let index = IsochroneMassIndex(isochrone)
    let dark = Int32(truncatingIfNeeded: isochrone.count - 1)
    // Every per-star array through its buffer: no uniqueness or bounds check per star; the
    // outputs are created uninitialised and every star's entries written once, by whichever
    // branch it takes.
    var phase: [Int] = []
    var isAlive: [Bool] = []
    // Σ current masses of the living stars, in star order: the same additions as a pass over
    // the finished arrays, here overlapped with the placement work.
    var massAlive = 0.0
    let currentMass = [Float](unsafeUninitializedCapacity: count) { currentMass, currentMassCount in
      phase = [Int](unsafeUninitializedCapacity: count) { phase, phaseCount in
        isAlive = [Bool](unsafeUninitializedCapacity: count) { isAlive, isAliveCount in
          masses.masses.withUnsafeBufferPointer { masses in
            isochrone.initialMass.withUnsafeBufferPointer { initialMass in
              isochrone.currentMass.withUnsafeBufferPointer { rowMass in
                isochrone.phase.withUnsafeBufferPointer { rowPhase in
                  index.keys.withUnsafeBufferPointer { keys in
                    index.lastRow.withUnsafeBufferPointer { lastRow in
                      index.direct.withUnsafeBufferPointer { direct in
                        for star in 0..<count {
                          let m = masses[star]
                          if m >= top {
                            currentMass[star] = Float(RemnantMass.forInitialMass(m))
                            phase[star] = -1
                            isAlive[star] = false
                            rows[star] = dark
                            fractions[star] = 0
                            continue
                          }
                          isAlive[star] = true
                          guard m >= bottom else {
                            let mass = Float(m)
                            currentMass[star] = mass
                            massAlive += Double(mass)
                            phase[star] = rowPhase[0]
                            rows[star] = dark
                            fractions[star] = 0
                            continue
                          }
                          // Exactly `Isochrone.bracket(initialMass:)`, through the guide table.
                          let i = index.row(bracketing: m, keys: keys, lastRow: lastRow, direct: direct)
                          let m0 = initialMass[i]
                          let t = (m - m0) / (initialMass[i + 1] - m0)
                          rows[star] = Int32(truncatingIfNeeded: i)
                          fractions[star] = t
                          let c0 = Double(rowMass[i])
                          let mass = Float(c0 + t * (Double(rowMass[i + 1]) - c0))
                          currentMass[star] = mass
                          massAlive += Double(mass)
                          phase[star] = t < 0.5 ? rowPhase[i] : rowPhase[i + 1]
                        }
                      }
                    }
                  }
                }
              }
            }
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
      let ratio = extinctionRatios[band]
      let offset = observing.distanceModulus + observing.extinctionV * ratio
      // Row pair i as (aᵢ, dᵢ) = (Mᵢ, Mᵢ₊₁ − Mᵢ) in Double, the star's absolute magnitude
      // aᵢ + t · dᵢ: the same operations, in the same order, as interpolating the two rows per
      // star. Row `dark` is (+∞, 0): a star without light gets +∞ + 0 · 0 = +∞, with no branch.
      let table = [SIMD2<Double>](unsafeUninitializedCapacity: isochrone.count) { table, initialized in
        isochrone.magnitudes[band].withUnsafeBufferPointer { row in
          for i in 0..<(row.count - 1) {
            let a = Double(row[i])
            table[i] = SIMD2(a, Double(row[i + 1]) - a)
          }
        }
        table[Int(dark)] = SIMD2(.infinity, 0)
        initialized = isochrone.count
      }
      let column = [Float](unsafeUninitializedCapacity: count) { column, initialized in
        table.withUnsafeBufferPointer { table in
          /// The star's absolute magnitude, linear in initial mass between its rows (+∞: no light).
          @inline(__always) func absolute(_ star: Int) -> Double {
            let pair = table[Int(rows[star])]
            return pair.x + fractions[star] * pair.y
          }
          if differential {
            for star in 0..<count {
              column[star] = Float(absolute(star) + offset + extraExtinction[star] * ratio)
            }
          } else {
            // Without differential extinction the extra term is 0 · ratio = +0 (ratio is finite),
            // and x + (+0) = x for every x but −0, which a magnitude sum never is here: the
            // term is left out.
            for star in 0..<count { column[star] = Float(absolute(star) + offset) }
          }
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
    let observed = try bands.map { names in
      try names.map { name in
        guard let index = set.bands.firstIndex(of: name) else {
          throw IsochroneSetError.unknownBand(name, available: set.bands)
        }
        return index
      }
    }
    let isochrone = try set.isochrone(logAgeYears: logAgeYears, metallicity: metallicity)
    let masses = imf.sampleMasses(totalMass: targetMass, rule: rule, using: generator)
    return StellarPopulation(
      isochrone: isochrone, bands: set.bands, extinctionRatios: set.extinctionRatiosInBandOrder, masses: masses,
      observing: observing, observedBands: observed, generator: generator)
  }
}
