import Foundation
import Photometry
import StellarPopulations

/// Builds an isochrone set in any filter set: PARSEC's physical columns (log L, log T_eff,
/// log g, [M/H]) from a CMD table, and magnitudes from Starmill's own synthetic photometry
/// (Castelli–Kurucz 2004 bolometric corrections, photon-counting band integrals, CALSPEC Vega).
/// The extinction ratio A_band/A_V of each band is CCM89 + O'Donnell (1994) integrated over the
/// band for a 7,500 K CK04 spectrum (`PhotometricSystem`).
public enum IsochroneSetBuilder {
  public struct Inputs: Sendable {
    public var parsecTablePath: String
    public var dataFolder: String
    public var bands: [String]
    public init(parsecTablePath: String, dataFolder: String, bands: [String]) {
      self.parsecTablePath = parsecTablePath
      self.dataFolder = dataFolder
      self.bands = bands
    }
  }

  /// Builds the set. Deterministic: the same inputs give the same bytes.
  public static func build(_ inputs: Inputs) throws -> IsochroneSet {
    let parsec = try ParsecIsochroneFile.readSet(path: inputs.parsecTablePath)
    let system = try PhotometricSystem.load(
      dataFolder: URL(fileURLWithPath: inputs.dataFolder), bandNames: inputs.bands)
    var isochrones: [Isochrone] = []
    isochrones.reserveCapacity(parsec.isochrones.count)
    for source in parsec.isochrones {
      let stars = (0..<source.count).map { row in
        StellarParameters(
          logLuminositySolar: Double(source.logLuminosity[row]), logEffectiveTemperature: Double(source.logTeff[row]),
          logSurfaceGravity: Double(source.logGravity[row]), metallicity: source.metallicity)
      }
      let magnitudes = system.absoluteMagnitudes(of: stars).map { band in band.map { Float($0) } }
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
      A_band/A_V from CCM89+O'Donnell94 (R_V = 3.1) over a 7500 K CK04 spectrum; Starmill \(StarmillVersion.string)
      """
    return try IsochroneSet(
      bands: inputs.bands, isochrones: isochrones, extinctionRatios: ratios, provenance: provenance)
  }
}
