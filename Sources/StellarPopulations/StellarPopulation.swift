import Foundation

/// A sampled stellar population: every star drawn from the IMF, its state on the isochrone and its
/// observed magnitudes. Per-star arrays all have `drawnCount` entries, in drawing order.
public struct StellarPopulation: Sendable, Equatable {
  /// Band names; `magnitudes[i]` is band `bands[i]`.
  public let bands: [String]
  /// log10(age / yr) and [M/H] of the isochrone the stars were read from.
  public let logAgeYears: Double
  public let metallicity: Double
  /// The conditions the magnitudes include.
  public let observing: ObservingConditions

  /// Initial mass (M☉).
  public var initialMass: [Double]
  /// Present mass (M☉): from the isochrone for living stars, `RemnantMass` for dead ones.
  /// Read-only outside the module, like `isAlive`, because `massAlive` is summed from both once,
  /// when the population is synthesised.
  public internal(set) var currentMass: [Float]
  /// PARSEC label of living stars; −1 for remnants.
  public var phase: [Int]
  public internal(set) var isAlive: [Bool]
  /// Per-star A_V (foreground plus differential extinction).
  public var extinctionV: [Float]
  /// Observed Vega magnitudes `[band][star]` (absolute + distance modulus + A_V,star · A_band/A_V);
  /// +∞ for stars that emit no light (remnants, stars below the isochrone's lowest mass).
  public var magnitudes: [[Float]]
  /// Σ initial masses drawn (M☉): the population's true mass.
  public var massDrawn: Double

  public var drawnCount: Int { initialMass.count }
  public var aliveCount: Int {
    // A Bool is stored as the byte 0 or 1: summing the bytes counts the living stars in a loop
    // the compiler vectorises (as `alive ? 1 : 0` it became a branch per star).
    isAlive.withUnsafeBufferPointer { isAlive in
      isAlive.withMemoryRebound(to: UInt8.self) { bytes in
        var count = 0
        for byte in bytes { count &+= Int(byte) }
        return count
      }
    }
  }
  /// Stars with a finite magnitude (in the first band).
  public var luminousCount: Int { magnitudes.first.map { $0.reduce(0) { $0 + ($1.isFinite ? 1 : 0) } } ?? 0 }
  /// Σ current masses of living stars (M☉), in Double, in star order. Summed in the synthesis
  /// loop as each living star's mass is found: a separate pass is one dependent addition after
  /// another (≈ 4 cycles a star) that nothing else overlaps.
  public let massAlive: Double
  /// Σ masses of remnants (M☉).
  public var remnantMass: Double {
    var total = 0.0
    for index in currentMass.indices where !isAlive[index] { total += Double(currentMass[index]) }
    return total
  }

  /// Total flux of band `band` in units of a 0-mag source, summed in Double (10^(−0.4 m) as
  /// exp(−0.4 ln 10 · m): cheaper than `pow`, a few ulp from it).
  public func integratedFlux(band: Int) -> Double {
    var total = 0.0
    for magnitude in magnitudes[band] where magnitude.isFinite { total += exp(-0.4 * M_LN10 * Double(magnitude)) }
    return total
  }

  /// −2.5 log₁₀ Σ 10^(−0.4 mᵢ): +∞ when no star shines.
  public func integratedMagnitude(band: Int) -> Double {
    let flux = integratedFlux(band: band)
    return flux > 0 ? -2.5 * log10(flux) : .infinity
  }

  /// Integrated magnitudes of all bands, in band order.
  public var integratedMagnitudes: [Double] { bands.indices.map { integratedMagnitude(band: $0) } }
}
