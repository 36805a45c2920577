import ArgumentParser
import Foundation
import Pipeline

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Check shards: layout, label ranges and histograms, NaN/Inf, truth consistency; exit 1 if any is damaged."
  )

  @Argument(help: "Shard files (.h5).")
  var shards: [String]

  @Flag(help: "Print the reports as JSON.")
  var json = false

  func run() throws {
    let reports = shards.map { ShardInspection.inspect(path: $0) }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(reports), as: UTF8.self))
    } else {
      for report in reports { print(Self.describe(report)) }
      let damaged = reports.filter(\.isDamaged).count
      print("\(reports.count) shards, \(reports.reduce(0) { $0 + $1.samples }) samples, \(damaged) damaged")
    }
    if reports.contains(where: \.isDamaged) { throw ExitCode(1) }
  }

  static func describe(_ r: ShardReport) -> String {
    var lines = ["\(r.path): \(r.isDamaged ? "DAMAGED" : "ok")"]
    if let name = r.recipeName, let sha = r.recipeSHA256 {
      lines.append("  recipe \(name) (sha256 \(sha.prefix(12))…), format v\(r.formatVersion ?? 0)")
      lines.append(
        "  samples \(r.firstSample)..<\(r.firstSample + r.samples); \(r.bands.joined(separator: ",")); "
          + "\(r.imageHeight)×\(r.imageWidth) px at \(r.pixelScaleArcsec)″/px; \(r.units), "
          + String(format: "pixels in [%.4g, %.4g]", r.pixelMinimum, r.pixelMaximum))
    }
    let bars = Array(" ▁▂▃▄▅▆▇█")
    for label in r.labels {
      let peak = max(1, label.histogram.max() ?? 1)
      let sparkline = String(label.histogram.map { bars[Int((Double($0) / Double(peak) * 8).rounded())] })
      lines.append(
        String(format: "  %-12@ [%8.4g, %8.4g] mean %8.4g  ", label.name, label.minimum, label.maximum, label.mean)
          + "|\(sparkline)|")
    }
    for problem in r.problems { lines.append("  problem: \(problem)") }
    return lines.joined(separator: "\n")
  }
}
