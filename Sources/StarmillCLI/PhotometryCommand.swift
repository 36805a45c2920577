import ArgumentParser
import Foundation
import Pipeline

/// `starmill photometry …`: synthetic-photometry tools.
struct PhotometryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "photometry",
    abstract: "Synthetic photometry: accuracy against PARSEC.",
    subcommands: [Accuracy.self]
  )

  struct Accuracy: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare synthetic UBVRIJHK magnitudes with PARSEC's own and print a Markdown report.")

    @Option(help: "The reference-data folder (holding filters/, ck04models/, parsec/).")
    var data: String = "../shared/data"

    @Option(help: "Use every N-th PARSEC row.")
    var every: Int = 1

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
      let folder = URL(fileURLWithPath: data)
      var command = "starmill photometry accuracy --data \(data)"
      if every != 1 { command += " --every \(every)" }
      if let output { command += " --output \(output)" }
      let report = try PhotometryAccuracyReport.markdown(
        dataFolder: folder, parsecPath: folder.appendingPathComponent("parsec/parsec_v1.2S_cmd3.7_ubvrijhk.dat").path,
        every: every, command: command)
      if let output {
        try report.write(toFile: output, atomically: true, encoding: .utf8)
      } else {
        print(report, terminator: "")
      }
    }
  }
}
