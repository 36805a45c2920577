import ArgumentParser
import Foundation
import Network
import Pipeline

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check shards with the bundled network: per-parameter bias, scatter and outliers; fails on a bad shard.",
    discussion: """
      Limits default to the model card's; override them per parameter with NAME=VALUE (e.g.
      --max-bias log_age=0.05) or for every parameter with a bare value. Exit status 1 when a
      shard fails its limits, 2 when a shard cannot be checked (e.g. its bands, image size or
      pixel scale differ from the model's).
      """)

  @Argument(help: "Shard files or folders of shards.")
  var shards: [String]

  @Option(help: "Model file (default: the bundled Models/phat-cnn/model.h5).")
  var model: String?

  @Flag(help: "Print one JSON report for all shards instead of tables.")
  var json = false

  @Option(help: "Write predicted-vs-true panels (all shards together) to this PNG file.")
  var plot: String?

  @Option(help: "Largest |median offset| allowed: NAME=VALUE or VALUE.")
  var maxBias: [String] = []

  @Option(help: "Largest scatter (NMAD) allowed: NAME=VALUE or VALUE.")
  var maxScatter: [String] = []

  @Option(help: "Largest outlier fraction allowed: NAME=VALUE or VALUE.")
  var maxOutlierFraction: [String] = []

  @Option(help: "|predicted − true| beyond which a sample is an outlier: NAME=VALUE or VALUE.")
  var outlierDelta: [String] = []

  @Flag(
    help: "Predict each image as the average over its 8 flips and quarter turns (8× the inference time).")
  var symmetrize = false

  @Option(
    help: ArgumentHelp(
      "Judge only samples whose true label lies in LO..HI (model label units, e.g. log_age=6.6..9.5); repeatable.",
      valueName: "name=lo..hi"))
  var range: [String] = []

  @Option(help: "Write every judged sample's true and predicted labels to this CSV file.")
  var predictions: String?

  @Option(help: "Inference threads, each on its share of a batch (default: all processors).")
  var threads: Int?

  func run() throws {
    if let threads, threads < 1 { throw ValidationError("--threads \(threads): must be ≥ 1") }
    let selection = try selection()
    let modelPath = try resolveModel()
    let loaded = try ModelStore.load(modelPath)
    let checker = try ShardChecker(
      model: loaded, overrides: try overrides(), symmetrized: symmetrize, selection: selection,
      threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    var reports: [ShardCheckReport] = []
    var csvRows: [String] = []
    var refused: [(String, String)] = []
    var panels = loaded.labels.map { PredictionPlot.Panel(title: $0.name, predicted: [], truth: [], caption: "") }
    for path in try ShardArguments.expand(shards) {
      do {
        let result = try checker.check(path)
        let (report, predicted, truth, selected) = (result.report, result.predicted, result.truth, result.selected)
        if selected.isEmpty {
          if !json { print("\(path): no samples inside --range; skipped") }
          continue
        }
        reports.append(report)
        for k in panels.indices {
          panels[k].predicted += selected.map { predicted[$0][k] }
          panels[k].truth += selected.map { truth[$0][k] }
        }
        for index in selected {
          csvRows.append(
            ([path, String(index)] + truth[index].map { String($0) } + predicted[index].map { String($0) })
              .joined(separator: ","))
        }
        if !json { print(Self.table(report)) }
      } catch let error as TrainingError {
        refused.append((path, error.description))
        FileHandle.standardError.write(Data("starmill check: refused \(error)\n".utf8))
      } catch let error as CustomStringConvertible & Error {
        refused.append((path, error.description))
        FileHandle.standardError.write(Data("starmill check: cannot check \(error)\n".utf8))
      }
    }
    if let predictions {
      let header =
        (["shard", "row"] + loaded.labels.map { "true_\($0.name)" } + loaded.labels.map { "predicted_\($0.name)" })
        .joined(separator: ",")
      try ([header] + csvRows).joined(separator: "\n").appending("\n").write(
        toFile: predictions, atomically: true, encoding: .utf8)
      if !json { print("wrote \(predictions) (\(csvRows.count) samples)") }
    }
    if reports.isEmpty && refused.isEmpty {
      throw ValidationError("no sample of the given shards lies inside --range")
    }
    if let plot {
      for k in panels.indices {
        let metrics = RegressionMetrics(predicted: panels[k].predicted, truth: panels[k].truth, outlierDelta: .infinity)
        panels[k].caption = String(format: "bias %+.3f  nmad %.3f  n=%d", metrics.bias, metrics.scatter, metrics.count)
      }
      try PredictionPlot.png(panels).write(to: URL(fileURLWithPath: plot))
      if !json { print("wrote \(plot)") }
    }
    if json {
      struct Output: Encodable {
        var model: String
        var passed: Bool
        var shards: [ShardCheckReport]
        var refused: [[String: String]]
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      let output = Output(
        model: modelPath, passed: refused.isEmpty && reports.allSatisfy(\.passed), shards: reports,
        refused: refused.map { ["shard": $0.0, "reason": $0.1] })
      print(String(decoding: try encoder.encode(output), as: UTF8.self))
    }
    if !refused.isEmpty { throw ExitCode(2) }
    if !reports.allSatisfy(\.passed) { throw ExitCode(1) }
  }

  func resolveModel() throws -> String {
    if let model { return model }
    let locator = ResourceLocator.standard(
      recipePath: nil, home: ProcessInfo.processInfo.environment["STARMILL_HOME"],
      currentDirectory: FileManager.default.currentDirectoryPath, executablePath: CommandLine.arguments[0])
    guard let folder = locator.resolve("phat-cnn", kind: .models),
      FileManager.default.fileExists(atPath: folder + "/model.h5")
    else {
      throw ValidationError(
        "no bundled model found (looked in \(locator.describeSearch("phat-cnn", kind: .models))); give --model "
          + "or train one with `starmill train` (see Models/README.md)")
    }
    return folder + "/model.h5"
  }

  /// `--range name=lo..hi` options as closed ranges.
  func selection() throws -> [String: ClosedRange<Double>] {
    var result: [String: ClosedRange<Double>] = [:]
    for text in range {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      let bounds = parts.count == 2 ? parts[1].components(separatedBy: "..") : []
      guard bounds.count == 2, let low = Double(bounds[0]), let high = Double(bounds[1]), low <= high else {
        throw ValidationError("--range \(text): expected NAME=LO..HI with numbers LO ≤ HI (e.g. log_age=6.6..9.5)")
      }
      result[parts[0]] = low...high
    }
    return result
  }

  func overrides() throws -> [String: ThresholdOverride] {
    var result: [String: ThresholdOverride] = [:]
    func parse(_ values: [String], option: String, _ set: (inout ThresholdOverride, Double) -> Void) throws {
      for text in values {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let (name, number) = parts.count == 2 ? (parts[0], parts[1]) : ("*", parts[0])
        guard let value = Double(number), value >= 0 else {
          throw ValidationError("--\(option) \(text): expected NAME=VALUE or VALUE with a non-negative number")
        }
        set(&result[name, default: ThresholdOverride()], value)
      }
    }
    try parse(maxBias, option: "max-bias") { $0.maximumAbsoluteBias = $1 }
    try parse(maxScatter, option: "max-scatter") { $0.maximumScatter = $1 }
    try parse(maxOutlierFraction, option: "max-outlier-fraction") { $0.maximumOutlierFraction = $1 }
    try parse(outlierDelta, option: "outlier-delta") { $0.outlierDelta = $1 }
    return result
  }

  static func table(_ report: ShardCheckReport) -> String {
    var lines = ["\(report.shard): \(report.samples) samples — \(report.passed ? "PASS" : "FAIL")"]
    lines.append("  parameter      bias     scatter  outliers   limits (|bias|, scatter, outliers>Δ)")
    for result in report.parameters {
      lines.append(
        String(
          format: "  %@ %+8.4f  %8.4f  %7.2f%%   %.4f, %.4f, %.1f%% > %.3f %@",
          result.name.padding(toLength: max(12, result.name.count), withPad: " ", startingAt: 0), result.metrics.bias,
          result.metrics.scatter, 100 * result.metrics.outlierFraction, result.thresholds.maximumAbsoluteBias,
          result.thresholds.maximumScatter, 100 * result.thresholds.maximumOutlierFraction,
          result.thresholds.outlierDelta, result.passed ? "ok" : "FAIL: " + result.violations.joined(separator: "; ")))
    }
    if !report.nodes.isEmpty {
      let names = report.parameters.map(\.name)
      lines.append("  grid nodes (bias / scatter per parameter):")
      lines.append("  node     n  " + names.map { $0.padding(toLength: 20, withPad: " ", startingAt: 0) }.joined())
      for node in report.nodes {
        let cells = node.parameters.map {
          String(format: "%+.3f / %.3f", $0.metrics.bias, $0.metrics.scatter).padding(
            toLength: 20, withPad: " ", startingAt: 0)
        }
        lines.append(String(format: "  %4d %5d  ", node.node, node.count) + cells.joined())
      }
    }
    return lines.joined(separator: "\n")
  }
}
