import Foundation
import Photometry
import Pipeline
import StarmillTestSupport
import StellarPopulations
import Testing

/// The isochrone build's cool-star rule end to end (`IsochroneSetBuilder`, solar slice of the
/// shared PARSEC table): anchored rows reproduce YBC in YBC's own bands, warm rows keep the
/// synthetic magnitudes exactly, the ramp lies between.
@Suite(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
struct CoolStarAnchoringTests {
  @Test func coolAndTPAGBStarsTakeYBCsMagnitudesAndWarmStarsKeepTheirOwn() throws {
    let tablePath = SharedData.data("parsec/parsec_v1.2S_cmd3.7_ubvrijhk.dat").path
    let dataFolder = SharedData.root!.appendingPathComponent("data")
    let bands = ["V", "I"]
    let built = try IsochroneSetBuilder.build(
      .init(parsecTablePath: tablePath, dataFolder: dataFolder.path, bands: bands, metallicities: [0.0]))
    let parsec = try ParsecIsochroneFile.readSet(path: tablePath)
    let sources = Array(parsec.isochrones(atMetallicity: 0.0))
    let system = try PhotometricSystem.load(dataFolder: dataFolder, bandNames: bands, metallicities: -0.5...0.5)
    #expect(built.isochrones.count == sources.count)
    var counts = (anchored: 0, ramp: 0, synthetic: 0)
    for (isochrone, source) in zip(built.isochrones, sources) {
      #expect(isochrone.count == source.count)
      let stars = (0..<source.count).map { row in
        StellarParameters(
          logLuminositySolar: Double(source.logLuminosity[row]), logEffectiveTemperature: Double(source.logTeff[row]),
          logSurfaceGravity: Double(source.logGravity[row]), metallicity: source.metallicity)
      }
      let synthetic = system.absoluteMagnitudes(of: stars)
      for row in 0..<source.count {
        let temperature = pow(10, Double(source.logTeff[row]))
        let isTPAGB = source.phase[row] == IsochroneSetBuilder.thermallyPulsingAGBLabel
        for (k, band) in bands.enumerated() {
          let ours = isochrone.magnitudes[k][row]
          let ybc = source.magnitudes[parsec.bands.firstIndex(of: band)!][row]
          let own = Float(synthetic[k][row])
          if isTPAGB || temperature <= IsochroneSetBuilder.coolStarFullWeightTemperatureKelvin {
            // In an anchor band the rule returns the anchor: YBC, to the Float's rounding.
            #expect(abs(ours - ybc) <= 2e-6 * max(1, abs(ybc)), "row \(row) \(band): \(ours) vs YBC \(ybc)")
            counts.anchored += 1
          } else if temperature >= IsochroneSetBuilder.coolStarZeroWeightTemperatureKelvin {
            #expect(ours == own, "row \(row) \(band): \(ours) vs synthetic \(own)")
            counts.synthetic += 1
          } else {
            #expect(ours >= min(own, ybc) - 1e-5 && ours <= max(own, ybc) + 1e-5, "row \(row) \(band) in the ramp")
            counts.ramp += 1
          }
        }
      }
    }
    // Every regime is exercised (solar slice: thousands of M dwarfs and TP-AGB rows).
    #expect(counts.anchored > 1000 && counts.ramp > 100 && counts.synthetic > 10000, "\(counts)")
  }
}
