import ArgumentParser
import Foundation
import Pipeline

struct IsochronesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "isochrones",
    abstract: "Build and inspect isochrone sets.",
    subcommands: [Build.self, Show.self, Smoothness.self])

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

  struct Smoothness: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Measure how smoothly interpolated isochrones' integrated light varies with age and [M/H].",
      discussion: """
        Expected integrated magnitudes (Kroupa IMF, no sampling) every --step dex over the whole age
        range at each --metallicities value and over the whole [M/H] range at each --ages value;
        prints the largest neighbour jump per band and every jump above --threshold as Markdown.
        The numbers in Isochrones/parsec-v1.2s-phat/README.md come from:
          starmill isochrones smoothness Isochrones/parsec-v1.2s-phat
        """)

    @Argument(help: "Set folder or PARSEC table.")
    var set: String
    @Option(help: "Comma-separated [M/H] values for the age scans.")
    var metallicities: String = "0,-0.25,-0.5,-1,-1.25,-1.5,-2"
    @Option(help: "Comma-separated log ages for the [M/H] scans.")
    var ages: String = "7,7.5,8,8.5,9,9.2,9.5,10"
    @Option(help: "Step of the scans (dex).")
    var step: Double = 0.01
    @Option(help: "Jump threshold (mag).")
    var threshold: Double = 0.05

    func run() throws {
      func numbers(_ text: String) throws -> [Double] {
        try text.split(separator: ",").map {
          guard let value = Double($0.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("not a number: '\($0)'")
          }
          return value
        }
      }
      var command = "starmill isochrones smoothness \(set)"
      if metallicities != "0,-0.25,-0.5,-1,-1.25,-1.5,-2" { command += " --metallicities \(metallicities)" }
      if ages != "7,7.5,8,8.5,9,9.2,9.5,10" { command += " --ages \(ages)" }
      if step != 0.01 { command += " --step \(step)" }
      if threshold != 0.05 { command += " --threshold \(threshold)" }
      let report = try InterpolationSmoothnessReport.markdown(
        .init(
          setPath: set, metallicities: try numbers(metallicities), logAges: try numbers(ages), step: step,
          threshold: threshold), command: command)
      print(report, terminator: "")
    }
  }
}
