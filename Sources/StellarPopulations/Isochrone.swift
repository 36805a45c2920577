/// One isochrone: the stars of one age and metallicity, ordered along the sequence as the model
/// grid lists them (PARSEC: by initial mass, with thermal-pulse pairs and phase boundaries that
/// can repeat a mass).
///
/// Arrays are per row and all have `count` entries. Magnitudes are absolute Vega magnitudes,
/// `magnitudes[band][row]`, in the band order of the `IsochroneSet` that holds the isochrone.
public struct Isochrone: Sendable, Equatable {
  /// log10(age / yr).
  public let logAgeYears: Double
  /// [M/H] (dex).
  public let metallicity: Double
  /// Initial (zero-age) mass, M☉.
  public let initialMass: [Double]
  /// Present mass after mass loss, M☉.
  public let currentMass: [Float]
  /// log10(L / L☉).
  public let logLuminosity: [Float]
  /// log10(Teff / K).
  public let logTeff: [Float]
  /// log10(g / cm s⁻²).
  public let logGravity: [Float]
  /// Evolutionary phase: PARSEC's `label` (0 PMS, 1 MS, 2 SGB, 3 RGB, 4–6 core He burning,
  /// 7 early AGB, 8 TP-AGB, 9 post-AGB).
  public let phase: [Int]
  /// Absolute Vega magnitudes, `[band][row]`.
  public let magnitudes: [[Float]]

  /// Running maximum of `initialMass`: the non-decreasing key used to find a star's row pair.
  let massSearchKeys: [Double]

  /// For an interpolated isochrone, every row's canonical phase (`canonicalPhases()`), recorded by
  /// `Isochrone.interpolate` from the isochrone where the row's phase exists; `nil` for a grid
  /// isochrone, whose canonical phases are derived from `phase`. Not part of `==`.
  let recordedCanonicalPhases: [Int]?

  /// Builds an isochrone; checks that every array has the same length (at least 2 rows) and
  /// that initial masses are finite and positive.
  public init(
    logAgeYears: Double, metallicity: Double, initialMass: [Double], currentMass: [Float],
    logLuminosity: [Float], logTeff: [Float], logGravity: [Float], phase: [Int], magnitudes: [[Float]]
  ) throws {
    let count = initialMass.count
    let label = "isochrone logAge=\(logAgeYears) [M/H]=\(metallicity)"
    guard count >= 2 else { throw IsochroneSetError.tooFewRows(isochrone: label, rows: count) }
    let lengths: [(String, Int)] =
      [
        ("currentMass", currentMass.count), ("logLuminosity", logLuminosity.count), ("logTeff", logTeff.count),
        ("logGravity", logGravity.count), ("phase", phase.count),
      ] + magnitudes.enumerated().map { ("magnitudes[\($0.offset)]", $0.element.count) }
    for (name, length) in lengths where length != count {
      throw IsochroneSetError.lengthMismatch(isochrone: label, array: name, length: length, expected: count)
    }
    if let bad = initialMass.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
      throw IsochroneSetError.invalidInitialMass(isochrone: label, row: bad, value: initialMass[bad])
    }
    self.init(
      unchecked: logAgeYears, metallicity: metallicity, initialMass: initialMass, currentMass: currentMass,
      logLuminosity: logLuminosity, logTeff: logTeff, logGravity: logGravity, phase: phase, magnitudes: magnitudes)
  }

  init(
    unchecked logAgeYears: Double, metallicity: Double, initialMass: [Double], currentMass: [Float],
    logLuminosity: [Float], logTeff: [Float], logGravity: [Float], phase: [Int], magnitudes: [[Float]],
    canonicalPhases: [Int]? = nil
  ) {
    recordedCanonicalPhases = canonicalPhases
    self.logAgeYears = logAgeYears
    self.metallicity = metallicity
    self.initialMass = initialMass
    self.currentMass = currentMass
    self.logLuminosity = logLuminosity
    self.logTeff = logTeff
    self.logGravity = logGravity
    self.phase = phase
    self.magnitudes = magnitudes
    var keys = initialMass
    for index in keys.indices.dropFirst() { keys[index] = max(keys[index], keys[index - 1]) }
    massSearchKeys = keys
  }

  /// Number of rows.
  public var count: Int { initialMass.count }

  /// The largest initial mass still alive at this age (M☉); heavier stars are remnants.
  public var maximumLivingInitialMass: Double { massSearchKeys.last! }

  /// The smallest tabulated initial mass (M☉); lighter stars are alive but not luminous here.
  public var minimumTabulatedInitialMass: Double { massSearchKeys[0] }

  public static func == (lhs: Isochrone, rhs: Isochrone) -> Bool {
    lhs.logAgeYears == rhs.logAgeYears && lhs.metallicity == rhs.metallicity && lhs.initialMass == rhs.initialMass
      && lhs.currentMass == rhs.currentMass && lhs.logLuminosity == rhs.logLuminosity && lhs.logTeff == rhs.logTeff
      && lhs.logGravity == rhs.logGravity && lhs.phase == rhs.phase && lhs.magnitudes == rhs.magnitudes
  }
}
