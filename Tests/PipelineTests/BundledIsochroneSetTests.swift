import Foundation
import Pipeline
import StarmillTestSupport
import StellarPopulations
import Testing

/// The committed `Isochrones/parsec-v1.2s-phat` is what `starmill isochrones build` computes
/// from ../shared/data (checked on the solar-metallicity slice to keep the suite fast; the
/// slice exercises every code path of the build).
@Suite struct BundledIsochroneSetTests {
  static let folder = SharedData.repositoryRoot.appendingPathComponent("Isochrones/parsec-v1.2s-phat").path

  @Test func bundledSetCoversThePHATBandsAndTheGrid() throws {
    let set = try IsochroneSetFolder.read(from: Self.folder)
    #expect(set.bands == ["F275W", "F336W", "F475W", "F814W", "F110W", "F160W"])
    #expect(set.metallicities == [-2.0, -1.5, -1.0, -0.5, 0.0])
    let ages = Set(set.isochrones.map { ($0.logAgeYears * 100).rounded() / 100 })
    #expect(ages.count == 71 && ages.min() == 6.6 && ages.max() == 10.1)
    // Extinction ratios match the data README's A_X/A_V table (Cardelli-type law) within 0.03.
    let readme: [String: Double] = [
      "F275W": 2.02, "F336W": 1.68, "F475W": 1.20, "F814W": 0.60, "F110W": 0.32, "F160W": 0.20,
    ]
    for (band, ratio) in readme { #expect(abs(set.extinctionRatios[band]! - ratio) < 0.03, "\(band)") }
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data to rebuild"))
  func rebuildingFromTheReferenceDataGivesTheCommittedSet() throws {
    let committed = try IsochroneSetFolder.read(from: Self.folder)
    let rebuilt = try IsochroneSetBuilder.build(
      .init(
        parsecTablePath: SharedData.data("parsec/parsec_v1.2S_cmd3.7_ubvrijhk.dat").path,
        dataFolder: SharedData.root!.appendingPathComponent("data").path, bands: committed.bands,
        metallicities: [0.0]))
    let slice = Array(committed.isochrones(atMetallicity: 0.0))
    #expect(rebuilt.isochrones.count == slice.count)
    for (a, b) in zip(rebuilt.isochrones, slice) { #expect(a == b, "log age \(a.logAgeYears)") }
    #expect(rebuilt.extinctionRatios == committed.extinctionRatios)
  }
}
