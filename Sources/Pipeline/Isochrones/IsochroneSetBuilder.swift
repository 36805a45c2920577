import Foundation
import Photometry
import StellarPopulations

/// Builds an isochrone set in any filter set: PARSEC's physical columns (log L, log T_eff,
/// log g, [M/H]) from a CMD table, and magnitudes from Starmill's own synthetic photometry
/// (Castelli–Kurucz 2004 bolometric corrections, photon-counting band integrals, CALSPEC Vega).
/// The extinction ratio A_band/A_V of each band is CCM89 + O'Donnell (1994) integrated over the
/// band for a 7,500 K CK04 spectrum (`PhotometricSystem`).
///
/// Stars the CK04 grid cannot describe — cooler than its 3,500 K edge (ramped in from 3,750 K)
/// and TP-AGB stars (PARSEC label 8) — are anchored on the table's own YBC magnitudes when the
/// table has all of `UBVRIJHK` (`ReferencePhotometryAnchor`, `coolStarAnchor`): each band gets
/// the YBC − synthetic offset of the anchors interpolated to its pivot wavelength.
public enum IsochroneSetBuilder {
  /// The cool-star rule of the bundled sets: anchors U B V R I J H K (PARSEC/YBC columns), full
  /// weight at or below CK04's coolest model (3,500 K), none from 3,750 K up, TP-AGB always.
  public static let coolStarAnchorBands = StandardBand.ground.map(\.name)
  public static let coolStarFullWeightTemperatureKelvin = 3500.0
  public static let coolStarZeroWeightTemperatureKelvin = 3750.0
  /// PARSEC's `label` of the thermally pulsing AGB.
  public static let thermallyPulsingAGBLabel = 8

  public struct Inputs: Sendable {
    public var parsecTablePath: String
    public var dataFolder: String
    public var bands: [String]
    /// Only the isochrones with these [M/H] (nil: all). Used by the rebuild test to check a
    /// slice of the bundled set quickly; the bundled set is built with all.
    public var metallicities: [Double]?
    public init(parsecTablePath: String, dataFolder: String, bands: [String], metallicities: [Double]? = nil) {
      self.parsecTablePath = parsecTablePath
      self.dataFolder = dataFolder
      self.bands = bands
      self.metallicities = metallicities
    }
  }

  /// Builds the set. Deterministic: the same inputs give the same bytes.
  public static func build(_ inputs: Inputs) throws -> IsochroneSet {
    let parsec = try ParsecIsochroneFile.readSet(path: inputs.parsecTablePath)
    let anchorBands = coolStarAnchorBands.allSatisfy(parsec.bands.contains) ? coolStarAnchorBands : []
    let extraBands = anchorBands.filter { !inputs.bands.contains($0) }
    let system = try PhotometricSystem.load(
      dataFolder: URL(fileURLWithPath: inputs.dataFolder), bandNames: inputs.bands + extraBands)
    let anchor = try anchorBands.isEmpty ? nil : coolStarAnchor(system: system)
    var isochrones: [Isochrone] = []
    isochrones.reserveCapacity(parsec.isochrones.count)
    for source in parsec.isochrones where inputs.metallicities?.contains(source.metallicity) ?? true {
      let stars = (0..<source.count).map { row in
        StellarParameters(
          logLuminositySolar: Double(source.logLuminosity[row]), logEffectiveTemperature: Double(source.logTeff[row]),
          logSurfaceGravity: Double(source.logGravity[row]), metallicity: source.metallicity)
      }
      var synthetic = system.absoluteMagnitudes(of: stars)
      if let anchor {
        synthetic = anchored(synthetic, system: system, anchor: anchor, source: source, reference: parsec)
      }
      let magnitudes = synthetic.prefix(inputs.bands.count).map { band in band.map { Float($0) } }
      isochrones.append(
        try Isochrone(
          logAgeYears: source.logAgeYears, metallicity: source.metallicity, initialMass: source.initialMass,
          currentMass: source.currentMass, logLuminosity: source.logLuminosity, logTeff: source.logTeff,
          logGravity: source.logGravity, phase: source.phase, magnitudes: magnitudes))
    }
    let ratios = Dictionary(uniqueKeysWithValues: zip(inputs.bands, system.extinctionRatios))
    let provenance = """
      PARSEC v1.2S isochrones (CMD 3.7 table \((inputs.parsecTablePath as NSString).lastPathComponent)); \
      magnitudes by Starmill synthetic photometry: Castelli & Kurucz 2004 atmospheres, photon-counting \
      full-system throughputs, CALSPEC alpha_lyr_stis_011 Vega = 0 mag, M_bol,sun = 4.77; \
      A_band/A_V from CCM89+O'Donnell94 (R_V = 3.1) over a 7500 K CK04 spectrum; \
      \(anchor == nil ? "below 3500 K blackbody-scaled BCs (table lacks UBVRIJHK)" : "stars below 3750 K (full below 3500 K) and TP-AGB anchored on the table's YBC UBVRIJHK, offsets interpolated in log pivot wavelength"); \
      Starmill \(StarmillVersion.string)
      """
    return try IsochroneSet(
      bands: inputs.bands, isochrones: isochrones, extinctionRatios: ratios, provenance: provenance)
  }

  /// The cool-star anchor for `system`'s ground bands (their pivot wavelengths).
  public static func coolStarAnchor(system: PhotometricSystem) throws -> ReferencePhotometryAnchor {
    let anchors = try coolStarAnchorBands.map { name in
      guard let index = system.bandNames.firstIndex(of: name) else {
        throw PhotometryDataError.unknownBand(name: name, known: system.bandNames)
      }
      return (name: name, pivotWavelengthAngstrom: system.photometry.bands[index].filter.pivotWavelengthAngstrom)
    }
    return try ReferencePhotometryAnchor(
      anchors: anchors, fullWeightTemperatureKelvin: coolStarFullWeightTemperatureKelvin,
      zeroWeightTemperatureKelvin: coolStarZeroWeightTemperatureKelvin)
  }

  /// `synthetic` (`[band][row]` in `system`'s band order) with the anchor's rule applied to the
  /// rows of `source`, whose reference magnitudes are `reference`'s columns of the anchor bands.
  /// `leaving` removes one anchor (by name) from the offsets: the leave-one-out check of
  /// `PhotometryAccuracyReport`.
  static func anchored(
    _ synthetic: [[Double]], system: PhotometricSystem, anchor: ReferencePhotometryAnchor, source: Isochrone,
    reference: IsochroneSet, leaving: String? = nil
  ) -> [[Double]] {
    let referenceColumns = anchor.anchorNames.map { reference.bands.firstIndex(of: $0)! }
    let syntheticColumns = anchor.anchorNames.map { system.bandNames.firstIndex(of: $0)! }
    let pivots = system.photometry.bands.map(\.filter.pivotWavelengthAngstrom)
    var result = synthetic
    for row in 0..<source.count {
      let temperature = pow(10, Double(source.logTeff[row]))
      let weight = anchor.weight(
        temperatureKelvin: temperature, isThermallyPulsingAGB: source.phase[row] == thermallyPulsingAGBLabel)
      guard weight > 0 else { continue }
      let offsets = anchor.anchorNames.indices.map { k in
        anchor.anchorNames[k] == leaving
          ? .nan : Double(source.magnitudes[referenceColumns[k]][row]) - synthetic[syntheticColumns[k]][row]
      }
      for band in result.indices {
        result[band][row] += weight * anchor.offset(atPivotWavelengthAngstrom: pivots[band], anchorOffsets: offsets)
      }
    }
    return result
  }
}
