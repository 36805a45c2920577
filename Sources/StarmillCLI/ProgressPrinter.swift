import Foundation
import Pipeline

/// Progress on stderr: a redrawn bar on a terminal, plain lines (at most one per 10 s) otherwise.
final class ProgressPrinter {
  private let label: String
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private var lastLine = Date.distantPast
  private var drewBar = false

  init(label: String) { self.label = label }

  func update(_ progress: GenerationProgress) {
    let fraction = progress.samplesTotal > 0 ? Double(progress.samplesDone) / Double(progress.samplesTotal) : 1
    let remaining = progress.samplesTotal - progress.samplesDone
    let eta = progress.samplesPerSecond > 0 ? Double(remaining) / progress.samplesPerSecond : 0
    let numbers = String(
      format: "%d/%d samples, %d/%d shards, %.1f samples/s, ETA %@", progress.samplesDone, progress.samplesTotal,
      progress.shardsDone, progress.shardsTotal, progress.samplesPerSecond, Self.duration(eta))
    if isTerminal {
      let width = 30
      let filled = Int((fraction * Double(width)).rounded(.down))
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      FileHandle.standardError.write(Data("\r\(label) \(bar) \(numbers)\u{1B}[K".utf8))
      drewBar = true
    } else if Date().timeIntervalSince(lastLine) >= 10 || progress.samplesDone == progress.samplesTotal {
      lastLine = Date()
      FileHandle.standardError.write(Data("\(label): \(numbers)\n".utf8))
    }
  }

  func finish() {
    if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
    drewBar = false
  }

  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
  }
}
