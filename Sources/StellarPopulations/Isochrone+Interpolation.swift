import Foundation

/// Interpolation between two isochrones along equivalent evolutionary points (EEPs).
///
/// Primary EEPs: the boundaries of Starmill's *canonical phases*, derived from PARSEC's `label`
/// (0 PMS, 1 MS, 2 SGB/Hertzsprung gap, 3 RGB, 4–6 core-He burning, 7 early AGB, 8 TP-AGB,
/// 9 post-AGB) so that the same phase exists, in the same order, at every age and metallicity:
/// - Core-He burning is one phase (4): PARSEC's sub-labels 5 and 6 (blueward and redward parts
///   of a blue loop) exist only where a loop exists. Matched separately, a vanishing loop
///   collapses onto the base of the early AGB and the interpolated isochrone puts loop stars at
///   AGB luminosities (measured: +0.3 mag in K between log t 9.10 and 9.15 at [M/H] = −1.5).
///   As one phase, its position coordinate (below) follows the fraction of the core-He-burning
///   lifetime, and a blue loop shrinks in T_eff instead.
/// - Massive stars: PARSEC v1.2S joins the massive-star tracks of Chen et al. (2015, MNRAS 452,
///   1068) above a metallicity-dependent initial mass (14 M☉ at [M/H] = 0, 22 M☉ at −0.5, 41 M☉
///   at −1.0), and their labels restart: 0 main sequence, 1–3 everything after it (Hertzsprung
///   gap, red supergiant, core-He burning to carbon ignition). That block starts at the last row
///   of at least `massiveBlockMinimumMass` whose label drops to ≤ 1 or by ≥ 2; its label 0 is
///   mapped to 1 (MS) and 1–3 to 4 (core-He burning).
/// - PARSEC's label is not monotone among low-mass pre-main-sequence and main-sequence stars
///   (labels 0 and 1 alternate): the canonical phase of a row is the running maximum of the
///   mapped labels, and phase p runs from its first row to the first row of the next phase
///   (shared end point), the last phase to the last row.
/// - Massive stars' post-main-sequence (Hertzsprung gap, red-supergiant ascent and core-He
///   burning: canonical phases 2–4) is split instead into red, blue and hot (Wolf–Rayet) runs at
///   log Teff features, matched run by run (`Isochrone+Subphases.swift`), when either of the two
///   isochrones being interpolated has core-He burning starting at ≥ 9.5 M☉; below 8.5 M☉ the
///   phases stay whole, and in between both matchings are made and their results interpolated with
///   the pair's `subphaseSplitWeight` (`interpolate`). Deciding per pair matters twice: where
///   PARSEC's massive-star block ends (log t 7.10 → 7.15 at [M/H] = 0) the Hertzsprung gap is
///   inside the block's "core-He" at one node and labelled 2 at the other, and where core-He
///   burning drops below the split masses one node would be split and the other not; matched by
///   key, both cross-faded whole phases (F160W 0.105 mag per 0.01 dex at [M/H] = −0.25, log t 7.23;
///   0.087 at [M/H] = 0, 7.15, where the nodes change by 0.025 and 0.022 per step). Deciding
///   continuously matters for the interpolation in [M/H] of two age-interpolated isochrones, whose
///   core-He burning starts at a mass that moves with age: an on/off switch at 9 M☉ changed the
///   matching at one age (F160W 0.081 mag at [M/H] = −1.25, log t 7.47 → 7.48: the red-supergiant
///   span of the mix is the two isochrones' mean, 0.095 M☉, split, and 0.052 M☉ whole, where the
///   red stars of [M/H] = −1.0 are paired with blue-loop stars of −1.5). Deciding once per grid cell
///   from its four nodes would not help: at the cell's age node the [M/H] interpolation of the two
///   nodes must take one decision, and the two matchings differ there by 0.09 mag.
/// - An interpolated isochrone records every row's canonical phase, taken (like its label) from the
///   isochrone with the larger weight, or from the one where the row's (sub-)phase exists: a run
///   present at one node only (the first red supergiants at [M/H] = −1.5, log t 7.20 → 7.25) was
///   labelled by the other node's next phase (early AGB) below weight 0.5, so the interpolation in
///   [M/H] matched it with early-AGB stars up to log t 7.22 and with red supergiants from 7.23
///   (F814W 0.058 mag at [M/H] = −1.25).
///
/// Position within a phase (secondary EEPs). Each row gets a coordinate s ∈ [0, 1]:
///   s = 0.98 · (running-max initial mass − m_start)/(m_end − m_start) + 0.02 · (path length)/(total),
/// the path length measured in the (log Teff, log L) plane with ΔD² = (10 Δlog Teff)² + (Δlog L)².
/// Along an isochrone the initial-mass span of a phase is proportional to its lifetime, so the
/// mass term is the fraction of the phase's lifetime elapsed ("which stars"); the path term
/// keeps rows of equal initial mass (thermal-pulse pairs) apart, in the spirit of the distance
/// metric of Dotter (2016, ApJS 222, 8, §3). If one part is degenerate the other is used.
///
/// Interpolation. For each phase, both isochrones are evaluated (linearly in s) at the union of
/// their s values; log initial mass is interpolated with the age (or [M/H]) weight w, and the
/// stellar properties (log current mass, log L, log Teff, log g, magnitudes) with w as well,
/// except inside massive stars' core-He sub-phases and in phases present on one side only, where
/// they use `propertyWeight` (each node's share of the phase's stars, or 0/1). A phase (or sub-phase) present in only
/// one isochrone is matched to a point of zero length in the other (its boundary with the next
/// phase), so it grows or shrinks continuously between grid nodes instead of appearing abruptly:
/// its initial masses move toward that point while its stars keep their own current mass, log L,
/// log Teff, log g and magnitudes. Its light then fades in proportion to its number of stars;
/// morphing its stars into the star at the boundary instead (a Wolf–Rayet star into a red
/// supergiant, say) made the light of the few stars left near the other node follow the brighter
/// partner exponentially (measured: F160W 0.11 mag per 0.01 dex at [M/H] = −2, log t 8.05, where
/// the TP-AGB appears; 0.08 now).
/// The phase label of a new row is the original PARSEC label, read on the isochrone with the
/// larger weight, or on the one where the row's (sub-)phase exists.
extension Isochrone {
  /// One canonical phase: rows `start...end` (inclusive; `end` is the next phase's first row)
  /// and the coordinate of each row.
  struct PhasePath {
    let phase: Int
    let rows: [Int]
    let coordinates: [Double]
  }

  static let pathWeight = 0.02

  /// Lowest initial mass (M☉) at which a label restart is read as the start of PARSEC's
  /// massive-star block (the block starts at 14 M☉ or more in PARSEC v1.2S; the low-mass
  /// pre-main-sequence/main-sequence label alternations happen below 7 M☉).
  static let massiveBlockMinimumMass = 10.0

  /// The canonical phase of every row (see the type's discussion): non-decreasing along the rows.
  func canonicalPhases() -> [Int] {
    if let recordedCanonicalPhases { return recordedCanonicalPhases }
    var mapped = phase
    var blockStart: Int?
    for row in 1..<count where phase[row] < phase[row - 1] && initialMass[row] >= Self.massiveBlockMinimumMass {
      if phase[row] <= 1 || phase[row - 1] - phase[row] >= 2 { blockStart = row }
    }
    if let blockStart {
      for row in blockStart..<count where mapped[row] <= 3 { mapped[row] = mapped[row] == 0 ? 1 : 4 }
    }
    var runningMaximum = Int.min
    for row in 0..<count {
      let label = mapped[row] == 5 || mapped[row] == 6 ? 4 : mapped[row]
      runningMaximum = max(runningMaximum, label)
      mapped[row] = runningMaximum
    }
    return mapped
  }

  /// Splits the isochrone into canonical phases (see the type's discussion) and, when `split`, its
  /// post-main-sequence up to the end of core-He burning (canonical phases 2–4) into red / blue / hot
  /// runs (`Isochrone+Subphases.swift`); a single run is a path of its own, so it is matched run by
  /// run too (a phase that stays blue at one node pairs with the first blue run at the other). Sub-phase boundaries that
  /// fall between rows become rows of the returned isochrone (same model: linear in initial mass).
  /// A path's `phase` is its canonical phase × 1000, plus 1 + its sub-phase number for the runs of a
  /// split phase, so paths sort in evolutionary order and match by key between
  /// isochrones.
  func phasePaths(splittingMassivePostMainSequence split: Bool) -> (isochrone: Isochrone, paths: [PhasePath]) {
    let canonical = canonicalPhases()
    if split, let first = canonical.firstIndex(where: { (2...4).contains($0) }) {
      let last = canonical.firstIndex { $0 > 4 } ?? count - 1
      let boundaries = subphaseBoundaries(first...last, startsInCoreHeliumBurning: canonical[first] == 4)
      if !boundaries.isEmpty {
        let (refined, rows) = inserting(boundaries)
        return (refined, refined.phasePaths(subphaseStarts: zip(rows, boundaries.map(\.subphase)).map { ($0, $1) }))
      }
    }
    return (self, phasePaths(subphaseStarts: []))
  }

  /// How far this isochrone's core-He burning starts inside `subphaseSplitMasses`: 0 below (or
  /// without core-He burning), 1 above, linear in the initial mass at its start in between. An
  /// interpolation splits the post-main-sequence by the larger weight of its pair (`interpolate`).
  var subphaseSplitWeight: Double {
    guard let first = canonicalPhases().firstIndex(of: 4) else { return 0 }
    let range = Self.subphaseSplitMasses
    return min(1, max(0, (initialMass[first] - range.lowerBound) / (range.upperBound - range.lowerBound)))
  }

  private func phasePaths(subphaseStarts: [(row: Int, subphase: Int)]) -> [PhasePath] {
    let canonical = canonicalPhases()
    var starts: [(key: Int, row: Int)] = [(canonical[0] * 1000, 0)]
    for row in 1..<count where canonical[row] > canonical[row - 1] { starts.append((canonical[row] * 1000, row)) }
    if !subphaseStarts.isEmpty, let first = starts.firstIndex(where: { (2000...4000).contains($0.key) }) {
      let last = starts.lastIndex { (2000...4000).contains($0.key) }!
      starts.replaceSubrange(first...last, with: subphaseStarts.map { (4001 + $0.subphase, $0.row) })
    }
    var paths: [PhasePath] = []
    for (index, start) in starts.enumerated() {
      let end = index + 1 < starts.count ? starts[index + 1].row : count - 1
      let rows = Array(start.row...max(start.row, end))
      paths.append(PhasePath(phase: start.key, rows: rows, coordinates: coordinates(rows)))
    }
    return paths
  }

  private func coordinates(_ rows: [Int]) -> [Double] {
    guard rows.count > 1 else { return [0] }
    var path = [0.0]
    var mass = [initialMass[rows[0]]]
    for k in 1..<rows.count {
      let a = rows[k - 1]
      let b = rows[k]
      let dT = 10 * (Double(logTeff[b]) - Double(logTeff[a]))
      let dL = Double(logLuminosity[b]) - Double(logLuminosity[a])
      path.append(path[k - 1] + (dT * dT + dL * dL).squareRoot())
      mass.append(max(mass[k - 1], initialMass[b]))
    }
    let totalPath = path.last!
    let massSpan = mass.last! - mass[0]
    return rows.indices.map { k -> Double in
      let p = totalPath > 0 ? path[k] / totalPath : nil
      let q = massSpan > 0 ? (mass[k] - mass[0]) / massSpan : nil
      switch (p, q) {
      case (let p?, let q?): return Self.pathWeight * p + (1 - Self.pathWeight) * q
      case (let p?, nil): return p
      case (nil, let q?): return q
      case (nil, nil): return Double(k) / Double(rows.count - 1)
      }
    }
  }

  /// Points on a phase path at ascending coordinates s: the row pair around s and the fraction
  /// along it. The coordinates are non-decreasing, so the segment is the last k with c[k] ≤ s
  /// (and k + 1); the walk finds it from the previous one, in one pass over a whole grid.
  private struct PathCursor {
    let path: PhasePath
    private var low = 0

    init(_ path: PhasePath) { self.path = path }

    /// The point at `s`, which must not be below the previous call's.
    mutating func locate(_ s: Double) -> (Int, Int, Double) {
      let c = path.coordinates
      if path.rows.count == 1 || s <= c[0] { return (path.rows[0], path.rows[0], 0) }
      if s >= c[c.count - 1] { return (path.rows[c.count - 1], path.rows[c.count - 1], 0) }
      // c[0] < s < c[last]: stops with c[low] ≤ s < c[low + 1].
      while c[low + 1] <= s { low += 1 }
      let high = low + 1
      return (path.rows[low], path.rows[high], (s - c[low]) / (c[high] - c[low]))
    }
  }

  /// The ascending union of two ascending arrays, each value once.
  private static func sortedUnion(_ x: [Double], _ y: [Double]) -> [Double] {
    var union: [Double] = []
    union.reserveCapacity(x.count + y.count)
    var (i, j) = (0, 0)
    while i < x.count || j < y.count {
      let value: Double
      if j == y.count || (i < x.count && x[i] <= y[j]) {
        value = x[i]
        i += 1
      } else {
        value = y[j]
        j += 1
      }
      if union.last != value { union.append(value) }
    }
    return union
  }

  /// The isochrone at fraction `weight` of the way from `a` (0) to `b` (1), labelled with
  /// `logAgeYears` and `metallicity`. Exactly `a` at weight 0 and exactly `b` at weight 1.
  ///
  /// Whether massive stars' post-main-sequence is split into runs is decided by the pair's
  /// `subphaseSplitWeight` (the larger of the two isochrones'): 1 splits, 0 keeps whole phases, and
  /// in between the two matchings' results are themselves interpolated (run by run) with that
  /// weight, so the result changes continuously while the start of core-He burning of either
  /// isochrone moves through `subphaseSplitMasses` — as it does, continuously in age, for the
  /// age-interpolated isochrones that `IsochroneSet` interpolates in [M/H].
  static func interpolate(
    _ a: Isochrone, _ b: Isochrone, weight: Double, logAgeYears: Double, metallicity: Double
  ) -> Isochrone {
    if weight == 0 { return a.relabelled(logAgeYears: logAgeYears, metallicity: metallicity) }
    if weight == 1 { return b.relabelled(logAgeYears: logAgeYears, metallicity: metallicity) }
    let splitWeight = max(a.subphaseSplitWeight, b.subphaseSplitWeight)
    func matched(_ split: Bool) -> Isochrone {
      interpolate(a, b, weight: weight, logAgeYears: logAgeYears, metallicity: metallicity, splitting: split)
    }
    if splitWeight >= 1 { return matched(true) }
    if splitWeight <= 0 { return matched(false) }
    return interpolate(
      matched(false), matched(true), weight: splitWeight, logAgeYears: logAgeYears, metallicity: metallicity,
      splitting: true)
  }

  /// `interpolate` with the matching fixed: massive stars' post-main-sequence split into runs
  /// (`split`) or kept as whole canonical phases. Requires 0 < `weight` < 1.
  static func interpolate(
    _ a: Isochrone, _ b: Isochrone, weight: Double, logAgeYears: Double, metallicity: Double, splitting split: Bool
  ) -> Isochrone {
    let (a, pathsA) = a.phasePaths(splittingMassivePostMainSequence: split)
    let (b, pathsB) = b.phasePaths(splittingMassivePostMainSequence: split)
    let phases = Array(Set(pathsA.map(\.phase)).union(pathsB.map(\.phase))).sorted()
    let bandCount = a.magnitudes.count

    var columns = IsochroneColumns(bandCount: bandCount, capacity: a.count + b.count)
    let canonicalA = a.canonicalPhases()
    let canonicalB = b.canonicalPhases()
    // log₁₀ of the masses, once per row (the same values `log10` gives at every use).
    let logInitialA = a.initialMass.map { log10($0) }
    let logInitialB = b.initialMass.map { log10($0) }
    let logCurrentA = a.currentMass.map { log10(Double($0)) }
    let logCurrentB = b.currentMass.map { log10(Double($0)) }

    /// The path of `phase`, or, when the isochrone has no such phase, a zero-length path at its
    /// boundary with the next phase present (flagged absent).
    func path(for phase: Int, in paths: [PhasePath], of isochrone: Isochrone) -> (PhasePath, isAbsent: Bool) {
      if let found = paths.first(where: { $0.phase == phase }) { return (found, false) }
      let anchor = paths.first(where: { $0.phase > phase })?.rows.first ?? (isochrone.count - 1)
      return (PhasePath(phase: phase, rows: [anchor], coordinates: [0]), true)
    }

    for (phaseIndex, phase) in phases.enumerated() {
      let (pathA, absentInA) = path(for: phase, in: pathsA, of: a)
      let (pathB, absentInB) = path(for: phase, in: pathsB, of: b)
      let isLast = phaseIndex == phases.count - 1
      // The union of both paths' coordinates, ascending, each value once.
      var grid = sortedUnion(pathA.coordinates, pathB.coordinates)
      if !isLast { grid.removeAll { $0 >= 1 } }
      if grid.isEmpty { grid = [0] }
      let propertyWeight =
        absentInA
        ? 1
        : absentInB
          ? 0
          : Self.propertyWeight(
            weight, spanA: a.initialMassSpan(pathA), spanB: b.initialMassSpan(pathB),
            isSubphase: phase > 4000 && phase < 5000)
      var cursorA = PathCursor(pathA)
      var cursorB = PathCursor(pathB)
      for s in grid {
        let (a0, a1, ta) = cursorA.locate(s)
        let (b0, b1, tb) = cursorB.locate(s)
        func mix(_ x: [Float], _ y: [Float]) -> Double {
          let va = Double(x[a0]) + ta * (Double(x[a1]) - Double(x[a0]))
          let vb = Double(y[b0]) + tb * (Double(y[b1]) - Double(y[b0]))
          return va + propertyWeight * (vb - va)
        }
        func mixLog(_ x: [Double], _ y: [Double], weight: Double) -> Double {
          let la = x[a0] + ta * (x[a1] - x[a0])
          let lb = y[b0] + tb * (y[b1] - y[b0])
          return pow(10, la + weight * (lb - la))
        }
        // Label and canonical phase from the isochrone with the larger weight, or from the one where
        // the (sub-)phase exists: the canonical phases are recorded for when this isochrone is
        // interpolated again (in [M/H]), so that a run present at one node only stays in the
        // post-main-sequence on both sides of weight 0.5.
        let fromB = absentInA || (!absentInB && weight >= 0.5)
        let (rowA, rowB) = (ta < 0.5 ? a0 : a1, tb < 0.5 ? b0 : b1)
        let isRun = phase > 4000 && phase < 5000
        columns.append(
          initialMass: mixLog(logInitialA, logInitialB, weight: weight),
          currentMass: Float(mixLog(logCurrentA, logCurrentB, weight: propertyWeight)),
          logLuminosity: Float(mix(a.logLuminosity, b.logLuminosity)), logTeff: Float(mix(a.logTeff, b.logTeff)),
          logGravity: Float(mix(a.logGravity, b.logGravity)), label: fromB ? b.phase[rowB] : a.phase[rowA],
          canonicalPhase: isRun ? min(4, max(2, fromB ? canonicalB[rowB] : canonicalA[rowA])) : phase / 1000
        ) { Float(mix(a.magnitudes[$0], b.magnitudes[$0])) }
      }
    }
    for row in columns.canonicalPhases.indices.dropFirst() {
      columns.canonicalPhases[row] = max(columns.canonicalPhases[row], columns.canonicalPhases[row - 1])
    }
    return columns.isochrone(logAgeYears: logAgeYears, metallicity: metallicity)
  }

  /// The weight of `b`'s stellar properties (current mass, log L, log Teff, log g, magnitudes) in
  /// a phase whose initial-mass span is `spanA` and `spanB` at the two isochrones; initial masses
  /// always use `weight`. A phase absent on one side keeps the other side's stars (see the type's
  /// discussion). Inside massive stars' core-He burning (`isSubphase`) the properties are mixed by
  /// each side's share of the interpolated phase's stars, w·S_B / ((1 − w)·S_A + w·S_B): a run that
  /// is a sliver at one node (a red-supergiant run that is just appearing) then takes its stars'
  /// looks from the node where it is populated, continuously in the sliver's width, instead of
  /// giving the sliver half the say at w = 0.5 — which, when the interpolated isochrone is
  /// interpolated again in [M/H], flipped the run's colour between log t 6.60 and 6.61 at
  /// [M/H] = −0.25 (0.22 mag in F110W, measured). Exactly `weight` at 0 and 1.
  static func propertyWeight(_ weight: Double, spanA: Double, spanB: Double, isSubphase: Bool) -> Double {
    guard isSubphase else { return weight }
    let total = (1 - weight) * spanA + weight * spanB
    return total > 0 ? weight * spanB / total : weight
  }

  /// Initial-mass span (M☉) of a phase path.
  func initialMassSpan(_ path: PhasePath) -> Double {
    path.rows.map { initialMass[$0] }.max()! - initialMass[path.rows[0]]
  }

  func relabelled(logAgeYears: Double, metallicity: Double) -> Isochrone {
    Isochrone(
      unchecked: logAgeYears, metallicity: metallicity, initialMass: initialMass, currentMass: currentMass,
      logLuminosity: logLuminosity, logTeff: logTeff, logGravity: logGravity, phase: phase, magnitudes: magnitudes,
      canonicalPhases: recordedCanonicalPhases)
  }
}
