import Numerics

/// Reusable memory for sampling one population after another when only the observed magnitudes
/// and the population's totals are needed (`StellarPopulation.sample(from:…into:)`): the IMF
/// masses, the per-star isochrone rows and fractions, the magnitude columns, and the isochrone's
/// guide table and per-band magnitude tables, which are kept while the isochrone stays the same.
/// After the first population of a given size a sample allocates nothing here when its isochrone
/// is one of the set's nodes (fixed age and [M/H], as `Recipes/bench.yaml`); an interpolated
/// isochrone is new storage each sample, so its guide and magnitude tables are rebuilt.
///
/// Reuse one per task (it is not `Sendable`); its scratch never influences a result: every
/// buffer is overwritten before it is read, and a kept table is reused only for the very same
/// isochrone storage it was built from (see `sharesStorage`).
public final class PopulationWorkspace {
  /// The luminous stars of the last population sampled, in drawing order: the indices of the
  /// stars whose magnitude in the first observed band is finite (those on the isochrone's
  /// tabulated, living range; remnants and stars below the lowest tabulated mass have none).
  public private(set) var luminousStars: [Int32] = []
  /// Observed Vega magnitudes `[band][k]` of luminous star k (the star `luminousStars[k]`),
  /// exactly as `StellarPopulation.magnitudes[band][luminousStars[k]]`.
  public private(set) var luminousMagnitudes: [[Float]] = []
  /// Stars drawn, living stars, Σ initial masses and Σ present masses of the living stars of
  /// the last population, as the `StellarPopulation` properties of the same names.
  public private(set) var drawnCount = 0
  public private(set) var aliveCount = 0
  public private(set) var massDrawn = 0.0
  public private(set) var massAlive = 0.0

  var masses: [Double] = []
  var massBlocks: [Double] = []
  var rows: [Int32] = []
  var fractions: [Double] = []
  var extraExtinction: [Double] = []
  /// The guide table of the last isochrone (it holds that isochrone's `massSearchKeys`).
  var index: IsochroneMassIndex?
  /// Per observed band (in observed order): the isochrone column its table was built from, and
  /// the table (`StellarPopulation.magnitudeTable`).
  var tableSources: [[Float]] = []
  var tables: [[SIMD2<Double>]] = []

  public init() {}

  /// `StellarPopulation(isochrone:bands:extinctionRatios:masses:observing:observedBands:generator:)`
  /// with the masses drawn here from `imf` (`sampleMasses(totalMass:rule:using:)`), keeping only
  /// the luminous stars' magnitudes and the totals: the same draws from `generator` in the same
  /// order, the same values. The placement keeps only the stars with a row pair (compacted), so
  /// each band's magnitude loop runs over the luminous stars alone, without a per-star branch.
  func synthesize(
    isochrone: Isochrone, extinctionRatios: [Double], imf: some InitialMassFunction, targetMass: Double,
    rule: MassSamplingRule, observing: ObservingConditions, observedBands: [Int], generator: RandomGenerator
  ) {
    massBlocks.resize(to: 2 * massSamplingBlockCapacity, filling: 0)
    massDrawn = massBlocks.withUnsafeMutableBufferPointer { blocks in
      imf.sampleMasses(totalMass: targetMass, rule: rule, using: generator, into: &masses, blocks: blocks)
    }
    let count = masses.count
    drawnCount = count
    let differential = observing.differentialExtinction != .none
    if differential {
      extraExtinction.resize(to: count, filling: 0)
      extraExtinction.withUnsafeMutableBufferPointer { extra in
        for star in 0..<count { extra[star] = observing.differentialExtinction.draw(generator) }
      }
    }
    if !(index?.keys.sharesStorage(with: isochrone.massSearchKeys) ?? false) {
      index = IsochroneMassIndex(isochrone)
    }
    rows.resize(to: count, filling: 0)
    fractions.resize(to: count, filling: 0)
    luminousStars.resize(to: count, filling: 0)
    let index = index!
    let placed = masses.withUnsafeBufferPointer { masses in
      rows.withUnsafeMutableBufferPointer { rows in
        fractions.withUnsafeMutableBufferPointer { fractions in
          luminousStars.withUnsafeMutableBufferPointer { luminousStars in
            StellarPopulation.place(
              masses, on: isochrone, index: index, rows: rows, fractions: fractions, luminousStars: luminousStars,
              record: LuminousStarRecord())
          }
        }
      }
    }
    (aliveCount, massAlive) = (placed.aliveCount, placed.massAlive)
    let lit = placed.slots
    luminousStars.resize(to: lit, filling: 0)
    rows.resize(to: lit, filling: 0)
    fractions.resize(to: lit, filling: 0)
    if differential {
      // Each luminous star's own deviate, at its slot (slot k ≤ star k′: an in-place gather).
      extraExtinction.withUnsafeMutableBufferPointer { extra in
        luminousStars.withUnsafeBufferPointer { stars in
          for slot in 0..<lit { extra[slot] = extra[Int(stars[slot])] }
        }
      }
      extraExtinction.resize(to: lit, filling: 0)
    }
    luminousMagnitudes.resize(to: observedBands.count, filling: [])
    tableSources.resize(to: observedBands.count, filling: [])
    tables.resize(to: observedBands.count, filling: [])
    for (slot, band) in observedBands.enumerated() {
      let source = isochrone.magnitudes[band]
      if !tableSources[slot].sharesStorage(with: source) {
        tables[slot] = StellarPopulation.magnitudeTable(of: isochrone, band: band)
        tableSources[slot] = source
      }
      luminousMagnitudes[slot].resize(to: lit, filling: 0)
      let ratio = extinctionRatios[band]
      let offset = observing.distanceModulus + observing.extinctionV * ratio
      tables[slot].withUnsafeBufferPointer { table in
        rows.withUnsafeBufferPointer { rows in
          fractions.withUnsafeBufferPointer { fractions in
            extraExtinction.withUnsafeBufferPointer { extra in
              luminousMagnitudes[slot].withUnsafeMutableBufferPointer { column in
                StellarPopulation.observedMagnitudes(
                  table: table, rows: rows, fractions: fractions, extraExtinction: differential ? extra : nil,
                  offset: offset, ratio: ratio, into: column)
              }
            }
          }
        }
      }
    }
    dropStarsWithoutFirstBandLight()
  }

  /// Keeps only the placed stars whose magnitude in the first observed band is finite. A star
  /// with a row pair has finite magnitudes whenever the isochrone's do (PARSEC's always are), so
  /// this is one vectorised test of the first column; only an isochrone with non-finite
  /// magnitudes takes the compaction.
  private func dropStarsWithoutFirstBandLight() {
    guard let first = luminousMagnitudes.first else { return }
    let allFinite = first.withUnsafeBufferPointer { column in
      var bad: UInt8 = 0
      for value in column { bad |= abs(value) < .infinity ? 0 : 1 }
      return bad == 0
    }
    if allFinite { return }
    let keep = first.map(\.isFinite)
    var kept = 0
    for slot in keep.indices where keep[slot] {
      luminousStars[kept] = luminousStars[slot]
      for band in luminousMagnitudes.indices { luminousMagnitudes[band][kept] = luminousMagnitudes[band][slot] }
      kept += 1
    }
    luminousStars.resize(to: kept, filling: 0)
    for band in luminousMagnitudes.indices { luminousMagnitudes[band].resize(to: kept, filling: 0) }
  }
}

extension Array {
  /// Whether both arrays are views of the same non-empty storage, hence hold the same elements:
  /// storage that an array still references is never freed, and is never written while shared
  /// (a write to a shared array copies it first).
  func sharesStorage(with other: [Element]) -> Bool {
    guard count == other.count, !isEmpty else { return false }
    return withUnsafeBufferPointer { mine in
      other.withUnsafeBufferPointer { theirs in mine.baseAddress == theirs.baseAddress }
    }
  }
}

extension StellarPopulation {
  /// `sample(from:logAgeYears:metallicity:imf:targetMass:rule:observing:bands:generator:)` into
  /// `workspace`, keeping only what a rendered scene needs: `workspace.luminousStars`, their
  /// magnitudes `workspace.luminousMagnitudes` (`[band][k]` in the order of `bands`),
  /// `drawnCount`, `aliveCount`, `massDrawn` and `massAlive`, equal bit for bit to the returned
  /// population's, after the same draws from `generator`. Present masses, phases, per-star A_V,
  /// initial masses and the magnitudes of stars without light (+∞) are not kept.
  ///
  /// - Throws: as `sample(from:…)`.
  public static func sample(
    from set: IsochroneSet, logAgeYears: Double, metallicity: Double, imf: some InitialMassFunction,
    targetMass: Double, rule: MassSamplingRule = .stopNearest, observing: ObservingConditions = ObservingConditions(),
    bands: [String]? = nil, generator: RandomGenerator, into workspace: PopulationWorkspace
  ) throws {
    let observed = try observedBandIndices(bands, in: set) ?? Array(set.bands.indices)
    let isochrone = try set.isochrone(logAgeYears: logAgeYears, metallicity: metallicity)
    precondition(set.bands.count == isochrone.magnitudes.count)
    workspace.synthesize(
      isochrone: isochrone, extinctionRatios: set.extinctionRatiosInBandOrder, imf: imf, targetMass: targetMass,
      rule: rule, observing: observing, observedBands: observed, generator: generator)
  }
}
