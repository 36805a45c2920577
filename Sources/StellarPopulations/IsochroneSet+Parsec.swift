import Foundation

extension IsochroneSet {
  /// Builds a set from a parsed PARSEC CMD table, keeping the magnitude columns of `bands`
  /// (`nil`: every `<band>mag` column, `mbolmag` excluded).
  ///
  /// Rows whose `logL` is CMD's "no model" sentinel (−9.999, the single `label` 9 post-AGB row
  /// that ends each old isochrone) are dropped: they carry no physical luminosity, and stars of
  /// that mass are treated as dead remnants. `extinctionRatios` defaults to the CCM89 law at the
  /// band's effective wavelength for PARSEC's Johnson–Cousins–Bessell bands
  /// (`CardelliExtinctionLaw`); other bands must be given a ratio.
  public init(
    parsecTable table: ParsecTable, bands requestedBands: [String]? = nil, extinctionRatios: [String: Double]? = nil,
    provenance: String? = nil
  ) throws {
    let available = table.bandNames
    let bands = requestedBands ?? available
    var magnitudeColumns: [Int] = []
    for band in bands {
      guard let index = table.columnIndex(band + "mag"), available.contains(band) else {
        throw IsochroneSetError.unknownBand(band, available: available)
      }
      magnitudeColumns.append(index)
    }
    var ratios = extinctionRatios ?? [:]
    for band in bands where ratios[band] == nil {
      if let wavelength = CardelliExtinctionLaw.johnsonCousinsEffectiveWavelengthMicrons[band] {
        ratios[band] = CardelliExtinctionLaw.ratio(wavelengthMicrons: wavelength)
      }
    }
    let column = { (name: String) in table.columnIndex(name)! }
    let (mini, mass, logL, logTe, logg, label) = (
      column("Mini"), column("Mass"), column("logL"), column("logTe"), column("logg"), column("label")
    )
    var isochrones: [Isochrone] = []
    isochrones.reserveCapacity(table.blocks.count)
    for block in table.blocks {
      let keep = block.values[logL].indices.filter { block.values[logL][$0] > -9.9 }
      func floats(_ column: Int) -> [Float] { keep.map { Float(block.values[column][$0]) } }
      isochrones.append(
        try Isochrone(
          logAgeYears: block.logAgeYears, metallicity: block.metallicity,
          initialMass: keep.map { block.values[mini][$0] }, currentMass: floats(mass), logLuminosity: floats(logL),
          logTeff: floats(logTe), logGravity: floats(logg), phase: keep.map { Int(block.values[label][$0]) },
          magnitudes: magnitudeColumns.map { floats($0) }))
    }
    let text =
      provenance
      ?? "PARSEC CMD table \(table.source); bands \(bands.joined(separator: ","));\n"
      + table.preamble.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
    try self.init(bands: bands, isochrones: isochrones, extinctionRatios: ratios, provenance: text)
  }
}
