import ArgumentParser
import Foundation
import Pipeline

struct IsochronesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "isochrones",
    abstract: "Build and inspect isochrone sets.",
    subcommands: [Build.self, Show.self])

  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compute an isochrone set in any bands from a PARSEC CMD table and Starmill's synthetic photometry.",
      discussion: """
        Rebuild the bundled set from the reference data:
          starmill isochrones build --parsec ../shared/data/parsec/parsec_v1.2S_cmd3.7_ubvrijhk.dat \\
            --data ../shared/data --bands F275W,F336W,F475W,F814W,F110W,F160W \\
            --out Isochrones/parsec-v1.2s-phat
        """)

    @Option(help: "PARSEC CMD 3.x table (physical columns logL, logTe, logg, label are used).")
    var parsec: String
    @Option(help: "Reference data folder with ck04models/ and filters/.")
    var data: String
    @Option(help: "Comma-separated bands (HST: F275W ... F160W; ground: U, B, V, R, I, J, H, K).")
    var bands: String = "F275W,F336W,F475W,F814W,F110W,F160W"
    @Option(help: "Output folder of the set.")
    var out: String

    func run() throws {
      let bandList = bands.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      let start = Date()
      let set = try IsochroneSetBuilder.build(
        .init(parsecTablePath: parsec, dataFolder: data, bands: bandList))
      try IsochroneSetFolder.write(set, to: out)
      let rows = set.isochrones.reduce(0) { $0 + $1.count }
      print(
        "wrote \(out): \(set.isochrones.count) isochrones, \(rows) rows, bands \(set.bands.joined(separator: ",")) "
          + String(format: "(%.1f s)", Date().timeIntervalSince(start)))
      for band in set.bands { print("  A_\(band)/A_V = \(String(format: "%.4f", set.extinctionRatios[band]!))") }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Summarise an isochrone set folder.")
    @Argument(help: "Set folder or PARSEC table.")
    var set: String

    func run() throws {
      let loaded = try IsochroneSetFolder.load(set)
      let ages = Set(loaded.isochrones.map(\.logAgeYears)).sorted()
      print("bands: \(loaded.bands.joined(separator: ", "))")
      print("isochrones: \(loaded.isochrones.count); log age \(ages.first!)–\(ages.last!) (\(ages.count) ages)")
      print("[M/H]: \(loaded.metallicities.map { String($0) }.joined(separator: ", "))")
      print("provenance: \(loaded.provenance)")
    }
  }
}
