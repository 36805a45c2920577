import Foundation
import Photometry

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
    let law = try CardelliExtinctionLaw(rV: 3.1, optical: .cardelli1989)
    for band in bands where ratios[band] == nil {
      if let wavelength = Self.johnsonCousinsEffectiveWavelengthMicrons[band] {
        ratios[band] = law.relativeExtinction(wavelengthAngstrom: wavelength * 1e4)
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

  /// Effective wavelengths (µm) of the Johnson–Cousins–Bessell bands PARSEC tabulates, where
  /// the CCM89 law is evaluated for tables without band-integrated ratios: UBVRI from Bessell
  /// (1990, PASP 102, 1181), JHK from Bessell & Brett (1988, PASP 100, 1134).
  public static let johnsonCousinsEffectiveWavelengthMicrons: [String: Double] = [
    "U": 0.366, "B": 0.438, "V": 0.545, "R": 0.641, "I": 0.798, "J": 1.22, "H": 1.63, "K": 2.19,
  ]
}
