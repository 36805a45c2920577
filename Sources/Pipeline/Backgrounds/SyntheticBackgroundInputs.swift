import Foundation
import Numerics
import Optics
import Rendering
import StellarPopulations

/// Loads what `backgrounds synth` and `backgrounds calibrate` need: an isochrone set, the
/// instrument's bands and their ePSFs, found by name through a `ResourceLocator`.
public struct SyntheticBackgroundInputs: Sendable {
  public let isochrones: IsochroneSet
  public let bands: [InstrumentBand]
  public let psfs: [any PointSpreadFunction]

  public static func load(isochrones: String, instrument: String, bands wanted: [String]?, resources: ResourceLocator)
    throws -> SyntheticBackgroundInputs
  {
    guard let setPath = resources.resolve(isochrones, kind: .isochrones) else {
      throw FieldError(
        file: isochrones, field: "isochrones", value: isochrones,
        rule: "no such isochrone set (looked in \(resources.describeSearch(isochrones, kind: .isochrones)))")
    }
    guard let instrumentPath = resources.resolve(instrument, kind: .instruments, fileExtension: "yaml") else {
      throw FieldError(
        file: instrument, field: "instrument", value: instrument,
        rule: "no such instrument (looked in \(resources.describeSearch(instrument + ".yaml", kind: .instruments)))")
    }
    let set = try IsochroneSetFolder.load(setPath)
    let loaded = try InstrumentFileLoader.load(from: URL(fileURLWithPath: instrumentPath))
    var bands: [InstrumentBand] = []
    var psfs: [any PointSpreadFunction] = []
    for name in wanted ?? loaded.instrument.bandNames {
      guard let band = loaded.instrument.band(named: name), let psf = loaded.psfFiles[name] else {
        throw FieldError(
          file: instrumentPath, field: "bands", value: name, rule: "the instrument has no such band with a psf_file")
      }
      guard set.bands.contains(name) else {
        throw FieldError(
          file: setPath, field: "bands", value: name, rule: "the isochrone set has no such band")
      }
      bands.append(band)
      psfs.append(try PSFFileReader.renderingPSF(atPath: psf.path))
    }
    return SyntheticBackgroundInputs(isochrones: set, bands: bands, psfs: psfs)
  }
}
