import Foundation

/// A passband's total system throughput read from a two-column text file (wavelength in Å,
/// dimensionless throughput; `#` starts a comment), the format of the PHAT `.par` curves
/// (astro-sedpy's copies of the STScI curves).
public struct ThroughputCurve: Sendable, Equatable {
  public let wavelengthsAngstrom: [Double]
  public let throughput: [Double]

  public init(wavelengthsAngstrom: [Double], throughput: [Double]) {
    self.wavelengthsAngstrom = wavelengthsAngstrom
    self.throughput = throughput
  }

  public var wavelengthsNanometres: [Double] { wavelengthsAngstrom.map { $0 / 10 } }

  /// Reads and validates a curve: at least two rows, wavelengths strictly ascending and positive,
  /// throughputs finite and non-negative, some throughput positive.
  public static func read(from url: URL) throws(ThroughputCurveError) -> ThroughputCurve {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw .unreadable(path: url.path, reason: error.localizedDescription)
    }
    var wavelengths: [Double] = []
    var values: [Double] = []
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "," })
      if fields.isEmpty { continue }
      let lineNumber = offset + 1
      guard fields.count >= 2, let wavelength = Double(fields[0]), let value = Double(fields[1]) else {
        throw .malformedLine(
          path: url.path, line: lineNumber, text: String(rawLine), rule: "two numbers: Å, throughput")
      }
      guard wavelength.isFinite, wavelength > 0 else {
        throw .malformedLine(path: url.path, line: lineNumber, text: String(rawLine), rule: "wavelength must be > 0")
      }
      guard value.isFinite, value >= 0 else {
        throw .malformedLine(path: url.path, line: lineNumber, text: String(rawLine), rule: "throughput must be ≥ 0")
      }
      if let previous = wavelengths.last, wavelength <= previous {
        throw .malformedLine(
          path: url.path, line: lineNumber, text: String(rawLine), rule: "wavelengths must ascend strictly")
      }
      wavelengths.append(wavelength)
      values.append(value)
    }
    guard wavelengths.count >= 2 else { throw .tooFewRows(path: url.path, rows: wavelengths.count) }
    guard values.contains(where: { $0 > 0 }) else { throw .zeroThroughput(path: url.path) }
    return ThroughputCurve(wavelengthsAngstrom: wavelengths, throughput: values)
  }
}

/// Why a throughput curve could not be read.
public enum ThroughputCurveError: Error, Equatable, CustomStringConvertible {
  case unreadable(path: String, reason: String)
  case malformedLine(path: String, line: Int, text: String, rule: String)
  case tooFewRows(path: String, rows: Int)
  case zeroThroughput(path: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): cannot read throughput curve (\(reason))"
    case .malformedLine(let path, let line, let text, let rule):
      return "\(path):\(line): '\(text)' — \(rule)"
    case .tooFewRows(let path, let rows): return "\(path): \(rows) data rows; a throughput curve needs at least 2"
    case .zeroThroughput(let path): return "\(path): throughput is zero at every wavelength"
    }
  }
}
