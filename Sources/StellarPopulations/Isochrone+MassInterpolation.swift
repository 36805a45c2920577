/// The state of one star read off an isochrone.
public struct StarState: Sendable, Equatable {
  public enum Status: Sendable, Equatable {
    /// On the isochrone: interpolated between two rows.
    case luminous
    /// Lighter than the isochrone's lightest row (brown dwarfs and the lowest-mass stars the grid
    /// omits): alive, current mass = initial mass, no light.
    case belowGrid
    /// Heavier than the heaviest living row: a remnant (`RemnantMass`), no light.
    case remnant
  }
  public var status: Status
  public var currentMass: Double
  /// PARSEC label of the nearer row in initial mass; −1 for remnants.
  public var phase: Int
  public var logLuminosity: Double
  public var logTeff: Double
  public var logGravity: Double

  public var isAlive: Bool { status != .remnant }
}

extension Isochrone {
  /// The pair of rows (i, i+1) bracketing `initialMass`, with the fraction t along it, or nil
  /// outside the tabulated range.
  ///
  /// Rows are searched through the running maximum of the initial mass, so the pair always has
  /// mᵢ ≤ m < mᵢ₊₁ even where PARSEC repeats a mass (thermal-pulse pairs, the RGB tip → core-He
  /// burning jump) or steps back by ~10⁻⁷ M☉: zero-width pairs carry no stars.
  @inline(__always) func bracket(initialMass m: Double) -> (index: Int, fraction: Double)? {
    let keys = massSearchKeys
    let count = keys.count
    guard m >= keys[0], m < keys[count - 1] else { return nil }
    // Largest i with keys[i] <= m.
    var low = 0
    var high = count - 1
    while high - low > 1 {
      let middle = (low + high) >> 1
      if keys[middle] <= m { low = middle } else { high = middle }
    }
    let m0 = initialMass[low]
    let m1 = initialMass[low + 1]
    return (low, (m - m0) / (m1 - m0))
  }

  /// The star of initial mass `initialMass` on this isochrone: quantities are linear in initial
  /// mass between the bracketing rows (current mass, log L, log Teff, log g).
  public func star(initialMass m: Double) -> StarState {
    if m >= maximumLivingInitialMass {
      return StarState(
        status: .remnant, currentMass: RemnantMass.forInitialMass(m), phase: -1, logLuminosity: -.infinity,
        logTeff: .nan, logGravity: .nan)
    }
    guard let (i, t) = bracket(initialMass: m) else {
      return StarState(
        status: .belowGrid, currentMass: m, phase: phase[0], logLuminosity: -.infinity, logTeff: .nan, logGravity: .nan)
    }
    func lerp(_ values: [Float]) -> Double { Double(values[i]) + t * (Double(values[i + 1]) - Double(values[i])) }
    return StarState(
      status: .luminous, currentMass: lerp(currentMass), phase: t < 0.5 ? phase[i] : phase[i + 1],
      logLuminosity: lerp(logLuminosity), logTeff: lerp(logTeff), logGravity: lerp(logGravity))
  }

  /// Absolute magnitude of band `band` for a luminous star of initial mass `m` (linear in initial
  /// mass between rows); +∞ for stars that emit no light.
  public func absoluteMagnitude(band: Int, initialMass m: Double) -> Double {
    guard m < maximumLivingInitialMass, let (i, t) = bracket(initialMass: m) else { return .infinity }
    let values = magnitudes[band]
    return Double(values[i]) + t * (Double(values[i + 1]) - Double(values[i]))
  }
}
