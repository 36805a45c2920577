import Foundation

/// A field's star-formation history as a list of single-age populations: for each isochrone age
/// node, the fraction of the total formed (initial) stellar mass born in the age bin around it.
///
/// Constant SFR between `logAgeMin` and `logAgeMax` (log10 yr): mass formed per bin ∝ the bin's
/// linear time span, 10^upper − 10^lower, with bin edges halfway (in log t) between neighbouring
/// nodes, clipped to [logAgeMin, logAgeMax]. The exact integral of a constant SFR over each bin,
/// so the fractions sum to 1 and the oldest bins carry almost all the mass.
public struct StarFormationHistory: Sendable, Equatable {
  public struct Component: Sendable, Equatable {
    public var logAgeYears: Double
    public var massFraction: Double
  }

  public let logAgeMin: Double
  public let logAgeMax: Double
  public let components: [Component]

  public init(constantFrom logAgeMin: Double, to logAgeMax: Double, ageNodes: [Double]) throws(BackgroundsError) {
    let nodes = ageNodes.filter { $0 >= logAgeMin - 1e-9 && $0 <= logAgeMax + 1e-9 }.sorted()
    guard logAgeMax > logAgeMin, !nodes.isEmpty else {
      throw BackgroundsError(
        subject: "star-formation history", field: "log age range", value: "[\(logAgeMin), \(logAgeMax)]",
        rule: "needs log_age_max > log_age_min and at least one isochrone age inside")
    }
    var components: [Component] = []
    var total = 0.0
    for (index, node) in nodes.enumerated() {
      let lower = index == 0 ? logAgeMin : 0.5 * (nodes[index - 1] + node)
      let upper = index == nodes.count - 1 ? logAgeMax : 0.5 * (node + nodes[index + 1])
      let span = pow(10, upper) - pow(10, lower)
      components.append(Component(logAgeYears: node, massFraction: span))
      total += span
    }
    self.logAgeMin = logAgeMin
    self.logAgeMax = logAgeMax
    self.components = components.map { Component(logAgeYears: $0.logAgeYears, massFraction: $0.massFraction / total) }
  }
}
