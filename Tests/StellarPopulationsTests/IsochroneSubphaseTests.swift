import Foundation
import StellarPopulations
import Testing

/// Secondary EEPs inside massive stars' core-He burning (`Isochrone+Subphases.swift`), on synthetic
/// two-node sets where the right pairing is known.
@Suite struct IsochroneSubphaseTests {
  /// One synthetic isochrone: a main sequence (label 1) up to 10 M☉, then core-He burning
  /// (label 4) over 10–12 M☉ made of the given runs, each `(fraction of the phase's mass span,
  /// log Teff)`: constant log Teff inside a run, with a fast crossing (0.2 % of the span, four
  /// rows) into the next run, as an isochrone samples a Hertzsprung-gap-like jump.
  /// With `earlyAGB`, two early-AGB rows (label 7, log Teff 3.85 and 3.8) follow core-He burning.
  static func isochrone(
    logAge: Double, runs: [(span: Double, logTeff: Double)], earlyAGB: Bool = false
  ) throws -> Isochrone {
    var mass: [Double] = [1, 4, 9.99]
    var teff: [Double] = [3.76, 4.2, 4.4]
    var labels = [1, 1, 1]
    let start = 10.0
    let width = 2.0
    var position = 0.0
    for (index, run) in runs.enumerated() {
      if index > 0 {
        let previous = runs[index - 1].logTeff
        for step in 1...4 {
          position += 0.0005
          mass.append(start + width * position)
          teff.append(previous + (run.logTeff - previous) * Double(step) / 4)
          labels.append(4)
        }
      }
      let end = position + run.span - (index == runs.count - 1 ? 0 : 0.002)
      for step in 0...8 {
        mass.append(start + width * (position + (end - position) * Double(step) / 8))
        teff.append(run.logTeff)
        labels.append(4)
      }
      position = end
    }
    if earlyAGB {
      mass += [12.001, 12.002]
      teff += [3.85, 3.8]
      labels += [7, 7]
    }
    // Bolometric magnitude from log L = 4.5 for supergiants (1.5 below), and a colour that makes
    // cool stars bright in the near-IR band (index 1) and hot stars bright in the blue (index 0):
    // enough for the pairing to show in the light.
    let logL = mass.map { $0 < 9.995 ? 1.5 : 4.5 }
    let blue = zip(logL, teff).map { Float(4.74 - 2.5 * $0 + 6 * (4.0 - $1)) }
    let red = zip(logL, teff).map { Float(4.74 - 2.5 * $0 - 6 * (4.0 - $1)) }
    return try Isochrone(
      logAgeYears: logAge, metallicity: 0, initialMass: mass, currentMass: mass.map { Float($0) },
      logLuminosity: logL.map(Float.init), logTeff: teff.map(Float.init), logGravity: mass.map { _ in 1 },
      phase: labels, magnitudes: [blue, red])
  }

  static func set(_ a: Isochrone, _ b: Isochrone) throws -> IsochroneSet {
    try IsochroneSet(
      bands: ["blue", "red"], isochrones: [a, b], extinctionRatios: ["blue": 1, "red": 0.5], provenance: "test")
  }

  /// Initial-mass span (M☉) of core-He-burning stars with log Teff inside `range`, linear in
  /// initial mass between rows as the sampler reads them.
  static func span(_ isochrone: Isochrone, logTeff range: ClosedRange<Double>) -> Double {
    var total = 0.0
    for row in 0..<(isochrone.count - 1) where isochrone.initialMass[row] >= 9.995 {
      let (m0, m1) = (isochrone.initialMass[row], isochrone.initialMass[row + 1])
      guard m1 > m0 else { continue }
      // Fine sub-sampling of the pair: exact enough for spans of 0.01 M☉ and more.
      for k in 0..<50 {
        let t = (Double(k) + 0.5) / 50
        let teff = Double(isochrone.logTeff[row]) + t * Double(isochrone.logTeff[row + 1] - isochrone.logTeff[row])
        if range.contains(teff) { total += (m1 - m0) / 50 }
      }
    }
    return total
  }

  /// Red supergiants for 30 % of the phase at one node and 70 % at the other, blue supergiants
  /// for the rest. Paired by mass fraction, the middle 40 % would pair red with blue stars and the
  /// interpolated isochrone would put 0.8 M☉ of yellow (log Teff ≈ 3.86) stars there that exist at
  /// neither node; paired run by run, the red span is the mean of the nodes' and no yellow stars
  /// appear beyond the fast crossing itself.
  @Test func redAndBlueSupergiantsArePairedRunByRun() throws {
    let a = try Self.isochrone(logAge: 6.6, runs: [(0.3, 3.62), (0.7, 4.1)])
    let b = try Self.isochrone(logAge: 6.7, runs: [(0.7, 3.62), (0.3, 4.1)])
    let set = try Self.set(a, b)
    let middle = try set.isochrone(logAgeYears: 6.65, metallicity: 0)
    let red = [a, middle, b].map { Self.span($0, logTeff: 3.0...3.70) }
    let yellow = [a, middle, b].map { Self.span($0, logTeff: 3.70...4.05) }
    // Nodes: red 0.6 and 1.4 M☉ (less the 4 ‰ crossings); their mean in the middle, to the
    // crossing's width (the mass interpolation is in log m, 0.3 % off the linear mean here).
    #expect(abs(red[0] - 0.6) < 0.01 && abs(red[2] - 1.4) < 0.01, "\(red)")
    #expect(abs(red[1] - 0.5 * (red[0] + red[2])) < 0.02, "\(red)")
    #expect(yellow[1] <= max(yellow[0], yellow[2]) + 0.01, "\(yellow)")
  }

  /// Core-He burning that stays blue at one node and turns red after a blue run at the other (the
  /// first red supergiants appearing, PARSEC [M/H] = −1.0 between log t 7.20 and 7.25): the single
  /// run is matched run by run with the first blue run, so the interpolated isochrone is one blue
  /// run followed by one red run, in ascending initial mass, with the red span growing linearly.
  /// Cross-faded as whole phases, the single run's stars would shrink toward the other node's end
  /// of the phase, after (in the rows) stars of lower initial mass.
  @Test func aSingleRunIsMatchedRunByRun() throws {
    let a = try Self.isochrone(logAge: 6.6, runs: [(1.0, 4.1)])
    let b = try Self.isochrone(logAge: 6.7, runs: [(0.5, 4.1), (0.5, 3.62)])
    let set = try Self.set(a, b)
    let redAtB = Self.span(b, logTeff: 3.0...3.70)
    for (age, fraction) in [(6.625, 0.25), (6.65, 0.5), (6.675, 0.75)] {
      let isochrone = try set.isochrone(logAgeYears: age, metallicity: 0)
      let rows = isochrone.initialMass.indices.filter { isochrone.initialMass[$0] >= 9.995 }
      let descending = rows.dropFirst().filter { isochrone.initialMass[$0] < isochrone.initialMass[$0 - 1] - 1e-9 }
      #expect(descending.isEmpty, "log t \(age): initial mass decreases at rows \(descending)")
      let firstRed = rows.first { isochrone.logTeff[$0] < 3.7 }
      let blueAfterRed = rows.filter { $0 > (firstRed ?? Int.max) && isochrone.logTeff[$0] > 3.75 }
      #expect(firstRed != nil && blueAfterRed.isEmpty, "log t \(age): blue rows after red \(blueAfterRed)")
      let red = Self.span(isochrone, logTeff: 3.0...3.70)
      #expect(abs(red - fraction * redAtB) < 0.03 * redAtB, "log t \(age): red span \(red) of \(redAtB)")
    }
  }

  /// A stripped (Wolf–Rayet, log Teff > 4.6) run at one node only: between the nodes its stars
  /// stay hot and their initial-mass span shrinks toward the other node's end of the phase, so the
  /// hot stars' light fades linearly instead of turning into blue supergiants.
  @Test func aHotRunPresentAtOneNodeShrinksWithoutCooling() throws {
    let a = try Self.isochrone(logAge: 6.6, runs: [(0.2, 3.62), (0.3, 4.1), (0.5, 5.1)])
    let b = try Self.isochrone(logAge: 6.7, runs: [(0.4, 3.62), (0.6, 4.1)])
    let set = try Self.set(a, b)
    let hotAtA = Self.span(a, logTeff: 4.6...6)
    for (age, fraction) in [(6.625, 0.75), (6.65, 0.5), (6.675, 0.25)] {
      let isochrone = try set.isochrone(logAgeYears: age, metallicity: 0)
      let hot = Self.span(isochrone, logTeff: 4.6...6)
      let lukewarm = Self.span(isochrone, logTeff: 4.2...4.6)
      #expect(abs(hot - fraction * hotAtA) < 0.03 * hotAtA, "log t \(age): hot span \(hot) of \(hotAtA)")
      #expect(lukewarm < 0.01, "log t \(age): \(lukewarm) M☉ between blue supergiants and hot stars")
    }
  }

  /// The split decision is continuous: with core-He burning starting inside `subphaseSplitMasses`
  /// (8.5–9.5 M☉) the results of both matchings are interpolated with the pair's split weight, so
  /// the red span of the interpolated isochrone goes from the mass-fraction pairing's (≈ 30 % of the
  /// phase: red paired with blue in the middle 40 %) to the run-by-run pairing's (the nodes' mean,
  /// 50 %) in small steps as the start of core-He burning moves from 8.4 to 9.6 M☉. An on/off switch
  /// at 9 M☉ made all of that change in one step (in PARSEC: F160W 0.081 mag per 0.01 dex at
  /// [M/H] = −1.25, log t 7.48, where the age-interpolated isochrone at [M/H] = −1.0 crosses 9 M☉).
  @Test func theSplitDecisionIsContinuousInTheCoreHeliumStartMass() throws {
    func scaled(_ isochrone: Isochrone, _ factor: Double) throws -> Isochrone {
      try Isochrone(
        logAgeYears: isochrone.logAgeYears, metallicity: 0, initialMass: isochrone.initialMass.map { $0 * factor },
        currentMass: isochrone.currentMass, logLuminosity: isochrone.logLuminosity, logTeff: isochrone.logTeff,
        logGravity: isochrone.logGravity, phase: isochrone.phase, magnitudes: isochrone.magnitudes)
    }
    let a = try Self.isochrone(logAge: 6.6, runs: [(0.3, 3.62), (0.7, 4.1)])
    let b = try Self.isochrone(logAge: 6.7, runs: [(0.7, 3.62), (0.3, 4.1)])
    var fractions: [Double] = []
    for step in 0...24 {
      // Core-He burning starts at 10 M☉ × factor: 8.4 … 9.6 M☉ in steps of 0.05 M☉.
      let factor = 0.84 + 0.005 * Double(step)
      let middle = try Self.set(scaled(a, factor), scaled(b, factor)).isochrone(logAgeYears: 6.65, metallicity: 0)
      let unscaled = try scaled(middle, 1 / factor)
      fractions.append(Self.span(unscaled, logTeff: 3.0...3.70) / 2)
    }
    // Whole phases below 8.5 M☉, runs above 9.5 M☉ (the synthetic test above: the nodes' mean).
    #expect(abs(fractions.first! - 0.3) < 0.03 && abs(fractions.last! - 0.5) < 0.02, "\(fractions)")
    let total = fractions.last! - fractions.first!
    let steps = zip(fractions, fractions.dropFirst()).map { $1 - $0 }
    // 20 steps inside the 1 M☉ ramp: each about 5 % of the change; none above 12 %.
    #expect(steps.allSatisfy { $0 > -0.002 && $0 < 0.12 * total }, "\(fractions)")
  }

  /// A run present at one node only (red supergiants appearing) stays core-He burning in the
  /// interpolated isochrone on both sides of weight 0.5: its stars carry the label of the node where
  /// they exist. Labelled by the other node (where the run is a point at the start of the early
  /// AGB), the red stars were early-AGB stars below weight 0.5, so the next interpolation (in
  /// [M/H]) matched them with the other metallicity's early AGB up to log t 7.225 and with its red
  /// supergiants after (PARSEC, [M/H] = −1.25, log t 7.23: F814W 0.058 mag per 0.01 dex).
  @Test func aRunPresentAtOneNodeKeepsItsPhase() throws {
    let a = try Self.isochrone(logAge: 6.6, runs: [(1.0, 4.1)], earlyAGB: true)
    let b = try Self.isochrone(logAge: 6.7, runs: [(0.5, 4.1), (0.5, 3.62)], earlyAGB: true)
    let set = try Self.set(a, b)
    for age in [6.62, 6.64, 6.66, 6.68] {
      let isochrone = try set.isochrone(logAgeYears: age, metallicity: 0)
      let red = isochrone.phase.indices.filter { isochrone.logTeff[$0] < 3.7 }
      #expect(
        !red.isEmpty && red.allSatisfy { isochrone.phase[$0] == 4 }, "log t \(age): \(red.map { isochrone.phase[$0] })")
    }
  }

  /// Below `subphaseSplitMasses` (8.5 M☉ at the start of core-He burning) the phase is not split:
  /// intermediate-mass blue loops keep the single-phase mass-fraction matching.
  @Test func intermediateMassCoreHeliumBurningIsNotSplit() throws {
    func scaled(_ isochrone: Isochrone) throws -> Isochrone {
      try Isochrone(
        logAgeYears: isochrone.logAgeYears, metallicity: 0, initialMass: isochrone.initialMass.map { $0 / 2 },
        currentMass: isochrone.currentMass, logLuminosity: isochrone.logLuminosity, logTeff: isochrone.logTeff,
        logGravity: isochrone.logGravity, phase: isochrone.phase, magnitudes: isochrone.magnitudes)
    }
    let a = try scaled(Self.isochrone(logAge: 6.6, runs: [(0.3, 3.62), (0.7, 4.1)]))
    let b = try scaled(Self.isochrone(logAge: 6.7, runs: [(0.7, 3.62), (0.3, 4.1)]))
    let middle = try Self.set(a, b).isochrone(logAgeYears: 6.65, metallicity: 0)
    // Mass-fraction pairing: the middle 40 % of the (halved) span, 0.4 M☉, pairs red with blue.
    var yellow = 0.0
    for row in 0..<(middle.count - 1) where middle.initialMass[row] >= 4.9975 {
      let teff = 0.5 * Double(middle.logTeff[row] + middle.logTeff[row + 1])
      if teff > 3.75 && teff < 4.0 { yellow += middle.initialMass[row + 1] - middle.initialMass[row] }
    }
    #expect(yellow > 0.3, "\(yellow)")
  }
}
