import Foundation

/// Secondary EEPs inside the post-main-sequence phase of massive stars.
///
/// PARSEC's labels do not separate the post-main-sequence stages of its massive-star tracks
/// (Chen et al. 2015, MNRAS 452, 1068: labels 1–3 cover the Hertzsprung gap, the red and yellow
/// supergiant stages, blue loops and the stripped Wolf–Rayet stage alike), and for intermediate-mass
/// stars core-He burning is one canonical phase (see `Isochrone+Interpolation.swift`). Matched by
/// the fraction of the phase's initial-mass span alone, a red supergiant at one grid node is paired
/// with a blue supergiant or a Wolf–Rayet star at the other, and since magnitudes are interpolated
/// linearly the interpolated population's light is dominated by whichever partner is brighter: at
/// [M/H] = 0 the integrated F475W light changed by 0.29 mag between log t 6.69 and 6.70 where the
/// nodes 6.65 and 6.70 differ by 0.005 mag per 0.01 dex.
///
/// When either of two isochrones being interpolated has core-He burning starting at an initial mass
/// above `subphaseSplitMasses` (and, blended, inside it: `Isochrone.interpolate`), the post-main-sequence of both, from the end of the main
/// sequence to the end of core-He burning (canonical phases 2–4: PARSEC labels the Hertzsprung gap
/// and red-supergiant ascent of stars just below its massive-star block 2 and 3, and those of the
/// block 1), is therefore split at physical features of the stars' effective temperature, in the
/// spirit of the primary EEPs of Dotter (2016, ApJS 222, 8, §2):
/// - *red* (red and yellow supergiants, log Teff < `redBoundaryLogTeff` = 3.75, 5,600 K) and
///   *blue* runs alternate; a run changes when log Teff passes the boundary and then reaches it
///   ± `redBoundaryHysteresis` (0.03 dex), so wiggles around the boundary do not chop the phase;
/// - *hot*: from the first passage of log Teff = `hotBoundaryLogTeff` (4.6, 40,000 K) that goes on
///   to exceed it by `hotBoundaryConfirmation` (0.05 dex) to the end of the phase: stripped
///   Wolf–Rayet stars, hotter than any post-main-sequence star that keeps an envelope.
/// The split points are the exact crossings, linear in initial mass between rows (the model of the
/// isochrone itself, `Isochrone.star(initialMass:)`), inserted as rows, so stars on either side of a
/// red-to-blue jump between two rows are matched with stars of their own colour. The runs are
/// numbered in order, blue runs even and red runs odd from the start of the phase (a phase that
/// starts red has no run 0), and matched run by run between the two isochrones — also when the
/// phase is a single run at one node; a run missing at one node shrinks in initial mass toward its
/// boundary there (see `Isochrone.interpolate`).
///
/// When both isochrones' core-He burning starts below `subphaseSplitMasses` (ages log t ≳ 7.5 at
/// [M/H] = 0) the phases stay whole:
/// blue loops of intermediate-mass stars and horizontal branches cross log Teff 3.75 back and forth
/// with small amplitude, and splitting them was measured to make the interpolation worse
/// (`starmill isochrones smoothness`, [M/H] = −1.25 and −1.5 at log t 7.8–10).
extension Isochrone {
  /// Initial masses (M☉) at the start of core-He burning over which an interpolation goes over
  /// from whole phases (below) to split ones (above): `subphaseSplitWeight`.
  static let subphaseSplitMasses = 8.5...9.5
  static let redBoundaryLogTeff = 3.75
  static let redBoundaryHysteresis = 0.03
  static let hotBoundaryLogTeff = 4.6
  static let hotBoundaryConfirmation = 0.05

  /// Sub-phase number of the hot (stripped) run: after every red or blue run.
  static let hotSubphase = 998

  /// One sub-phase boundary inside core-He burning: a position along the rows (`row` + `fraction`
  /// of the way to the next row) and the number of the run that starts there.
  struct SubphaseBoundary: Equatable {
    let row: Int
    let fraction: Double
    let subphase: Int
  }

  /// The sub-phase boundaries of rows `rows` (the post-main-sequence through core-He burning,
  /// ascending, consecutive), the first one at the range's first row; empty below three rows.
  /// `startsInCoreHeliumBurning`: whether the range's first row is already core-He burning (no
  /// Hertzsprung gap before it); only then may the range start hot — a Hertzsprung-gap star
  /// leaving a hot main sequence is not a Wolf–Rayet star (PARSEC's hottest gap start is
  /// log Teff 4.57, at [M/H] = −2, log t 6.7).
  func subphaseBoundaries(_ rows: ClosedRange<Int>, startsInCoreHeliumBurning: Bool) -> [SubphaseBoundary] {
    guard rows.count >= 3 else { return [] }
    let teff = rows.map { Double(logTeff[$0]) }
    func crossing(_ k: Int, _ level: Double) -> (Int, Double)? {
      let (a, b) = (teff[k], teff[k + 1])
      guard (a - level) * (b - level) < 0 || (a != level && b == level) else { return nil }
      return (rows.lowerBound + k, (level - a) / (b - a))
    }
    // Hot run: the first passage of the hot boundary that goes on to be confirmed.
    var hotStart: (row: Int, fraction: Double)?
    var hotFirstIndex = teff.count
    if startsInCoreHeliumBurning && teff[0] >= Self.hotBoundaryLogTeff {
      hotStart = (rows.lowerBound, 0)
      hotFirstIndex = 0
    } else {
      var pending: (row: Int, fraction: Double, index: Int)?
      for k in 0..<(teff.count - 1) {
        if let (row, fraction) = crossing(k, Self.hotBoundaryLogTeff), teff[k + 1] > teff[k], pending == nil {
          pending = (row, fraction, k + 1)
        }
        if teff[k + 1] < Self.hotBoundaryLogTeff { pending = nil }
        if let found = pending, teff[k + 1] >= Self.hotBoundaryLogTeff + Self.hotBoundaryConfirmation {
          hotStart = (found.row, found.fraction)
          hotFirstIndex = found.index
          break
        }
      }
    }
    // Red and blue runs before it.
    let red = Self.redBoundaryLogTeff
    var isRed = teff[0] < red
    var boundaries = [SubphaseBoundary(row: rows.lowerBound, fraction: 0, subphase: isRed ? 1 : 0)]
    var lastCrossing: (row: Int, fraction: Double) = (rows.lowerBound, 0)
    let coolEnd = min(hotFirstIndex, teff.count - 1)
    if coolEnd >= 1 {
      for k in 0..<coolEnd {
        if let found = crossing(k, red) { lastCrossing = found }
        let next = teff[k + 1]
        let switches = isRed ? next > red + Self.redBoundaryHysteresis : next < red - Self.redBoundaryHysteresis
        guard switches else { continue }
        isRed.toggle()
        boundaries.append(
          SubphaseBoundary(
            row: lastCrossing.row, fraction: lastCrossing.fraction, subphase: boundaries.last!.subphase + 1))
      }
    }
    if let hotStart {
      let boundary = SubphaseBoundary(row: hotStart.row, fraction: hotStart.fraction, subphase: Self.hotSubphase)
      if boundaries.count == 1 && hotStart.row == rows.lowerBound && hotStart.fraction == 0 {
        boundaries = [boundary]
      } else {
        boundaries.append(boundary)
      }
    }
    return boundaries
  }

  /// This isochrone with a row inserted at every boundary that falls between two rows (all
  /// quantities linear in initial mass there, as `star(initialMass:)` reads them), and the row
  /// index of every boundary in the result.
  func inserting(_ boundaries: [SubphaseBoundary]) -> (isochrone: Isochrone, rows: [Int]) {
    let between = boundaries.filter { $0.fraction > 0 && $0.fraction < 1 }
    guard !between.isEmpty else {
      return (self, boundaries.map { $0.fraction >= 1 ? $0.row + 1 : $0.row })
    }
    let canonicalOfRow = canonicalPhases()
    var columns = IsochroneColumns(bandCount: magnitudes.count, capacity: count + between.count)
    var rowOfBoundary = [Int](repeating: 0, count: boundaries.count)
    var next = 0
    func lerp(_ values: [Float], _ row: Int, _ t: Double) -> Float {
      Float(Double(values[row]) + t * (Double(values[row + 1]) - Double(values[row])))
    }
    for row in 0..<count {
      columns.append(
        initialMass: initialMass[row], currentMass: currentMass[row], logLuminosity: logLuminosity[row],
        logTeff: logTeff[row], logGravity: logGravity[row], label: phase[row], canonicalPhase: canonicalOfRow[row]
      ) { magnitudes[$0][row] }
      while next < boundaries.count && boundaries[next].row == row {
        let t = boundaries[next].fraction
        if t <= 0 {
          rowOfBoundary[next] = columns.count - 1
        } else if t >= 1 {
          rowOfBoundary[next] = columns.count
        } else {
          columns.append(
            initialMass: initialMass[row] + t * (initialMass[row + 1] - initialMass[row]),
            currentMass: lerp(currentMass, row, t), logLuminosity: lerp(logLuminosity, row, t),
            logTeff: lerp(logTeff, row, t), logGravity: lerp(logGravity, row, t),
            label: t < 0.5 ? phase[row] : phase[row + 1],
            canonicalPhase: t < 0.5 ? canonicalOfRow[row] : canonicalOfRow[row + 1]
          ) { lerp(magnitudes[$0], row, t) }
          rowOfBoundary[next] = columns.count - 1
        }
        next += 1
      }
    }
    let refined = columns.isochrone(logAgeYears: logAgeYears, metallicity: metallicity)
    return (refined, rowOfBoundary)
  }
}
