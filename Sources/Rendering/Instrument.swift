/// A survey's instrument description: its bands on one common image grid.
///
/// Invariants: at least one band, band names unique, every band on the same image-grid pixel
/// scale (Starmill renders all bands of an observation onto one grid).
public struct Instrument: Sendable, Equatable {
  public let name: String
  public let bands: [InstrumentBand]

  public init(name: String, bands: [InstrumentBand]) throws(InstrumentError) {
    guard let first = bands.first else {
      throw InstrumentError(band: "", field: "bands", value: "[]", rule: "an instrument needs at least one band")
    }
    var seen: Set<String> = []
    for band in bands {
      guard seen.insert(band.name).inserted else {
        throw InstrumentError(band: band.name, field: "name", value: band.name, rule: "band names must be unique")
      }
      guard band.pixelScaleArcsec == first.pixelScaleArcsec else {
        throw InstrumentError(
          band: band.name, field: "pixelScaleArcsec", value: "\(band.pixelScaleArcsec)",
          rule: "every band must use the image grid of band \(first.name) (\(first.pixelScaleArcsec)″)")
      }
    }
    self.name = name
    self.bands = bands
  }

  /// The common image-grid pixel scale (arcsec).
  public var pixelScaleArcsec: Double { bands[0].pixelScaleArcsec }

  public var bandNames: [String] { bands.map(\.name) }

  public func band(named name: String) -> InstrumentBand? { bands.first { $0.name == name } }
}
