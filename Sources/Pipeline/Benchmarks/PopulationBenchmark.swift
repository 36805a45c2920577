import Foundation
import Numerics
import StellarPopulations

/// `starmill bench population`: IMF sampling + isochrone lookup + magnitudes for clusters of
/// 10³, 10⁴, 10⁵ M☉ (Kroupa IMF, 8 PARSEC UBVRIJHK bands at log age 9, [M/H] = 0 when
/// ../shared is present, else a synthetic 6-band 400-row isochrone of the same shape).
/// Reference: ArtPop needed ~41 ms for a 5,000-star population (issue 3's figure, from an earlier
/// machine). Not re-measured here: ArtPop's populations need MIST isochrones, which it downloads
/// (its imager alone is timed by `scripts/bench-render-vs-artpop.sh`).
enum PopulationBenchmark {
  static let benchmark = Benchmark(
    name: "population", summary: "IMF sampling + isochrone interpolation + magnitudes, 1e3–1e5 Msun"
  ) { quick in
    let (isochrone, bands, ratios, source) = try loadIsochrone()
    let imf = try BrokenPowerLawIMF.kroupa2001()
    var table = BenchmarkTable(
      title: "population (\(source))",
      columns: ["mass (Msun)", "stars", "sample (ms)", "sample+magnitudes (ms)", "ns/star", "5000-star equiv. (ms)"])
    for mass in quick ? [1_000.0] : [1_000.0, 10_000.0, 100_000.0] {
      var stars = 0
      let repetitions = quick ? 1 : max(3, Int(300_000 / mass))
      let sampleOnly = Stopwatch.medianSeconds(repetitions: repetitions) {
        let generator = RandomGenerator(seed: 1)
        stars = imf.sampleMasses(totalMass: mass, using: generator).masses.count
      }
      let full = Stopwatch.medianSeconds(repetitions: repetitions) {
        let generator = RandomGenerator(seed: 1)
        let population = StellarPopulation(
          isochrone: isochrone, bands: bands, extinctionRatios: ratios,
          masses: imf.sampleMasses(totalMass: mass, using: generator), observing: ObservingConditions(),
          generator: generator)
        stars = population.drawnCount
      }
      table.rows.append([
        String(format: "%.0f", mass), "\(stars)", String(format: "%.2f", sampleOnly * 1e3),
        String(format: "%.2f", full * 1e3), String(format: "%.0f", full / Double(stars) * 1e9),
        String(format: "%.3f", full / Double(stars) * 5000 * 1e3),
      ])
    }
    table.notes.append(
      "ArtPop (Python, MIST isochrones): ~41 ms for 5,000 stars (issue 3's figure, from an earlier machine)."
    )
    return [table, try benchRecipeTable(quick: quick)]
  }

  static func loadIsochrone() throws -> (Isochrone, [String], [Double], String) {
    let shared = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("shared/data/parsec/parsec_v1.2S_cmd3.7_ubvrijhk.dat")
    let path = ProcessInfo.processInfo.environment["STARMILL_PARSEC"] ?? shared.path
    if FileManager.default.fileExists(atPath: path) {
      let set = try ParsecIsochroneFile.readSet(path: path)
      return (try set.isochrone(logAgeYears: 9, metallicity: 0), set.bands, set.extinctionRatiosInBandOrder, "PARSEC")
    }
    let rows = 400
    let masses = (0..<rows).map { 0.09 * pow(2.2 / 0.09, Double($0) / Double(rows - 1)) }
    let magnitudes = (0..<6).map { band in masses.map { Float(5 - 10 * log10($0) + 0.1 * Double(band)) } }
    let isochrone = try Isochrone(
      logAgeYears: 9, metallicity: 0, initialMass: masses, currentMass: masses.map { Float($0) },
      logLuminosity: masses.map { Float(4 * log10($0)) }, logTeff: masses.map { _ in 3.7 },
      logGravity: masses.map { _ in 4.4 }, phase: masses.map { _ in 1 }, magnitudes: magnitudes)
    return (isochrone, (0..<6).map { "B\($0)" }, [Double](repeating: 1, count: 6), "synthetic isochrone")
  }
}
