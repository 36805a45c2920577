/// A grid of isochrones in a common set of photometric bands, with the extinction ratio of each
/// band and a provenance text (what the set was built from, and what to cite).
public struct IsochroneSet: Sendable, Equatable {
  /// Band names; `Isochrone.magnitudes[i]` is band `bands[i]`.
  public let bands: [String]
  /// Sorted by [M/H], then by log age.
  public let isochrones: [Isochrone]
  /// A_band / A_V for every band.
  public let extinctionRatios: [String: Double]
  /// Free text: inputs, citations, how the set was made.
  public let provenance: String
  /// The distinct metallicities of the grid, ascending (derived from `isochrones` once: every
  /// sample's isochrone look-up brackets in it).
  public let metallicities: [Double]
  /// A_band / A_V in band order (derived from `extinctionRatios` once).
  public let extinctionRatiosInBandOrder: [Double]

  /// Checks that every isochrone has one magnitude array per band, that every band has an
  /// extinction ratio and that no (log age, [M/H]) repeats; sorts the isochrones.
  public init(bands: [String], isochrones: [Isochrone], extinctionRatios: [String: Double], provenance: String) throws {
    guard !isochrones.isEmpty else { throw IsochroneSetError.empty }
    for isochrone in isochrones where isochrone.magnitudes.count != bands.count {
      throw IsochroneSetError.bandCountMismatch(
        isochrone: "isochrone logAge=\(isochrone.logAgeYears) [M/H]=\(isochrone.metallicity)",
        magnitudeArrays: isochrone.magnitudes.count, bands: bands.count)
    }
    for band in bands where extinctionRatios[band] == nil {
      throw IsochroneSetError.missingExtinctionRatio(band: band)
    }
    let sorted = isochrones.sorted {
      ($0.metallicity, $0.logAgeYears) < ($1.metallicity, $1.logAgeYears)
    }
    for (first, second) in zip(sorted, sorted.dropFirst())
    where first.metallicity == second.metallicity && first.logAgeYears == second.logAgeYears {
      throw IsochroneSetError.duplicateIsochrone(logAge: first.logAgeYears, metallicity: first.metallicity)
    }
    self.bands = bands
    self.isochrones = sorted
    self.extinctionRatios = extinctionRatios.filter { bands.contains($0.key) }
    self.provenance = provenance
    var metallicities: [Double] = []
    for isochrone in sorted where metallicities.last != isochrone.metallicity {
      metallicities.append(isochrone.metallicity)
    }
    self.metallicities = metallicities
    extinctionRatiosInBandOrder = bands.map { extinctionRatios[$0]! }
  }

  /// The grid isochrones of one metallicity, ascending in age.
  public func isochrones(atMetallicity metallicity: Double) -> ArraySlice<Isochrone> {
    guard let start = isochrones.firstIndex(where: { $0.metallicity == metallicity }) else { return [] }
    var end = start
    while end < isochrones.count && isochrones[end].metallicity == metallicity { end += 1 }
    return isochrones[start..<end]
  }
}
