/// The columns of an isochrone being built row by row (interpolation, sub-phase row insertion):
/// one place that knows every per-row array an `Isochrone` holds, including the recorded
/// canonical phases.
struct IsochroneColumns {
  var initialMass: [Double] = []
  var currentMass: [Float] = []
  var logLuminosity: [Float] = []
  var logTeff: [Float] = []
  var logGravity: [Float] = []
  var labels: [Int] = []
  var canonicalPhases: [Int] = []
  var magnitudes: [[Float]]

  init(bandCount: Int, capacity: Int) {
    magnitudes = [[Float]](repeating: [], count: bandCount)
    initialMass.reserveCapacity(capacity)
    currentMass.reserveCapacity(capacity)
    logLuminosity.reserveCapacity(capacity)
    logTeff.reserveCapacity(capacity)
    logGravity.reserveCapacity(capacity)
    labels.reserveCapacity(capacity)
    canonicalPhases.reserveCapacity(capacity)
    for band in magnitudes.indices { magnitudes[band].reserveCapacity(capacity) }
  }

  var count: Int { initialMass.count }

  /// Appends one row; `magnitude(band)` gives its magnitude in each band.
  mutating func append(
    initialMass: Double, currentMass: Float, logLuminosity: Float, logTeff: Float, logGravity: Float, label: Int,
    canonicalPhase: Int, magnitude: (Int) -> Float
  ) {
    self.initialMass.append(initialMass)
    self.currentMass.append(currentMass)
    self.logLuminosity.append(logLuminosity)
    self.logTeff.append(logTeff)
    self.logGravity.append(logGravity)
    labels.append(label)
    canonicalPhases.append(canonicalPhase)
    for band in magnitudes.indices { magnitudes[band].append(magnitude(band)) }
  }

  func isochrone(logAgeYears: Double, metallicity: Double) -> Isochrone {
    Isochrone(
      unchecked: logAgeYears, metallicity: metallicity, initialMass: initialMass, currentMass: currentMass,
      logLuminosity: logLuminosity, logTeff: logTeff, logGravity: logGravity, phase: labels,
      magnitudes: magnitudes, canonicalPhases: canonicalPhases)
  }
}
