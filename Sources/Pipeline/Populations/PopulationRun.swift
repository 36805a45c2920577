import Foundation
import Numerics
import StellarPopulations

/// The IMFs selectable by name on the command line and in recipes.
public enum InitialMassFunctionName: String, CaseIterable, Sendable {
  case kroupa, chabrier, salpeter

  /// The IMF with Starmill's default limits (0.08–150 M☉).
  public func make() throws -> any InitialMassFunction {
    switch self {
    case .kroupa: return try BrokenPowerLawIMF.kroupa2001()
    case .chabrier: return try Chabrier2003IMF()
    case .salpeter: return try BrokenPowerLawIMF.salpeter1955()
    }
  }
}

/// One `starmill population` run: load the set, sample, and format the star table or summary.
public struct PopulationRun: Sendable {
  public var isochrones: String
  public var logAgeYears: Double
  public var metallicity: Double
  public var targetMass: Double
  public var seed: UInt64
  public var imf: InitialMassFunctionName
  public var rule: MassSamplingRule
  public var observing: ObservingConditions

  public init(
    isochrones: String, logAgeYears: Double, metallicity: Double, targetMass: Double, seed: UInt64,
    imf: InitialMassFunctionName = .kroupa, rule: MassSamplingRule = .stopNearest,
    observing: ObservingConditions = ObservingConditions()
  ) {
    self.isochrones = isochrones
    self.logAgeYears = logAgeYears
    self.metallicity = metallicity
    self.targetMass = targetMass
    self.seed = seed
    self.imf = imf
    self.rule = rule
    self.observing = observing
  }

  /// Samples the population (generator keyed by (seed, stream 0)).
  public func population() throws -> StellarPopulation {
    let set = try IsochroneSetFolder.load(isochrones)
    return try StellarPopulation.sample(
      from: set, logAgeYears: logAgeYears, metallicity: metallicity, imf: imf.make(), targetMass: targetMass,
      rule: rule, observing: observing, generator: RandomGenerator(seed: seed, stream: 0))
  }

  /// The star table as CSV: initial and current mass (M☉), PARSEC phase label (−1: remnant),
  /// alive flag, then one observed magnitude column per band (`inf` for stars without light).
  public static func csvLines(_ population: StellarPopulation) -> [String] {
    var lines = ["initial_mass,current_mass,phase,alive," + population.bands.map { "\($0)_mag" }.joined(separator: ",")]
    lines.reserveCapacity(population.drawnCount + 1)
    for star in 0..<population.drawnCount {
      var line = "\(population.initialMass[star]),\(population.currentMass[star]),\(population.phase[star]),"
      line += population.isAlive[star] ? "1" : "0"
      for band in population.bands.indices {
        let magnitude = population.magnitudes[band][star]
        line += magnitude.isFinite ? ",\(magnitude)" : ",inf"
      }
      lines.append(line)
    }
    return lines
  }

  /// The summary: one line per band (`<band> <integrated magnitude>`), then the counts and masses.
  public static func summaryLines(_ population: StellarPopulation) -> [String] {
    var lines = population.bands.indices.map { band in
      "\(population.bands[band]) \(String(format: "%.4f", population.integratedMagnitude(band: band)))"
    }
    lines.append("stars_drawn \(population.drawnCount)")
    lines.append("stars_alive \(population.aliveCount)")
    lines.append("stars_luminous \(population.luminousCount)")
    lines.append("mass_drawn \(String(format: "%.4f", population.massDrawn))")
    lines.append("mass_alive \(String(format: "%.4f", population.massAlive))")
    lines.append("mass_remnants \(String(format: "%.4f", population.remnantMass))")
    return lines
  }
}
