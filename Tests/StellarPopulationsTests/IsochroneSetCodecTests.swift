import Foundation
import Pipeline
import StarmillTestSupport
import StellarPopulations
import Testing

@Suite struct IsochroneSetCodecTests {
  static func smallSet(magnitude: Float = 4.125) throws -> IsochroneSet {
    let a = try Isochrone(
      logAgeYears: 7, metallicity: 0, initialMass: [0.1, 1.0000001, 2.5], currentMass: [0.1, 1, 2.4],
      logLuminosity: [-2, 0, 1.5], logTeff: [3.5, 3.76, 3.9], logGravity: [5, 4.4, 4.0], phase: [0, 1, 3],
      magnitudes: [[12.5, 4.8, magnitude], [-1e-3, 0.333, .infinity]])
    let b = try Isochrone(
      logAgeYears: 6.6, metallicity: -1, initialMass: [0.2, 3], currentMass: [0.2, 2.9], logLuminosity: [-1.5, 2],
      logTeff: [3.6, 4.1], logGravity: [4.9, 4.2], phase: [1, 8], magnitudes: [[10, -1.5], [9.5, -2]])
    return try IsochroneSet(
      bands: ["F475W", "F814W"], isochrones: [a, b], extinctionRatios: ["F475W": 1.2, "F814W": 0.6],
      provenance: "test — ünïcode")
  }

  @Test func roundTripsExactly() throws {
    for magnitude: Float in [4.125, 1 / 3, .pi] {  // decimal, then raw columns
      let set = try Self.smallSet(magnitude: magnitude)
      let decoded = try IsochroneSetCodec.decode(IsochroneSetCodec.encode(set), source: "memory")
      #expect(decoded == set)
      #expect(decoded.isochrones.map(\.metallicity) == [-1, 0])
    }
  }

  @Test func rejectsDamagedBytes() throws {
    let bytes = IsochroneSetCodec.encode(try Self.smallSet())
    var badMagic = bytes
    badMagic[0] = 0
    var badVersion = bytes
    badVersion[8] = 9
    for damaged in [badMagic, badVersion, Array(bytes.prefix(bytes.count - 3)), Array(bytes.prefix(40)), []] {
      #expect(throws: IsochroneSetCodec.FormatError.self) { try IsochroneSetCodec.decode(damaged, source: "x") }
    }
  }

  @Test func folderAdapterWritesAndReads() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let folder = directory.path("Isochrones/test")
    let set = try Self.smallSet()
    try IsochroneSetFolder.write(set, to: folder)
    try IsochroneSetFolder.write(set, to: folder)  // overwrite in place
    #expect(try IsochroneSetFolder.read(from: folder) == set)
    #expect(try IsochroneSetFolder.load(folder) == set)
    #expect(throws: IsochroneFileError.self) { try IsochroneSetFolder.load(directory.path("missing")) }
  }

  /// The full PARSEC grid (355 isochrones × 8 bands) round-trips bit for bit and stays compact:
  /// under 3 MB for 8 bands, i.e. ~2.5 MB for a 6-band set of the same grid.
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func referenceGridIsCompactAndLossless() throws {
    let set = ParsecFixture.set
    let bytes = IsochroneSetCodec.encode(set)
    #expect(bytes.count < 3_000_000, "\(bytes.count) bytes")
    #expect(try IsochroneSetCodec.decode(bytes, source: "memory") == set)
  }
}
