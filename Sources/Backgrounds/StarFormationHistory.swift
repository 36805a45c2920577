import Foundation
import Numerics

/// A field's star-formation history as a list of single-age, single-metallicity populations: for
/// each isochrone age node, the fraction of the total formed (initial) stellar mass born in the
/// age bin around it.
///
/// Built from `Bin`s (age ranges with a metallicity and a share of the formed mass): inside a
/// bin the star-formation rate is constant, so the mass formed around each node is ∝ its linear
/// time span, 10^upper − 10^lower, with edges halfway (in log t) between neighbouring nodes,
/// clipped to the bin — the exact integral of a constant SFR, so each bin's components sum to its
/// share and the oldest nodes of a bin carry most of its mass. This is the piecewise-constant SFH
/// of CMD fitting (Dolphin 2002; Williams et al. 2017 for PHAT).
public struct StarFormationHistory: Sendable, Equatable {
  public struct Component: Sendable, Equatable {
    public var logAgeYears: Double
    public var metallicity: Double
    public var massFraction: Double
  }

  /// An age range [`logAgeMin`, `logAgeMax`] (log10 yr) at one [M/H], forming `formedMass`
  /// (any unit: bins are normalised together).
  public struct Bin: Sendable, Equatable {
    public var logAgeMin: Double
    public var logAgeMax: Double
    public var metallicity: Double
    public var formedMass: Double

    public init(logAgeMin: Double, logAgeMax: Double, metallicity: Double, formedMass: Double) {
      self.logAgeMin = logAgeMin
      self.logAgeMax = logAgeMax
      self.metallicity = metallicity
      self.formedMass = formedMass
    }
  }

  public let bins: [Bin]
  public let components: [Component]

  /// Constant SFR from `logAgeMin` to `logAgeMax` at one metallicity.
  public init(constantFrom logAgeMin: Double, to logAgeMax: Double, metallicity: Double = 0, ageNodes: [Double])
    throws(FieldError)
  {
    try self.init(
      bins: [Bin(logAgeMin: logAgeMin, logAgeMax: logAgeMax, metallicity: metallicity, formedMass: 1)],
      ageNodes: ageNodes)
  }

  public init(bins: [Bin], ageNodes: [Double]) throws(FieldError) {
    guard !bins.isEmpty else {
      throw FieldError(field: "starFormationHistory.bins", value: "[]", rule: "needs at least one bin")
    }
    if let bad = bins.firstIndex(where: { !($0.formedMass >= 0 && $0.formedMass.isFinite) }) {
      throw FieldError(
        field: "starFormationHistory.bins[\(bad)].formedMass", value: "\(bins[bad].formedMass)",
        rule: "must be a finite mass ≥ 0")
    }
    let total = bins.reduce(0) { $0 + $1.formedMass }
    guard total > 0 else {
      throw FieldError(
        field: "starFormationHistory.bins[*].formedMass", value: "\(bins.map(\.formedMass))",
        rule: "the bins must form a positive total mass")
    }
    var components: [Component] = []
    for (binIndex, bin) in bins.enumerated() where bin.formedMass > 0 {
      let nodes = Array(Set(ageNodes.filter { $0 >= bin.logAgeMin - 1e-9 && $0 <= bin.logAgeMax + 1e-9 })).sorted()
      guard bin.logAgeMax > bin.logAgeMin, !nodes.isEmpty else {
        throw FieldError(
          field: "starFormationHistory.bins[\(binIndex)].logAgeRange", value: "[\(bin.logAgeMin), \(bin.logAgeMax)]",
          rule: "needs logAgeMax > logAgeMin and at least one isochrone age inside")
      }
      var spans: [Double] = []
      for (index, node) in nodes.enumerated() {
        let lower = index == 0 ? bin.logAgeMin : 0.5 * (nodes[index - 1] + node)
        let upper = index == nodes.count - 1 ? bin.logAgeMax : 0.5 * (node + nodes[index + 1])
        spans.append(pow(10, upper) - pow(10, lower))
      }
      let binTotal = spans.reduce(0, +)
      for (node, span) in zip(nodes, spans) {
        components.append(
          Component(
            logAgeYears: node, metallicity: bin.metallicity, massFraction: bin.formedMass / total * span / binTotal))
      }
    }
    self.bins = bins
    self.components = components
  }
}
