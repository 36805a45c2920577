import Foundation
import Photometry

/// Synthetic photometry for a list of named bands, loaded from the reference-data folder:
/// filter curves, the CALSPEC Vega spectrum, and bolometric corrections precomputed on the
/// Castelli & Kurucz (2004) grid, plus each band's A_band/A_V.
///
/// Layout expected under `dataFolder` (the `shared/data` folder of the README):
/// `filters/hst/*.par`, `filters/ground/*.dat`, `filters/vega/alpha_lyr_stis_011.fits`,
/// `ck04models/ck*/ck*_*.fits`.
///
/// A_band/A_V is integrated over a mid-range stellar spectrum — the CK04 model with
/// T_eff = 7,500 K, log g = 4.0, [M/H] = 0 (an F0 V star, near the colour of a young-to-
/// intermediate-age cluster's integrated light) — with the CCM89 + O'Donnell (1994) law, R_V = 3.1,
/// in the A_V → 0 limit. Across 5,000–20,000 K spectra the ratios change by up to 0.15 in F275W
/// and ≤ 0.03 in the other PHAT bands (docs/photometry-accuracy.md).
public struct PhotometricSystem: Sendable {
  public let photometry: SyntheticPhotometry
  /// A_band / A_V per band, in band order.
  public let extinctionRatios: [Double]
  public let extinctionLaw: CardelliExtinctionLaw
  /// Name of the spectrum the extinction ratios were integrated over.
  public let extinctionSourceName: String

  public var bandNames: [String] { photometry.bandNames }

  /// The reference spectrum for extinction ratios: CK04 [M/H] = 0, T_eff = 7,500 K, log g = 4.0.
  public static let extinctionReference = (metallicity: 0.0, temperature: 7500.0, gravity: 4.0)

  public init(
    bands: [VegaCalibratedBand], grid: AtmosphereGrid, scale: BolometricScale = .parsec,
    law: CardelliExtinctionLaw
  ) throws {
    photometry = try SyntheticPhotometry(bands: bands, grid: grid, scale: scale)
    let reference = Self.extinctionReference
    guard let m = grid.metallicities.firstIndex(of: reference.metallicity),
      let t = grid.effectiveTemperatures.firstIndex(of: reference.temperature),
      let g = grid.surfaceGravities.firstIndex(of: reference.gravity),
      grid.modelExists[grid.modelIndex(metallicity: m, temperature: t, gravity: g)]
    else {
      throw PhotometryDataError.inconsistentGrid(
        file: grid.name, rule: "the grid has no model at [M/H] = 0, T_eff = 7500 K, log g = 4.0 for extinction ratios")
    }
    let source = try grid.spectrum(metallicity: m, temperature: t, gravity: g)
    extinctionRatios = try photometry.extinctionRatios(law: law, source: source)
    extinctionLaw = law
    extinctionSourceName = source.name
  }

  /// Loads `bandNames` (see ``StandardBand``) from `dataFolder`; `metallicities` restricts the
  /// CK04 folders read (see ``CastelliKuruczGridReader/read(folder:metallicities:)``).
  public static func load(
    dataFolder: URL, bandNames: [String], scale: BolometricScale = .parsec,
    law: CardelliExtinctionLaw? = nil, metallicities: ClosedRange<Double>? = nil
  ) throws -> PhotometricSystem {
    let vega = try CalspecSpectrumReader.read(file: dataFolder.appendingPathComponent(vegaPath))
    let bands = try bandNames.map { name in
      let standard = try StandardBand.named(name)
      return try VegaCalibratedBand(
        filter: try standard.filter(dataFolder: dataFolder), vega: vega, vegaMagnitude: standard.vegaMagnitude)
    }
    let grid = try CastelliKuruczGridReader.read(
      folder: dataFolder.appendingPathComponent("ck04models"), metallicities: metallicities)
    return try PhotometricSystem(bands: bands, grid: grid, scale: scale, law: law ?? CardelliExtinctionLaw())
  }

  /// The CALSPEC Vega spectrum under the data folder.
  public static let vegaPath = "filters/vega/alpha_lyr_stis_011.fits"

  /// Absolute magnitudes `[band][star]`, unreddened.
  public func absoluteMagnitudes(of stars: [StellarParameters]) -> [[Double]] {
    photometry.absoluteMagnitudes(of: stars)
  }
}
