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
  /// Observed Vega magnitudes `[band][star]` of the last population sampled, exactly as
  /// `StellarPopulation.magnitudes` (+∞ for stars without light).
  public private(set) var magnitudes: [[Float]] = []
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
  /// magnitudes and totals: the same draws from `generator` in the same order, the same values.
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
    let index = index!
    (aliveCount, massAlive) = masses.withUnsafeBufferPointer { masses in
      rows.withUnsafeMutableBufferPointer { rows in
        fractions.withUnsafeMutableBufferPointer { fractions in
          StellarPopulation.place(
            masses, on: isochrone, index: index, rows: rows, fractions: fractions, record: NoStarRecord())
        }
      }
    }
    magnitudes.resize(to: observedBands.count, filling: [])
    tableSources.resize(to: observedBands.count, filling: [])
    tables.resize(to: observedBands.count, filling: [])
    for (slot, band) in observedBands.enumerated() {
      let source = isochrone.magnitudes[band]
      if !tableSources[slot].sharesStorage(with: source) {
        tables[slot] = StellarPopulation.magnitudeTable(of: isochrone, band: band)
        tableSources[slot] = source
      }
      magnitudes[slot].resize(to: count, filling: 0)
      let ratio = extinctionRatios[band]
      let offset = observing.distanceModulus + observing.extinctionV * ratio
      tables[slot].withUnsafeBufferPointer { table in
        rows.withUnsafeBufferPointer { rows in
          fractions.withUnsafeBufferPointer { fractions in
            extraExtinction.withUnsafeBufferPointer { extra in
              magnitudes[slot].withUnsafeMutableBufferPointer { column in
                StellarPopulation.observedMagnitudes(
                  table: table, rows: rows, fractions: fractions, extraExtinction: differential ? extra : nil,
                  offset: offset, ratio: ratio, into: column)
              }
            }
          }
        }
      }
    }
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
  /// `workspace`, keeping only what a rendered scene needs: `workspace.magnitudes` (`[band][star]`
  /// in the order of `bands`), `drawnCount`, `aliveCount`, `massDrawn` and `massAlive`, equal bit
  /// for bit to the returned population's, after the same draws from `generator`. Present
  /// masses, phases, per-star A_V and initial masses are not kept.
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
