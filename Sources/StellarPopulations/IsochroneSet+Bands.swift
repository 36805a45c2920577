extension IsochroneSet {
  /// The same grid with only the magnitude columns of `names` (bands of this set, in the order
  /// wanted); every other array of every isochrone (and its recorded canonical phases) is shared,
  /// not copied (only the mass search keys are recomputed).
  ///
  /// Bands never mix in interpolation or population synthesis, so the result gives, band for
  /// band, exactly the numbers of the full set — for less work: a recipe observing three of the
  /// six PHAT bands interpolates half the magnitude columns per sample.
  ///
  /// - Throws: `IsochroneSetError.unknownBand` for a name the set lacks.
  public func restricted(toBands names: [String]) throws -> IsochroneSet {
    let columns = try names.map { name in
      guard let index = bands.firstIndex(of: name) else { throw IsochroneSetError.unknownBand(name, available: bands) }
      return index
    }
    let restricted = isochrones.map { isochrone in
      Isochrone(
        unchecked: isochrone.logAgeYears, metallicity: isochrone.metallicity, initialMass: isochrone.initialMass,
        currentMass: isochrone.currentMass, logLuminosity: isochrone.logLuminosity, logTeff: isochrone.logTeff,
        logGravity: isochrone.logGravity, phase: isochrone.phase, magnitudes: columns.map { isochrone.magnitudes[$0] },
        canonicalPhases: isochrone.recordedCanonicalPhases)
    }
    return try IsochroneSet(
      bands: names, isochrones: restricted, extinctionRatios: extinctionRatios, provenance: provenance)
  }
}
