import Foundation

/// Interpolation between two isochrones along equivalent evolutionary points (EEPs).
///
/// Phases. PARSEC's `label` is not monotone along an isochrone (pre-main-sequence and main-
/// sequence labels alternate among low-mass stars; the most massive stars of young isochrones
/// restart at 1). Starmill's primary EEPs are therefore the rows where the running maximum of the
/// label increases: phase p runs from the first row whose running-maximum label is p to the first
/// row of the next phase (shared end point), the last phase to the last row.
///
/// Position within a phase. Each row gets a coordinate s ∈ [0, 1]:
///   s = ½ · (running-max initial mass − m_start)/(m_end − m_start) + ½ · (path length)/(total),
/// the path length measured in the (log Teff, log L) plane with ΔD² = (10 Δlog Teff)² + (Δlog L)².
/// The mass term says "which stars", the path term "where on the HR diagram" (it keeps rows of
/// equal initial mass, such as thermal-pulse pairs, apart), in the spirit of the distance metric
/// of Dotter (2016, ApJS 222, 8, §3) for stellar tracks. If one part is degenerate the other is used.
///
/// Interpolation. For each phase, both isochrones are evaluated (linearly in s) at the union of
/// their s values, and every quantity is interpolated with the same weight: log initial mass,
/// log current mass, log L, log Teff, log g and magnitudes. A phase present in only one
/// isochrone is matched to a point of zero length in the other (the row where that phase would
/// begin), so it grows or shrinks continuously between grid nodes instead of appearing abruptly.
/// The phase label of a new row is the original label, read on the isochrone with the larger weight.
extension Isochrone {
  /// One primary phase: rows `start...end` (inclusive; `end` is the next phase's first row) and
  /// the coordinate of each row.
  struct PhasePath {
    let phase: Int
    let rows: [Int]
    let coordinates: [Double]
  }

  static let pathWeight = 0.02

  /// Splits the isochrone into primary phases (see the type's discussion).
  func phasePaths() -> [PhasePath] {
    var starts: [(phase: Int, row: Int)] = []
    var runningMaximum = Int.min
    for row in 0..<count where phase[row] > runningMaximum {
      runningMaximum = phase[row]
      starts.append((runningMaximum, row))
    }
    var paths: [PhasePath] = []
    for (index, start) in starts.enumerated() {
      let end = index + 1 < starts.count ? starts[index + 1].row : count - 1
      let rows = Array(start.row...max(start.row, end))
      paths.append(PhasePath(phase: start.phase, rows: rows, coordinates: coordinates(rows)))
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

  /// A point on a phase path at coordinate s: the row pair and the fraction along it.
  private static func locate(_ path: PhasePath, _ s: Double) -> (Int, Int, Double) {
    let c = path.coordinates
    if path.rows.count == 1 || s <= c[0] { return (path.rows[0], path.rows[0], 0) }
    if s >= c[c.count - 1] { return (path.rows[c.count - 1], path.rows[c.count - 1], 0) }
    var low = 0
    var high = c.count - 1
    while high - low > 1 {
      let middle = (low + high) >> 1
      if c[middle] <= s { low = middle } else { high = middle }
    }
    let width = c[high] - c[low]
    return (path.rows[low], path.rows[high], width > 0 ? (s - c[low]) / width : 0)
  }

  /// The isochrone at fraction `weight` of the way from `a` (0) to `b` (1), labelled with
  /// `logAgeYears` and `metallicity`. Exactly `a` at weight 0 and exactly `b` at weight 1.
  static func interpolate(
    _ a: Isochrone, _ b: Isochrone, weight: Double, logAgeYears: Double, metallicity: Double
  ) -> Isochrone {
    if weight == 0 { return a.relabelled(logAgeYears: logAgeYears, metallicity: metallicity) }
    if weight == 1 { return b.relabelled(logAgeYears: logAgeYears, metallicity: metallicity) }
    let pathsA = a.phasePaths()
    let pathsB = b.phasePaths()
    let phases = Array(Set(pathsA.map(\.phase)).union(pathsB.map(\.phase))).sorted()
    let bandCount = a.magnitudes.count

    var initialMass: [Double] = []
    var currentMass: [Float] = []
    var logL: [Float] = []
    var logTe: [Float] = []
    var logg: [Float] = []
    var labels: [Int] = []
    var magnitudes = [[Float]](repeating: [], count: bandCount)

    func path(for phase: Int, in paths: [PhasePath], of isochrone: Isochrone) -> PhasePath {
      if let found = paths.first(where: { $0.phase == phase }) { return found }
      // Absent: a zero-length path at the row where the phase would begin.
      let anchor = paths.first(where: { $0.phase > phase })?.rows.first ?? (isochrone.count - 1)
      return PhasePath(phase: phase, rows: [anchor], coordinates: [0])
    }

    for (phaseIndex, phase) in phases.enumerated() {
      let pathA = path(for: phase, in: pathsA, of: a)
      let pathB = path(for: phase, in: pathsB, of: b)
      let isLast = phaseIndex == phases.count - 1
      var grid = Array(Set(pathA.coordinates + pathB.coordinates)).sorted()
      if !isLast { grid.removeAll { $0 >= 1 } }
      if grid.isEmpty { grid = [0] }
      for s in grid {
        let (a0, a1, ta) = locate(pathA, s)
        let (b0, b1, tb) = locate(pathB, s)
        func mix(_ x: [Float], _ y: [Float]) -> Double {
          let va = Double(x[a0]) + ta * (Double(x[a1]) - Double(x[a0]))
          let vb = Double(y[b0]) + tb * (Double(y[b1]) - Double(y[b0]))
          return va + weight * (vb - va)
        }
        func mixLog(_ va0: Double, _ va1: Double, _ vb0: Double, _ vb1: Double) -> Double {
          let la = log10(va0) + ta * (log10(va1) - log10(va0))
          let lb = log10(vb0) + tb * (log10(vb1) - log10(vb0))
          return pow(10, la + weight * (lb - la))
        }
        initialMass.append(mixLog(a.initialMass[a0], a.initialMass[a1], b.initialMass[b0], b.initialMass[b1]))
        currentMass.append(
          Float(
            mixLog(
              Double(a.currentMass[a0]), Double(a.currentMass[a1]), Double(b.currentMass[b0]),
              Double(b.currentMass[b1]))))
        logL.append(Float(mix(a.logLuminosity, b.logLuminosity)))
        logTe.append(Float(mix(a.logTeff, b.logTeff)))
        logg.append(Float(mix(a.logGravity, b.logGravity)))
        labels.append(weight < 0.5 ? a.phase[ta < 0.5 ? a0 : a1] : b.phase[tb < 0.5 ? b0 : b1])
        for band in 0..<bandCount { magnitudes[band].append(Float(mix(a.magnitudes[band], b.magnitudes[band]))) }
      }
    }
    return Isochrone(
      unchecked: logAgeYears, metallicity: metallicity, initialMass: initialMass, currentMass: currentMass,
      logLuminosity: logL, logTeff: logTe, logGravity: logg, phase: labels, magnitudes: magnitudes)
  }

  func relabelled(logAgeYears: Double, metallicity: Double) -> Isochrone {
    Isochrone(
      unchecked: logAgeYears, metallicity: metallicity, initialMass: initialMass, currentMass: currentMass,
      logLuminosity: logLuminosity, logTeff: logTeff, logGravity: logGravity, phase: phase, magnitudes: magnitudes)
  }
}
