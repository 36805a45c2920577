import Foundation
import Photometry

/// The bands Starmill knows by name, where their curves live under the reference-data folder,
/// how they count, and which Vega convention their magnitudes follow.
///
/// - PHAT HST bands (WFC3/UVIS F275W, F336W; ACS/WFC F475W, F814W; WFC3/IR F110W, F160W):
///   photon-counting full-system throughputs; Vega = 0 (STScI VEGAMAG, as in PHAT catalogues).
/// - Johnson U, B, V and Cousins R, I (Bessell-type energy-response curves) and 2MASS J, H, Ks
///   (photon-counting; Cohen et al. 2003): Vega = 0.03, the PARSEC/YBC convention, so these
///   reproduce PARSEC's own `UBVRIJHK` columns (docs/photometry-accuracy.md).
public struct StandardBand: Sendable, Hashable {
  public let name: String
  /// Path relative to the reference-data folder (`…/shared/data`).
  public let relativePath: String
  public let counting: DetectorCounting
  public let vegaMagnitude: Double

  public static let phat: [StandardBand] = [
    StandardBand(name: "F275W", relativePath: "filters/hst/wfc3_uvis_f275w.par", counting: .photon, vegaMagnitude: 0),
    StandardBand(name: "F336W", relativePath: "filters/hst/wfc3_uvis_f336w.par", counting: .photon, vegaMagnitude: 0),
    StandardBand(name: "F475W", relativePath: "filters/hst/acs_wfc_f475w.par", counting: .photon, vegaMagnitude: 0),
    StandardBand(name: "F814W", relativePath: "filters/hst/acs_wfc_f814w.par", counting: .photon, vegaMagnitude: 0),
    StandardBand(name: "F110W", relativePath: "filters/hst/wfc3_ir_f110w.par", counting: .photon, vegaMagnitude: 0),
    StandardBand(name: "F160W", relativePath: "filters/hst/wfc3_ir_f160w.par", counting: .photon, vegaMagnitude: 0),
  ]

  public static let ground: [StandardBand] = {
    let parsec = VegaCalibratedBand.parsecVegaMagnitude
    return [
      StandardBand(
        name: "U", relativePath: "filters/ground/ground_johnson_u.dat", counting: .energy, vegaMagnitude: parsec),
      StandardBand(
        name: "B", relativePath: "filters/ground/ground_johnson_b.dat", counting: .energy, vegaMagnitude: parsec),
      StandardBand(
        name: "V", relativePath: "filters/ground/ground_johnson_v.dat", counting: .energy, vegaMagnitude: parsec),
      StandardBand(
        name: "R", relativePath: "filters/ground/ground_cousins_r.dat", counting: .energy, vegaMagnitude: parsec),
      StandardBand(
        name: "I", relativePath: "filters/ground/ground_cousins_i.dat", counting: .energy, vegaMagnitude: parsec),
      StandardBand(name: "J", relativePath: "filters/ground/2mass_j.dat", counting: .photon, vegaMagnitude: parsec),
      StandardBand(name: "H", relativePath: "filters/ground/2mass_h.dat", counting: .photon, vegaMagnitude: parsec),
      StandardBand(name: "K", relativePath: "filters/ground/2mass_ks.dat", counting: .photon, vegaMagnitude: parsec),
    ]
  }()

  public static let all: [StandardBand] = phat + ground

  /// The band called `name` (case-sensitive, e.g. `F475W`, `V`).
  public static func named(_ name: String) throws -> StandardBand {
    guard let band = all.first(where: { $0.name == name }) else {
      throw PhotometryDataError.unknownBand(name: name, known: all.map(\.name))
    }
    return band
  }

  /// Reads this band's curve from `dataFolder` (the folder holding `filters/`).
  public func filter(dataFolder: URL) throws -> FilterThroughput {
    try FilterCurveReader.read(
      file: dataFolder.appendingPathComponent(relativePath), name: name, counting: counting)
  }
}
